// Incremental RFC 6455 deframing (§5.2 framing, §5.4 fragmentation, §5.5 control frames).
#include "wa/capture/ws/deframer.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "wa/support/string_growth.h"

namespace wa::capture {
namespace {

constexpr std::size_t headerNeed(std::uint8_t second_byte) noexcept {
  const std::size_t len7 = second_byte & 0x7f;
  std::size_t need = 2;
  if (len7 == 126) need += 2;
  if (len7 == 127) need += 8;
  if (second_byte & 0x80) need += 4;
  return need;
}

constexpr bool isKnownOpcode(std::uint8_t op) noexcept { return op <= 2 || (op >= 8 && op <= 10); }

/// Largest frame header: 2 bytes, a 64-bit length and a masking key.
constexpr std::size_t kMaxHeaderSize = 14;
/// Payload bytes of a candidate shown to check_payload before the whole frame is held.
constexpr std::size_t kHuntPrefix = 64;
/// Whole frames after a candidate whose payload could not be checked (compressed, or a check
/// that cannot tell), each with a possible header after it, before the candidate is taken.
constexpr std::size_t kUncheckedChain = 3;
/// Bytes reserved at most for a message before its payload has arrived.
constexpr std::uint64_t kMaxReserve = std::uint64_t{1} << 20;

}  // namespace

void WsDeframer::feed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  std::size_t i = 0;
  while (i < data.size() && !failed_) {
    const WsChunkInfo at{info.t, info.source_offset + i};
    if (hunting_) {
      huntFeed(data.subspan(i), at, out);
      return;
    }
    i += feedFrames(data.subspan(i), at, out);
  }
}

std::size_t WsDeframer::feedFrames(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  const std::size_t n = data.size();
  std::size_t i = 0;
  while (i < n && !failed_ && !hunting_) {
    if (!in_payload_) {
      if (header_have_ == 0) {
        frame_stream_offset_ = offset_;
        frame_source_offset_ = info.source_offset + i;
      }
      while (header_have_ < header_need_ && i < n) {
        const std::size_t take = std::min(header_need_ - header_have_, n - i);
        std::memcpy(header_ + header_have_, data.data() + i, take);
        header_have_ += take;
        i += take;
        offset_ += take;
        if (header_have_ == 2) header_need_ = headerNeed(header_[1]);
      }
      if (header_have_ < header_need_) break;
      if (!headerComplete(info, out)) break;
      if (remaining_ == 0) frameComplete(info, out);
      continue;
    }
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, n - i));
    const std::uint8_t* src = data.data() + i;
    std::string* sink = nullptr;
    if (isControl(frame_op_)) {
      if (control_damaged_ == 0) sink = &control_;
    } else if (!message_too_large_ && message_missing_ == 0) {
      sink = &message_;
      // A message's first frame says how long it is: one allocation for it (when the buffer at
      // hand is too small), not one per doubling as its TCP segments come in. A header's claim
      // only buys kMaxReserve before the bytes are there.
      if (message_.empty()) message_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, kMaxReserve)));
    }
    if (sink != nullptr) {
      if (masked_) {
        phase_ = copyMasked(reinterpret_cast<std::uint8_t*>(support::appendUninitialized(*sink, take)), src, take, key_, phase_);
      } else {
        sink->append(reinterpret_cast<const char*>(src), take);
      }
    } else {
      phase_ = (phase_ + take) & 3;
    }
    i += take;
    offset_ += take;
    remaining_ -= take;
    if (remaining_ == 0) frameComplete(info, out);
  }
  return failed_ ? n : i;
}

bool WsDeframer::headerComplete(const WsChunkInfo& info, std::vector<WsMessage>& out) {
  const std::uint8_t b0 = header_[0];
  const std::uint8_t b1 = header_[1];
  fin_ = (b0 & 0x80) != 0;
  const bool rsv1 = (b0 & 0x40) != 0;
  const std::uint8_t op = b0 & 0x0f;
  masked_ = (b1 & 0x80) != 0;
  std::size_t pos = 2;
  std::uint64_t len = b1 & 0x7f;
  if (len == 126) {
    len = static_cast<std::uint64_t>(header_[2]) << 8 | header_[3];
    pos = 4;
  } else if (len == 127) {
    len = 0;
    for (std::size_t k = 0; k < 8; ++k) len = len << 8 | header_[2 + k];
    pos = 10;
  }
  if (masked_) std::memcpy(key_.data(), header_ + pos, 4);
  phase_ = 0;
  frame_len_ = len;

  auto violation = [&](std::string message) {
    if (lost_sync_) {
      // After a loss, an impossible header means the boundaries are wrong again: hunt on from the
      // byte after this header's first (the header's bytes go back into the search).
      const std::uint64_t from = in_message_ ? message_stream_offset_ : frame_stream_offset_;
      const std::uint64_t source = in_message_ ? message_source_offset_ : frame_source_offset_;
      const std::size_t have = header_have_;
      startHunt(from, source,
                fmt::format("frame header at stream offset {} is impossible ({})", frame_stream_offset_, message));
      hunt_base_ = frame_stream_offset_;
      hunt_bytes_.assign(reinterpret_cast<const char*>(header_), have);
      hunt_chunks_.push_back(HuntChunk{0, WsChunkInfo{info.t, frame_source_offset_}});
      hunt_scan_ = 1;
      return false;
    }
    fail(ErrorCode::Invalid, frame_stream_offset_, std::move(message), info, out);
    return false;
  };
  if (!isKnownOpcode(op)) return violation(fmt::format("reserved opcode {:#x}", op));
  frame_op_ = static_cast<Opcode>(op);
  if (b0 & 0x30) return violation(fmt::format("reserved bit rsv2 or rsv3 set (first header byte {:#04x})", b0));
  if (rsv1 && !options_.allow_rsv1) return violation("rsv1 set but permessage-deflate was not negotiated");
  if (len >> 63) return violation("64-bit payload length with the most significant bit set");
  if (options_.mask == MaskPolicy::Required && !masked_) return violation("unmasked frame from the client");
  if (options_.mask == MaskPolicy::Forbidden && masked_) return violation("masked frame from the server");
  remaining_ = len;
  in_payload_ = true;

  if (isControl(frame_op_)) {
    if (rsv1) return violation("rsv1 set on a control frame");
    if (!fin_) return violation(fmt::format("fragmented control frame (opcode {:#x} without fin)", op));
    if (len > kMaxControlPayload)
      return violation(fmt::format("control frame payload of {} bytes (the limit is {})", len, kMaxControlPayload));
    control_.clear();
    control_damaged_ = 0;
    return true;
  }
  if (frame_op_ == Opcode::Continuation) {
    if (!in_message_) return violation("continuation frame without a message in progress");
    if (rsv1) return violation("rsv1 set on a continuation frame");
  } else {
    if (in_message_) return violation("new data frame before the fragmented message ended");
    in_message_ = true;
    message_op_ = frame_op_;
    message_compressed_ = rsv1;
    message_too_large_ = false;
    message_size_ = 0;
    message_missing_ = 0;
    message_stream_offset_ = frame_stream_offset_;
    message_source_offset_ = frame_source_offset_;
    message_masked_ = masked_;
    message_.clear();
  }
  if (!message_too_large_) {
    if (len > options_.max_message_size - std::min<std::uint64_t>(message_size_, options_.max_message_size)) {
      message_too_large_ = true;
      message_ = std::string();
    } else {
      message_size_ += len;
    }
  }
  return true;
}

void WsDeframer::frameComplete(const WsChunkInfo& info, std::vector<WsMessage>& out) {
  in_payload_ = false;
  header_have_ = 0;
  header_need_ = 2;
  if (isControl(frame_op_)) {
    if (control_damaged_ != 0) {
      emitError(frame_op_, false, frame_stream_offset_, frame_source_offset_,
                Error{ErrorCode::Truncated, Stage::WebSocket, frame_stream_offset_,
                      fmt::format("control frame incomplete: {} of its {} payload bytes missing", control_damaged_,
                                  frame_len_)},
                info, out);
    } else if (frame_op_ == Opcode::Close && control_.size() == 1) {
      emitError(frame_op_, false, frame_stream_offset_, frame_source_offset_,
                Error{ErrorCode::Invalid, Stage::WebSocket, frame_stream_offset_,
                      "close payload of 1 byte (a status code needs 2)"},
                info, out);
    } else {
      WsMessage m;
      m.op = frame_op_;
      m.payload = std::move(control_);
      m.masked = masked_;
      m.stream_offset = frame_stream_offset_;
      m.source_offset = frame_source_offset_;
      m.t = info.t;
      out.push_back(std::move(m));
    }
    control_.clear();
    control_damaged_ = 0;
    return;
  }
  if (!fin_) return;
  in_message_ = false;
  if (message_too_large_) {
    emitError(message_op_, message_compressed_, message_stream_offset_, message_source_offset_,
              Error{ErrorCode::LimitExceeded, Stage::WebSocket, message_stream_offset_,
                    fmt::format("message exceeds the size limit of {} bytes", options_.max_message_size)},
              info, out);
  } else if (message_missing_ != 0) {
    emitError(message_op_, message_compressed_, message_stream_offset_, message_source_offset_,
              Error{ErrorCode::Truncated, Stage::WebSocket, message_stream_offset_,
                    fmt::format("message incomplete: {} bytes missing from stream offset {}", message_missing_,
                                message_first_missing_)},
              info, out);
  } else {
    WsMessage m;
    m.op = message_op_;
    m.compressed = message_compressed_;
    m.masked = message_masked_;
    m.payload = std::move(message_);
    m.stream_offset = message_stream_offset_;
    m.source_offset = message_source_offset_;
    m.t = info.t;
    out.push_back(std::move(m));
  }
  message_.clear();
  message_too_large_ = false;
  message_missing_ = 0;
}

void WsDeframer::recycle(std::string& spare) noexcept {
  if (message_.empty() && spare.capacity() > message_.capacity() && spare.capacity() <= kMaxRecycledCapacity)
    message_.swap(spare);
  spare.clear();
}

void WsDeframer::skip(std::uint64_t length, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  if (failed_ || length == 0) return;
  if (hunting_) {
    if (!hunt_source_known_) {
      hunt_source_ = info.source_offset;
      hunt_source_known_ = true;
    }
    // A candidate cannot reach across the gap: judge what is held, then start again after it.
    huntScan(Mode::Gap, out);
    if (!hunting_) {
      skip(length, info, out);
      return;
    }
    offset_ += length;
    hunt_base_ = offset_;
    hunt_bytes_.clear();
    hunt_chunks_.clear();
    hunt_scan_ = 0;
    return;
  }
  if (in_payload_ && length <= remaining_) {
    if (isControl(frame_op_)) {
      control_damaged_ += length;
    } else {
      if (message_missing_ == 0) {
        message_first_missing_ = offset_;
        message_ = std::string();
      }
      message_missing_ += length;
    }
    phase_ = static_cast<std::size_t>((phase_ + length) & 3);
    remaining_ -= length;
    offset_ += length;
    if (remaining_ == 0) frameComplete(info, out);
    return;
  }
  // The frame boundaries are lost: what was in progress goes into one record with the skipped bytes.
  const bool in_frame = in_payload_ || header_have_ != 0;
  const std::uint64_t from = in_message_ ? message_stream_offset_ : in_frame ? frame_stream_offset_ : offset_;
  const std::uint64_t source = in_message_ ? message_source_offset_
                               : in_frame  ? frame_source_offset_
                                           : info.source_offset;
  startHunt(from, source, fmt::format("{} bytes missing at stream offset {}", length, offset_));
  offset_ += length;
  hunt_base_ = offset_;
}

void WsDeframer::startUnknown(std::string reason) {
  if (failed_ || hunting_) return;
  startHunt(offset_, 0, std::move(reason));
  hunt_start_unknown_ = true;
  hunt_source_known_ = false;
}

void WsDeframer::startHunt(std::uint64_t from, std::uint64_t source_offset, std::string reason) {
  lost_sync_ = true;
  hunting_ = true;
  hunt_start_unknown_ = false;
  hunt_source_known_ = true;
  hunt_reason_ = std::move(reason);
  hunt_from_ = from;
  hunt_source_ = source_offset;
  hunt_base_ = offset_;
  hunt_scan_ = 0;
  hunt_bytes_.clear();
  hunt_chunks_.clear();
  // Whatever was in progress is part of the loss.
  in_payload_ = false;
  header_have_ = 0;
  header_need_ = 2;
  in_message_ = false;
  message_too_large_ = false;
  message_missing_ = 0;
  message_ = std::string();
  control_.clear();
  control_damaged_ = 0;
}

void WsDeframer::huntFeed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  if (!hunt_source_known_) {
    hunt_source_ = info.source_offset;
    hunt_source_known_ = true;
  }
  hunt_chunks_.push_back(HuntChunk{hunt_bytes_.size(), info});
  hunt_bytes_.append(asChars(data));
  offset_ += data.size();
  huntScan(Mode::More, out);
}

void WsDeframer::huntScan(Mode mode, std::vector<WsMessage>& out) {
  while (hunt_scan_ < hunt_bytes_.size()) {
    const Verdict v = judgeCandidate(hunt_scan_, mode);
    if (v == Verdict::Take) {
      resumeAt(hunt_scan_, out);
      return;
    }
    if (v == Verdict::NeedMore) break;
    ++hunt_scan_;
  }
  // Bytes before the first undecided position are skipped for good: drop them now and then.
  if (hunt_scan_ != 0 && (hunt_scan_ == hunt_bytes_.size() || hunt_scan_ >= (std::size_t{64} << 10))) {
    const std::size_t drop = hunt_scan_;
    hunt_bytes_.erase(0, drop);
    std::size_t keep = 0;
    for (std::size_t k = 0; k < hunt_chunks_.size(); ++k) {
      const std::size_t end = k + 1 < hunt_chunks_.size() ? hunt_chunks_[k + 1].at : drop + hunt_bytes_.size();
      if (end <= drop) continue;
      HuntChunk c = hunt_chunks_[k];
      if (c.at < drop) {
        c.info.source_offset += drop - c.at;
        c.at = drop;
      }
      c.at -= drop;
      hunt_chunks_[keep++] = c;
    }
    hunt_chunks_.resize(keep);
    hunt_base_ += drop;
    hunt_scan_ = 0;
  }
}

WsDeframer::Verdict WsDeframer::judgeCandidate(std::size_t at, Mode mode) {
  const auto* b = reinterpret_cast<const std::uint8_t*>(hunt_bytes_.data());
  const std::size_t size = hunt_bytes_.size();
  // Not enough bytes to decide: wait while more can come, else the candidate is out.
  const Verdict short_of_bytes = mode == Mode::More ? Verdict::NeedMore : Verdict::Reject;

  // Walks the candidate and the frames after it. A candidate whose payload passed the protocol's
  // check needs one possible header after it; one that cannot be checked (compressed, or the
  // check cannot tell) needs kUncheckedChain whole frames after it, all with its MASK bit.
  bool strong = false;
  bool fragment = false;  // the walk is inside a fragmented message
  bool masked = false;
  std::size_t pos = at;
  for (std::size_t k = 0;; ++k) {
    const std::size_t needed = strong ? 1 : kUncheckedChain;
    if (pos == size) {
      // The stream ends right after k frames: enough when it really ends there.
      return k > 0 && mode == Mode::End ? Verdict::Take : short_of_bytes;
    }
    const auto header = possibleHeader(b + pos, size - pos, /*continuation_ok=*/fragment);
    if (header.verdict == Verdict::NeedMore) return k > 0 && mode == Mode::End ? Verdict::Take : short_of_bytes;
    if (header.verdict == Verdict::Reject) return Verdict::Reject;
    const HeaderFields& h = header.fields;
    const bool control = isControl(h.op);
    if (k == 0) masked = h.masked;
    if (h.masked != masked) return Verdict::Reject;  // one direction masks all its frames or none
    if (!control && h.op != Opcode::Continuation && fragment) return Verdict::Reject;
    if (k == needed) return Verdict::Take;  // the header after the verified frames is possible

    const std::size_t payload_at = pos + h.header_size;
    const std::uint64_t frame_end = payload_at + h.length;
    auto unmasked = [&](std::size_t n) -> ByteView {
      hunt_scratch_.resize(n);
      auto* dst = reinterpret_cast<std::uint8_t*>(hunt_scratch_.data());
      if (h.masked) {
        copyMasked(dst, b + payload_at, n, h.key, 0);
      } else {
        std::memcpy(dst, b + payload_at, n);
      }
      return ByteView(dst, n);
    };
    const bool checkable = !control && !h.rsv1 && h.op != Opcode::Continuation && options_.check_payload != nullptr;
    bool start_passed = false;
    if (checkable) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(h.length, kHuntPrefix));
      if (payload_at + n > size) return short_of_bytes;
      const FrameCheck r = options_.check_payload(h.op, unmasked(n), n == h.length);
      if (r == FrameCheck::Fail) return Verdict::Reject;
      start_passed = r == FrameCheck::Pass;
    }
    if (h.op == Opcode::Close && h.length != 0) {
      if (h.length == 1) return Verdict::Reject;
      if (payload_at + 2 > size) return short_of_bytes;
      const ByteView code = unmasked(2);
      if (!isValidCloseCode(static_cast<std::uint16_t>(code[0] << 8 | code[1]))) return Verdict::Reject;
    }
    if (frame_end + kMaxHeaderSize - at > options_.hunt_window) {
      // Too far to hold: the candidate is taken on what was checked so far.
      if (k > 0) return strong ? Verdict::Take : Verdict::Reject;
      return !h.rsv1 && (start_passed || (!control && options_.check_payload == nullptr)) ? Verdict::Take
                                                                                          : Verdict::Reject;
    }
    if (frame_end > size) return k > 0 && mode == Mode::End ? Verdict::Take : short_of_bytes;
    if (checkable && h.length > kHuntPrefix) {
      const auto n = static_cast<std::size_t>(h.length);
      const FrameCheck r = options_.check_payload(h.op, unmasked(n), /*complete=*/true);
      if (r == FrameCheck::Fail) return Verdict::Reject;
      start_passed = start_passed || r == FrameCheck::Pass;
    }
    if (k == 0) strong = start_passed;
    if (!control) fragment = !h.fin;
    pos = static_cast<std::size_t>(frame_end);
  }
}

WsDeframer::HeaderResult WsDeframer::possibleHeader(const std::uint8_t* p, std::size_t n,
                                                    bool continuation_ok) const noexcept {
  HeaderResult r;
  HeaderFields& h = r.fields;
  if (n < 2) {
    r.verdict = Verdict::NeedMore;
    return r;
  }
  r.verdict = Verdict::Reject;
  const std::uint8_t b0 = p[0];
  const std::uint8_t b1 = p[1];
  const std::uint8_t op = b0 & 0x0f;
  if ((b0 & 0x30) != 0 || !isKnownOpcode(op)) return r;
  h.op = static_cast<Opcode>(op);
  h.fin = (b0 & 0x80) != 0;
  h.rsv1 = (b0 & 0x40) != 0;
  h.masked = (b1 & 0x80) != 0;
  const bool control = isControl(h.op);
  if (h.op == Opcode::Continuation && !continuation_ok) return r;
  if (h.rsv1 && (!options_.allow_rsv1 || control || h.op == Opcode::Continuation)) return r;
  if ((options_.mask == MaskPolicy::Required && !h.masked) || (options_.mask == MaskPolicy::Forbidden && h.masked))
    return r;
  h.header_size = headerNeed(b1);
  if (n < h.header_size) {
    r.verdict = Verdict::NeedMore;
    return r;
  }
  const std::uint64_t len7 = b1 & 0x7f;
  std::size_t pos = 2;
  h.length = len7;
  if (len7 == 126) {
    h.length = static_cast<std::uint64_t>(p[2]) << 8 | p[3];
    if (h.length < 126) return r;  // RFC 6455 §5.2: the minimal number of bytes must be used
    pos = 4;
  } else if (len7 == 127) {
    h.length = 0;
    for (std::size_t k = 0; k < 8; ++k) h.length = h.length << 8 | p[2 + k];
    if (h.length < 65536 || (h.length >> 63) != 0) return r;
    pos = 10;
  }
  if (h.masked) std::memcpy(h.key.data(), p + pos, 4);
  if (control && (!h.fin || h.length > kMaxControlPayload)) return r;
  if (!control && h.length > options_.max_message_size) return r;
  r.verdict = Verdict::Take;
  return r;
}

void WsDeframer::resumeAt(std::size_t at, std::vector<WsMessage>& out) {
  // The chunk holding the candidate gives its source offset and time.
  std::size_t first = 0;
  while (first + 1 < hunt_chunks_.size() && hunt_chunks_[first + 1].at <= at) ++first;
  WsChunkInfo found = hunt_chunks_.empty() ? WsChunkInfo{} : hunt_chunks_[first].info;
  if (!hunt_chunks_.empty()) found.source_offset += at - hunt_chunks_[first].at;
  const std::uint64_t found_at = hunt_base_ + at;
  reportHunt(found_at, /*found=*/true, found, out);

  std::string tail = hunt_bytes_.substr(at);
  std::vector<HuntChunk> chunks(hunt_chunks_.begin() + static_cast<std::ptrdiff_t>(first), hunt_chunks_.end());
  hunting_ = false;
  hunt_bytes_.clear();
  hunt_chunks_.clear();
  hunt_scan_ = 0;
  offset_ = found_at;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const std::size_t begin = std::max(chunks[k].at, at) - at;
    const std::size_t end = (k + 1 < chunks.size() ? chunks[k + 1].at : at + tail.size()) - at;
    if (begin >= end) continue;
    WsChunkInfo info = chunks[k].info;
    info.source_offset += begin + at - chunks[k].at;
    feed(asBytes(std::string_view(tail).substr(begin, end - begin)), info, out);
  }
}

void WsDeframer::reportHunt(std::uint64_t found_at, bool found, const WsChunkInfo& info,
                            std::vector<WsMessage>& out) {
  const std::uint64_t skipped = found_at - hunt_from_;
  std::string message;
  if (hunt_start_unknown_) {
    message = found ? fmt::format("{}: {} bytes skipped before the first frame header that checks out, at stream "
                                  "offset {}",
                                  hunt_reason_, skipped, found_at)
                    : fmt::format("{}: {} bytes skipped to the end of the stream, no frame header checks out",
                                  hunt_reason_, skipped);
  } else {
    message = found ? fmt::format("{}, frame boundaries lost: {} bytes skipped from stream offset {} to the next "
                                  "frame header that checks out, at stream offset {}",
                                  hunt_reason_, skipped, hunt_from_, found_at)
                    : fmt::format("{}, frame boundaries lost: {} bytes skipped from stream offset {} to the end of "
                                  "the stream, no frame header checks out",
                                  hunt_reason_, skipped, hunt_from_);
  }
  // The lost bytes may have held compressed messages: the connection forgets its deflate history.
  emitError(Opcode::Binary, options_.allow_rsv1, hunt_from_, hunt_source_,
            Error{ErrorCode::Truncated, Stage::WebSocket, hunt_from_, std::move(message)}, info, out);
}

void WsDeframer::finish(const WsChunkInfo& info, std::vector<WsMessage>& out) {
  if (failed_) return;
  if (hunting_) {
    huntScan(Mode::End, out);
    if (hunting_) {
      reportHunt(offset_, /*found=*/false, info, out);
      hunting_ = false;
      failed_ = true;
      return;
    }
  }
  if (in_payload_) {
    fail(ErrorCode::Truncated, frame_stream_offset_,
         fmt::format("stream ended inside a frame: {} of its {} payload bytes missing", remaining_, frame_len_), info,
         out);
  } else if (header_have_ != 0) {
    fail(ErrorCode::Truncated, frame_stream_offset_,
         fmt::format("stream ended inside a frame header ({} of {} bytes)", header_have_, header_need_), info, out);
  } else if (in_message_) {
    fail(ErrorCode::Truncated, message_stream_offset_, "stream ended inside a fragmented message", info, out);
  }
  failed_ = true;
}

void WsDeframer::fail(ErrorCode code, std::uint64_t offset, std::string message, const WsChunkInfo& info,
                      std::vector<WsMessage>& out) {
  const bool frame_level = offset == frame_stream_offset_;
  const bool message_level = in_message_ && offset == message_stream_offset_;
  const std::uint64_t source = message_level ? message_source_offset_
                               : frame_level ? frame_source_offset_
                                             : info.source_offset;
  const Opcode op = message_level ? message_op_ : (isKnownOpcode(header_[0] & 0x0f) ? frame_op_ : Opcode::Binary);
  emitError(op, message_level && message_compressed_, offset, source,
            Error{code, Stage::WebSocket, offset, std::move(message)}, info, out);
  failed_ = true;
  message_ = std::string();
  control_ = std::string();
}

void WsDeframer::emitError(Opcode op, bool compressed, std::uint64_t stream_offset, std::uint64_t source_offset,
                           Error error, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  WsMessage m;
  m.op = op;
  m.compressed = compressed;
  m.stream_offset = stream_offset;
  m.source_offset = source_offset;
  m.t = info.t;
  m.error = std::move(error);
  out.push_back(std::move(m));
}

}  // namespace wa::capture
