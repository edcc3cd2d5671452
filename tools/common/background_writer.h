// Writes an output's buffers on a second thread, so that making the next buffer (decrypting) and
// the write system call of the last one overlap.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "common/atomic_output.h"

namespace wa::tools {

/// Owns `depth` buffers of `buffer_size` bytes (memory: their product) and one writer thread. The
/// caller fills a buffer from acquire(), hands it over with submit(), and ends with finish(); in
/// between it must not touch `out`, which must outlive this object. Buffers are wiped once written
/// (they hold plaintext). Writes keep their order. After a failed write nothing more is written
/// and acquire()/finish() return that error. Not thread-safe: one producer.
class BackgroundWriter {
 public:
  BackgroundWriter(AtomicOutput& out, std::size_t buffer_size, std::size_t depth = 3);
  /// Finishes (waits for queued writes); an error then is dropped: call finish() to see it.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  /// A free buffer of buffer_size bytes, once the writer has one; the error of a failed write.
  tl::expected<std::span<std::uint8_t>, std::string> acquire();
  /// Queues the first `used` bytes of the buffer acquire() returned last (0: gives it back).
  void submit(std::size_t used);
  /// Waits until everything queued is written and stops the thread; the first write error.
  /// Idempotent.
  tl::expected<void, std::string> finish();

 private:
  struct Piece {
    std::size_t buffer;
    std::size_t used;
  };
  void run();

  AtomicOutput& out_;
  std::vector<std::vector<std::uint8_t>> buffers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::size_t> free_;  // buffers the producer may take
  std::deque<Piece> queued_;       // buffers waiting for the writer, in order
  std::size_t held_ = SIZE_MAX;    // the buffer the producer holds
  bool stopping_ = false;
  std::string error_;
  std::thread thread_;
};

}  // namespace wa::tools
