// The pipeline on threads: a reader, workers, and the caller taking batches in order.
//
// Batches move between three lists under one mutex: free (buffers to fill), work (read, waiting
// for a worker) and finished (decoded, by sequence number, waiting for the caller). There are
// max_batches of them, which bounds memory and makes the reader wait when the caller is slow.
#include "wa/session/parallel_decoder.h"

#include <sched.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "wa/session/message_decoder.h"

namespace wa::session {
namespace {

struct Batch {
  std::vector<capture::CaptureMessage> messages;  // [0, count) hold this batch; capacity is reused
  std::vector<std::shared_ptr<const KeySnapshot>> keys;
  std::size_t count = 0;
  std::size_t first_index = 0;
  std::uint64_t sequence = 0;
  DecodedBatch result;
};

// The keys of messages that need none (text frames, failed reads) or when decryption is off.
const KeySnapshot& noKeys() {
  static const KeySnapshot none{std::nullopt, "no keys"};
  return none;
}

}  // namespace

struct ParallelDecoder::State {
  State(capture::CaptureReader& r, CaptureKeys& k, const ParallelOptions& o) : reader(r), keys(k), options(o) {}

  capture::CaptureReader& reader;
  CaptureKeys& keys;
  ParallelOptions options;

  std::vector<std::unique_ptr<Batch>> batches;
  std::vector<std::unique_ptr<RecordHandler>> handlers;

  std::mutex mutex;
  std::condition_variable free_ready, work_ready, result_ready;
  std::deque<Batch*> free, work;
  std::map<std::uint64_t, Batch*> finished;
  std::uint64_t produced = 0, delivered = 0;
  bool reading_done = false, stopping = false;
  std::exception_ptr failure;

  std::thread reader_thread;
  std::vector<std::thread> worker_threads;

  void fail() {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stopping = true;
    free_ready.notify_all();
    work_ready.notify_all();
    result_ready.notify_all();
  }

  Batch* takeFree() {
    std::unique_lock lock(mutex);
    free_ready.wait(lock, [&] { return stopping || !free.empty(); });
    if (stopping) return nullptr;
    Batch* b = free.front();
    free.pop_front();
    return b;
  }

  // Fills `b` with the next messages; false at the end of the capture (b may still hold some).
  bool fill(Batch& b, std::size_t& next_index) {
    b.count = 0;
    b.first_index = next_index;
    b.result.warnings.clear();
    std::size_t bytes = 0;
    while (b.count < options.batch_messages && bytes < options.batch_bytes) {
      if (b.messages.size() <= b.count) {
        b.messages.emplace_back();
        b.keys.emplace_back();
      }
      capture::CaptureMessage& m = b.messages[b.count];
      if (!reader.read(m)) return false;
      // The keys in capture order: a Conn secret changes those of the messages after it.
      if (mayBeConn(m)) {
        codec::Frame frame = capture::splitFrame(m, /*parse_json=*/true);
        if (!frame.error && frame.kind == codec::FrameKind::Json)
          if (const std::string* secret = connSecret(frame.json))
            if (auto warning = keys.observeSecret(m.conn, *secret))
              b.result.warnings.push_back(BatchWarning{b.count, std::move(*warning)});
      }
      b.keys[b.count] = options.decrypt && !m.error && m.op != codec::Opcode::Text ? keys.snapshotFor(m.conn) : nullptr;
      bytes += m.payload.size();
      ++b.count;
      ++next_index;
    }
    return true;
  }

  void readAll() {
    try {
      std::size_t next_index = 0;
      bool more = true;
      while (more) {
        Batch* b = takeFree();
        if (b == nullptr) return;
        more = fill(*b, next_index);
        std::lock_guard lock(mutex);
        if (b->count == 0) {
          free.push_back(b);
          break;
        }
        b->sequence = produced++;
        work.push_back(b);
        work_ready.notify_one();
      }
      std::lock_guard lock(mutex);
      reading_done = true;
      work_ready.notify_all();
      result_ready.notify_all();
    } catch (...) {
      fail();
    }
  }

  void decodeAll(RecordHandler& handler) {
    try {
      MessageDecoder decoder(options.limits);
      decoder.setDecrypt(options.decrypt);
      Record record;
      for (;;) {
        Batch* b = nullptr;
        {
          std::unique_lock lock(mutex);
          work_ready.wait(lock, [&] { return stopping || !work.empty() || reading_done; });
          if (stopping || work.empty()) return;
          b = work.front();
          work.pop_front();
        }
        DecodedBatch& r = b->result;
        r.output.clear();
        r.notes.resize(b->count);
        for (std::size_t i = 0; i < b->count; ++i) {
          capture::CaptureMessage& m = b->messages[i];
          record.index = b->first_index + i;
          decoder.decode(m, b->keys[i] ? *b->keys[i] : noKeys(), record);
          record.index = b->first_index + i;
          RecordNote& note = r.notes[i];
          note.index = record.index;
          note.source_offset = m.source_offset;
          note.kept = true;
          note.error.reset();
          handler.handle(record, r.output, note);
          if (note.kept && record.error) note.error = record.error;
          note.output_end = r.output.size();
          b->keys[i].reset();
          // A huge message does not keep its buffer for the batches after it.
          if (m.payload.capacity() > options.batch_bytes) std::string().swap(m.payload);
        }
        std::lock_guard lock(mutex);
        finished.emplace(b->sequence, b);
        result_ready.notify_all();
      }
    } catch (...) {
      fail();
    }
  }
};

ParallelDecoder::ParallelDecoder(capture::CaptureReader& reader, CaptureKeys& keys, HandlerFactory make_handler,
                                 const ParallelOptions& options)
    : state_(std::make_unique<State>(reader, keys, options)) {
  State& s = *state_;
  s.options.workers = std::max(1u, s.options.workers);
  s.options.batch_messages = std::max<std::size_t>(1, s.options.batch_messages);
  const std::size_t batches = s.options.max_batches != 0 ? s.options.max_batches : 2 * s.options.workers + 2;
  for (std::size_t i = 0; i < batches; ++i) {
    s.batches.push_back(std::make_unique<Batch>());
    s.free.push_back(s.batches.back().get());
  }
  for (unsigned w = 0; w < s.options.workers; ++w) s.handlers.push_back(make_handler());
  s.reader_thread = std::thread([&s] { s.readAll(); });
  for (unsigned w = 0; w < s.options.workers; ++w)
    s.worker_threads.emplace_back([&s, w] { s.decodeAll(*s.handlers[w]); });
}

ParallelDecoder::~ParallelDecoder() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    state_->free_ready.notify_all();
    state_->work_ready.notify_all();
    state_->result_ready.notify_all();
  }
  if (state_->reader_thread.joinable()) state_->reader_thread.join();
  for (auto& t : state_->worker_threads) t.join();
}

bool ParallelDecoder::next(DecodedBatch& batch) {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  s.result_ready.wait(lock, [&] {
    return s.failure || s.stopping || s.finished.count(s.delivered) != 0 || (s.reading_done && s.delivered == s.produced);
  });
  if (s.failure) std::rethrow_exception(s.failure);
  auto it = s.finished.find(s.delivered);
  if (it == s.finished.end()) return false;
  Batch* b = it->second;
  s.finished.erase(it);
  ++s.delivered;
  std::swap(batch, b->result);
  s.free.push_back(b);
  s.free_ready.notify_one();
  return true;
}

const std::vector<std::unique_ptr<RecordHandler>>& ParallelDecoder::handlers() const { return state_->handlers; }

unsigned availableCores() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

}  // namespace wa::session
