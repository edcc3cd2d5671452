// The pipeline on threads: workers that take turns reading, and the caller taking batches in order.
//
// Batches move between two lists under one mutex: free (buffers to fill) and finished (decoded, by
// sequence number, waiting for the caller); in between, a worker holds a batch that it reads and
// then decodes. There are max_batches of them, which bounds memory and makes reading wait when the
// caller is slow.
//
// Reading is the one serial stage (the capture in order, reassembly, the keys of each connection),
// so it has no thread of its own: a worker that finds no batch to decode reads the next one while
// the others decode, then decodes what it read. With a reader thread beside as many workers as
// cores, the reader got only its share of a core and every worker waited for it.
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
  // The keys of each message (nullptr: none needed), owned by `held`: one reference per snapshot
  // and batch rather than per message, whose count two threads would pass back and forth.
  std::vector<const KeySnapshot*> keys;
  std::vector<std::shared_ptr<const KeySnapshot>> held;
  std::size_t count = 0;
  std::size_t first_index = 0;
  std::uint64_t sequence = 0;
  DecodedBatch result;
};

// A message slot keeps a buffer this large for the messages read into it later. Larger ones are
// freed once decoded: every slot of every batch would otherwise come to hold the largest message
// it ever met (with 1,024 slots, megabytes of memory first touched, for no gain in speed).
constexpr std::size_t kKeptPayloadCapacity = std::size_t{8} << 10;

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
  std::condition_variable free_ready, turn_ready, result_ready;
  std::deque<Batch*> free;
  std::map<std::uint64_t, Batch*> finished;
  std::uint64_t produced = 0, delivered = 0;
  bool reading = false;  // a worker has the turn to read
  bool reading_done = false, stopping = false;
  std::size_t next_index = 0;  // of the next record read (belongs to the worker that reads)
  // The snapshot of the connection read last (belongs to the worker that reads): the same until
  // a Conn secret is observed, and most messages follow one of their own connection.
  std::string last_conn;
  std::shared_ptr<const KeySnapshot> last_snapshot;
  std::exception_ptr failure;

  std::vector<std::thread> worker_threads;

  // The caller's own decoding (caller_decodes), made at its first turn.
  struct CallerWork {
    MessageDecoder decoder;
    Record record;
  };
  std::unique_ptr<CallerWork> caller;

  MessageDecoder makeDecoder() const {
    MessageDecoder decoder(options.limits);
    decoder.setDecrypt(options.decrypt);
    return decoder;
  }

  void fail() {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
    stopping = true;
    free_ready.notify_all();
    turn_ready.notify_all();
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
  bool fill(Batch& b) {
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
          if (const std::string* secret = connSecret(frame.json)) {
            last_snapshot.reset();  // the keys may change
            if (auto warning = keys.observeSecret(m.conn, *secret))
              b.result.warnings.push_back(BatchWarning{b.count, std::move(*warning)});
          }
      }
      b.keys[b.count] = options.decrypt && !m.error && m.op != codec::Opcode::Text ? snapshotFor(b, m.conn) : nullptr;
      bytes += m.payload.size();
      ++b.count;
      ++next_index;
    }
    return true;
  }

  // The keys of `conn` now, held by `b` until it is decoded.
  const KeySnapshot* snapshotFor(Batch& b, const std::string& conn) {
    if (!last_snapshot || conn != last_conn) {
      last_snapshot = keys.snapshotFor(conn);
      last_conn = conn;
    }
    if (b.held.empty() || b.held.back() != last_snapshot) b.held.push_back(last_snapshot);
    return last_snapshot.get();
  }

  // Reads the next batch; the caller holds the turn to read (reading == true) and gives it back
  // here. Returns the batch to decode, or nullptr when nothing was left (or the decoder stops).
  Batch* readOne() {
    Batch* b = takeFree();
    bool more = false;
    if (b != nullptr) more = fill(*b);
    std::lock_guard lock(mutex);
    reading = false;
    if (b == nullptr) return nullptr;  // stopping
    if (!more) reading_done = true;
    if (b->count == 0) {
      free.push_back(b);
      free_ready.notify_one();
      b = nullptr;
    } else {
      b->sequence = produced++;
    }
    // The others wait for the turn to read (or, at the end, to stop); the caller, for the end
    // (or for the turn, when it decodes too).
    if (reading_done) {
      turn_ready.notify_all();
      result_ready.notify_all();
    } else {
      turn_ready.notify_one();
      if (options.caller_decodes) result_ready.notify_all();
    }
    return b;
  }

  void decode(Batch& b, MessageDecoder& decoder, Record& record, RecordHandler& handler) {
    DecodedBatch& r = b.result;
    r.output.clear();
    r.notes.resize(b.count);
    decoder.prepareMacs(std::span(b.messages.data(), b.count), std::span(b.keys.data(), b.count));
    for (std::size_t i = 0; i < b.count; ++i) {
      capture::CaptureMessage& m = b.messages[i];
      record.index = b.first_index + i;
      decoder.decode(m, b.keys[i] ? *b.keys[i] : noKeys(), record);
      record.index = b.first_index + i;
      RecordNote& note = r.notes[i];
      note.index = record.index;
      note.source_offset = m.source_offset;
      note.kept = true;
      note.error.reset();
      handler.handle(record, r.output, note);
      if (note.kept && record.error) note.error = record.error;
      note.output_end = r.output.size();
      // A large message does not keep its buffer for the batches after it.
      if (m.payload.capacity() > kKeptPayloadCapacity) std::string().swap(m.payload);
    }
    b.held.clear();
  }

  // A worker: waits for its turn to read a batch, reads it and decodes it, until the end.
  void work(RecordHandler& handler) {
    try {
      MessageDecoder decoder = makeDecoder();
      Record record;
      for (;;) {
        {
          std::unique_lock lock(mutex);
          turn_ready.wait(lock, [&] { return stopping || reading_done || !reading; });
          if (stopping || reading_done) return;
          reading = true;  // this worker's turn
        }
        // What a worker read it decodes itself, while the bytes are in its core's cache.
        Batch* b = readOne();
        if (b == nullptr) continue;
        decode(*b, decoder, record, handler);
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
  const std::size_t batches = s.options.max_batches != 0 ? s.options.max_batches : s.options.workers + 2;
  for (std::size_t i = 0; i < batches; ++i) {
    s.batches.push_back(std::make_unique<Batch>());
    s.free.push_back(s.batches.back().get());
  }
  for (unsigned w = 0; w < s.options.workers; ++w) s.handlers.push_back(make_handler());
  const unsigned threads = s.options.workers - (s.options.caller_decodes ? 1 : 0);
  for (unsigned w = 0; w < threads; ++w) s.worker_threads.emplace_back([&s, w] { s.work(*s.handlers[w]); });
}

ParallelDecoder::~ParallelDecoder() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    state_->free_ready.notify_all();
    state_->turn_ready.notify_all();
    state_->result_ready.notify_all();
  }
  for (auto& t : state_->worker_threads) t.join();
}

bool ParallelDecoder::next(DecodedBatch& batch) {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  for (;;) {
    if (s.failure) std::rethrow_exception(s.failure);
    if (auto it = s.finished.find(s.delivered); it != s.finished.end()) {
      Batch* b = it->second;
      s.finished.erase(it);
      ++s.delivered;
      std::swap(batch, b->result);
      s.free.push_back(b);
      s.free_ready.notify_one();
      return true;
    }
    if (s.stopping || (s.reading_done && s.delivered == s.produced)) return false;
    // The caller's turn: only when a batch is free, so that reading never waits for the caller.
    if (s.options.caller_decodes && !s.reading && !s.reading_done && !s.free.empty()) {
      s.reading = true;
      lock.unlock();
      try {
        if (!s.caller) s.caller = std::make_unique<State::CallerWork>(State::CallerWork{s.makeDecoder(), Record{}});
        if (Batch* b = s.readOne()) {
          s.decode(*b, s.caller->decoder, s.caller->record, *s.handlers.back());
          lock.lock();
          s.finished.emplace(b->sequence, b);
        } else {
          lock.lock();
        }
      } catch (...) {
        s.fail();
        throw;
      }
      continue;
    }
    s.result_ready.wait(lock);
  }
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
