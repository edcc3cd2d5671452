// Incremental RFC 6455 deframing (§5.2 framing, §5.4 fragmentation, §5.5 control frames).
#include "wa/codec/ws/deframer.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace wa::codec {
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

}  // namespace

void WsDeframer::feed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  const std::size_t n = data.size();
  std::size_t i = 0;
  while (i < n && !failed_) {
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
      if (!headerComplete(info, out)) return;
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
      if (message_.empty() && remaining_ == take) message_.reserve(take);
    }
    if (sink != nullptr) {
      if (masked_) {
        const std::size_t old = sink->size();
        sink->resize(old + take);
        phase_ = copyMasked(reinterpret_cast<std::uint8_t*>(sink->data()) + old, src, take, key_, phase_);
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

void WsDeframer::skip(std::uint64_t length, const WsChunkInfo& info, std::vector<WsMessage>& out) {
  if (failed_ || length == 0) return;
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
  fail(ErrorCode::Truncated, offset_,
       fmt::format("{} bytes missing at stream offset {} outside a frame payload: frame boundaries lost, "
                   "rest of the stream skipped",
                   length, offset_),
       info, out);
  offset_ += length;
}

void WsDeframer::finish(const WsChunkInfo& info, std::vector<WsMessage>& out) {
  if (failed_) return;
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

}  // namespace wa::codec
