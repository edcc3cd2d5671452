// The frame of a captured message.
#include "wa/capture/message.h"

#include <algorithm>

namespace wa::capture {

void CaptureMessage::clear(std::uint64_t at) noexcept {
  t = 0;
  dir = Direction::Unknown;
  dir_inferred = false;
  conn.clear();
  op = Opcode::Binary;
  payload.clear();
  source_offset = at;
  error.reset();
}

CaptureMessage& MessageQueue::push() {
  if (count_ == ring_.size()) {
    // Full: unroll the ring so that the front is first, and make room at the back.
    std::rotate(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(head_), ring_.end());
    head_ = 0;
    ring_.resize(std::max<std::size_t>(4, ring_.size() * 2));
  }
  CaptureMessage& m = ring_[(head_ + count_) % ring_.size()];
  ++count_;
  m.clear();
  return m;
}

bool MessageQueue::pop(CaptureMessage& out) {
  if (count_ == 0) return false;
  std::swap(out, ring_[head_]);
  // The caller's old buffer stays for a later push() unless it is large: buffers of every size
  // would otherwise circulate between the reader and its consumers, each slot ending up as large
  // as the largest message it ever carried.
  if (ring_[head_].payload.capacity() > kMaxKeptCapacity) std::string().swap(ring_[head_].payload);
  head_ = (head_ + 1) % ring_.size();
  --count_;
  return true;
}

codec::Frame splitFrame(const CaptureMessage& message, bool parse_json, bool keep_json) {
  codec::SplitOptions options;
  if (message.op == Opcode::Text || message.op == Opcode::Binary) options.opcode = message.op;
  options.dir = message.dir_inferred ? Direction::Unknown : message.dir;
  options.parse_json = parse_json;
  options.keep_json = keep_json;
  codec::Frame f = codec::splitFrame(message.payload, options);
  if (f.dir == Direction::Unknown && message.dir != Direction::Unknown) {
    f.dir = message.dir;
    f.dir_inferred = message.dir_inferred;
  }
  return f;
}

}  // namespace wa::capture
