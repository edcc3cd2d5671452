// Node batches: decoded on workers, delivered in order.
#include "wadecode/node_batches.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace wa::wadecode {

NodeBatchDecoder::NodeBatchDecoder(const DecodeOptions& options, bool color, bool hex,
                                   const codec::DecodeLimits& limits)
    : renderer_(makeNodeRenderer(options, color)), hex_(hex), limits_(limits) {}

void NodeBatchDecoder::decode(NodeBatch& batch) {
  for (const NodeLine& line : batch.lines) {
    std::optional<session::Error> error;
    std::string_view bytes = line.text;  // node-bin: the input itself, not a copy
    if (hex_) {
      readNodeRecord(line, /*hex=*/true, record_);
      bytes = record_.bytes;
      error = std::move(record_.error);
    }
    if (!error) {
      if (auto r = codec::decodeNodeInto(codec::asBytes(bytes), node_, limits_); !r)
        error = session::toSessionError(r.error());
    }
    if (!error) {
      renderer_->node(batch.output, node_);
      continue;
    }
    renderer_->failure(batch.output, line.index, *error, bytes);
    batch.failures.push_back(NodeFailure{line.index, std::move(*error), batch.output.size()});
    node_ = codec::Node();  // a failed decode leaves a partial tree
  }
}

namespace {

// A batch and where it is: filled and waiting for a thread, being decoded, or ready to deliver.
struct Slot {
  enum class State { Pending, Busy, Done };
  NodeBatch batch;
  State state = State::Pending;
};

// The batches in flight, in input order, and the worker threads; joined on destruction.
class Pool {
 public:
  Pool(unsigned threads, const std::function<std::unique_ptr<NodeBatchDecoder>()>& make_decoder) {
    for (unsigned i = 0; i < threads; ++i) {
      auto decoder = make_decoder();
      try {
        workers_.emplace_back([this, d = std::move(decoder)] { work(*d); });
      } catch (const std::system_error&) {  // no thread to spare: the caller's thread does the work
        break;
      }
    }
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : workers_) t.join();
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  void push(Slot* slot) {
    {
      std::lock_guard lock(mutex_);
      slot->state = Slot::State::Pending;
      order_.push_back(slot);
    }
    work_ready_.notify_one();
  }

  /// The oldest batch once decoded (this thread decodes pending ones meanwhile), nullptr when
  /// none is in flight. Rethrows what a worker threw.
  Slot* popDone(NodeBatchDecoder& own) {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (failure_) std::rethrow_exception(failure_);
      if (order_.empty()) return nullptr;
      Slot* head = order_.front();
      if (head->state == Slot::State::Done) {
        order_.pop_front();
        return head;
      }
      if (Slot* pending = firstPending()) {
        pending->state = Slot::State::Busy;
        lock.unlock();
        own.decode(pending->batch);
        lock.lock();
        pending->state = Slot::State::Done;
        continue;
      }
      done_.wait(lock, [&] { return head->state == Slot::State::Done || failure_; });
    }
  }

 private:
  Slot* firstPending() {
    for (Slot* s : order_)
      if (s->state == Slot::State::Pending) return s;
    return nullptr;
  }

  void work(NodeBatchDecoder& decoder) {
    std::unique_lock lock(mutex_);
    for (;;) {
      Slot* slot = nullptr;
      work_ready_.wait(lock, [&] { return stopping_ || (slot = firstPending()) != nullptr; });
      if (slot == nullptr) return;
      slot->state = Slot::State::Busy;
      lock.unlock();
      std::exception_ptr thrown;
      try {
        decoder.decode(slot->batch);
      } catch (...) {
        thrown = std::current_exception();
      }
      lock.lock();
      if (thrown && !failure_) failure_ = thrown;
      slot->state = Slot::State::Done;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_;
  std::deque<Slot*> order_;  // pushed, not yet popped, oldest first
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;  // last: started once the rest exists, joined first
};

}  // namespace

void decodeNodeBatches(unsigned jobs, const std::function<std::unique_ptr<NodeBatchDecoder>()>& make_decoder,
                       const std::function<bool(NodeBatch&)>& fill, const std::function<void(NodeBatch&)>& deliver) {
  jobs = std::max(jobs, 1u);
  std::vector<std::unique_ptr<Slot>> slots(jobs + 2);
  std::vector<Slot*> free;
  for (auto& s : slots) free.push_back((s = std::make_unique<Slot>()).get());
  const auto own = make_decoder();
  Pool pool(jobs - 1, make_decoder);
  bool more = true;
  for (;;) {
    while (more && !free.empty()) {
      Slot* slot = free.back();
      slot->batch.clear();
      if (!(more = fill(slot->batch))) break;
      free.pop_back();
      pool.push(slot);
    }
    Slot* done = pool.popDone(*own);
    if (done == nullptr) return;
    deliver(done->batch);
    free.push_back(done);
  }
}

}  // namespace wa::wadecode
