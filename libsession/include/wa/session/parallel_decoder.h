// The message pipeline on several threads: workers take turns reading a batch of the capture in
// order (reassembly, the keys a Conn secret gives) and verify, decrypt, decode and render the batch
// each read, and the caller takes the rendered batches back in capture order. What `wadecode -j N` and the Python module run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/capture_reader.h"
#include "wa/codec/node/decoder.h"
#include "wa/session/capture_keys.h"
#include "wa/session/record.h"

namespace wa::session {

/// What the caller learns of one record besides the bytes rendered for it.
struct RecordNote {
  std::size_t index = 0;           ///< the record's number in capture order
  std::uint64_t source_offset = 0;  ///< of the message in the capture (for progress)
  bool kept = true;                ///< false when the handler dropped it (a filter): nothing was rendered
  std::optional<Error> error;      ///< a kept record's failure
  std::size_t output_end = 0;      ///< end of this record's bytes in DecodedBatch::output
};

/// A warning of the reader (a Conn secret that does not fit the private key), with the place in
/// the batch where it belongs: before the record `before`.
struct BatchWarning {
  std::size_t before = 0;
  std::string text;
};

/// Consecutive records, rendered. Reused from batch to batch (next() swaps buffers).
struct DecodedBatch {
  std::string output;
  std::vector<RecordNote> notes;
  std::vector<BatchWarning> warnings;
};

/// Runs on a worker thread for each record of a batch, in capture order within the batch: appends
/// the record's output to `out` and may set note.kept = false (then appends nothing). One handler
/// per worker (made by the factory), so it may keep buffers and per-worker results (statistics);
/// never shared between threads.
class RecordHandler {
 public:
  virtual ~RecordHandler() = default;
  virtual void handle(const Record& record, std::string& out, RecordNote& note) = 0;
};
using HandlerFactory = std::function<std::unique_ptr<RecordHandler>()>;

struct ParallelOptions {
  unsigned workers = 2;                      ///< threads that read, decode and render (at least 1)
  /// The thread calling next() is one of the `workers` (then workers - 1 threads are started):
  /// while the batch it waits for is not ready, it reads and decodes the next one itself instead
  /// of sleeping. For a caller that has work of its own per record (the Python module makes
  /// objects): one thread fewer than cores shares them without preempting a worker in the middle
  /// of its turn to read. With workers == 1 no thread is started at all.
  bool caller_decodes = false;
  // Small batches keep the buffers in flight few and warm (a 1 MiB batch touched twice the memory
  // and was no faster); the lock is still taken only once per a few hundred messages.
  std::size_t batch_messages = 256;          ///< messages per batch at most
  std::size_t batch_bytes = std::size_t{128} << 10;  ///< payload bytes per batch at most (one larger message is a batch alone)
  /// Batches being read and decoded (one per worker) or waiting for the caller, at most (memory
  /// bound); 0: one per worker + 2.
  std::size_t max_batches = 0;
  codec::DecodeLimits limits;
  bool decrypt = true;  ///< false: binary frames are split but not decrypted (MessageDecoder::setDecrypt)
};

/// Starts the workers at construction; they take turns reading a batch (one at a time, in capture
/// order) and decode what they read. Records come out exactly as a MessageDecoder over `keys` gives
/// them one by one in capture order (the keys of each message are those of its connection when the
/// capture was read up to it). Memory: at most max_batches batches of batch_bytes payload and their
/// output, besides the reader's own buffers.
///
/// `reader` and `keys` belong to the workers (one at a time) until the decoder is destroyed or next()
/// returned false; the caller must not use them meanwhile. next() is for one consumer thread.
class ParallelDecoder {
 public:
  ParallelDecoder(capture::CaptureReader& reader, CaptureKeys& keys, HandlerFactory make_handler,
                  const ParallelOptions& options);
  /// Stops the threads (a worker blocked in a read of a pipe finishes that read first).
  ~ParallelDecoder();
  ParallelDecoder(const ParallelDecoder&) = delete;
  ParallelDecoder& operator=(const ParallelDecoder&) = delete;

  /// Waits for the next batch in capture order and swaps it into `batch` (whose old buffers are
  /// reused); false once every record was delivered. Rethrows what a thread threw (std::bad_alloc).
  /// With caller_decodes it reads and decodes batches meanwhile, whenever the turn to read is free.
  bool next(DecodedBatch& batch);

  /// The workers' handlers (the caller's last, with caller_decodes), for their per-worker results;
  /// only after next() returned false.
  [[nodiscard]] const std::vector<std::unique_ptr<RecordHandler>>& handlers() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

/// The number of threads the process may run on (its CPU affinity), at least 1.
unsigned availableCores() noexcept;

}  // namespace wa::session
