// Private: a file read in order, in pieces of one size, by a second thread ahead of the consumer.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "wa/crypto/bytes.h"
#include "wa/crypto/media.h"
#include "wa/support/read_buffer.h"

namespace wa::crypto::detail {

/// Reads [0, file_size) with `read_at` in pieces of `piece_size` bytes (the last one shorter), up
/// to `depth` pieces ahead of the consumer, and hands each piece to `prepare` as soon as it is read,
/// so that reading (a copy out of the page cache) and per-piece work overlap the consumer's work.
/// `read_at` and `prepare` run on a second thread, one call at a time, in piece order; when the
/// file is a single piece, or no thread can be started, they run on the caller's thread inside
/// next(). Either way everything they did is visible to the caller once next() returned the piece,
/// and the thread is gone once the reader is destroyed. Memory: depth x piece_size. Not
/// thread-safe (one consumer); not movable.
class PieceReader {
 public:
  /// Work on one piece (its index from 0, its bytes); a failure stops the reading.
  using Prepare = std::function<Expected<void>(std::size_t index, ByteView piece)>;

  PieceReader(ReadAt read_at, std::uint64_t file_size, std::size_t piece_size, Prepare prepare, std::size_t depth = 3);
  /// Stops the thread after the read in progress.
  ~PieceReader();
  PieceReader(const PieceReader&) = delete;
  PieceReader& operator=(const PieceReader&) = delete;

  /// The next piece, valid until the next call; an empty view after the last one; or, in its turn,
  /// the error of the first failed read or prepare (and the same error on every later call).
  Expected<ByteView> next();

 private:
  // The buffer of piece `index`, at its size.
  MutableByteView piece(std::size_t index) noexcept;
  // Reads and prepares piece `index` into its buffer; the error, if any.
  std::optional<Error> produce(std::size_t index);
  void run();

  ReadAt read_at_;
  Prepare prepare_;
  std::uint64_t file_size_;
  std::size_t piece_size_;
  std::size_t pieces_;
  std::vector<support::ReadBuffer> buffers_;  // piece i lives in buffers_[i % depth]

  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t produced_ = 0;    // pieces read and prepared
  std::size_t consumed_ = 0;    // pieces handed out by next(); the last one is still in use
  std::optional<Error> error_;  // the failure of piece `produced_`
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wa::crypto::detail
