// Streaming RFC 6455 deframer for one direction of a WebSocket connection: bytes in, messages out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wa/codec/byte_reader.h"
#include "wa/codec/capture/message.h"
#include "wa/codec/error.h"
#include "wa/codec/ws/frame.h"

namespace wa::codec {

/// What the MASK bit of every frame must be (RFC 6455 §5.1: clients mask, servers do not).
enum class MaskPolicy : std::uint8_t { Any, Required, Forbidden };

struct WsDeframerOptions {
  /// A data message whose payload (summed over its fragments, before inflation) exceeds this is
  /// skipped without being stored and reported as LimitExceeded; the stream goes on.
  std::size_t max_message_size = std::size_t{64} << 20;
  MaskPolicy mask = MaskPolicy::Any;
  /// RSV1 marks a compressed message; only allowed when permessage-deflate was negotiated.
  bool allow_rsv1 = false;
};

/// Where the first byte of a chunk handed to the deframer came from.
struct WsChunkInfo {
  double t = 0;                     ///< capture time of the chunk
  std::uint64_t source_offset = 0;  ///< caller's offset of the chunk's first byte (a file offset)
};

/// One message (or control frame) out of the deframer, still compressed when `compressed`.
struct WsMessage {
  Opcode op = Opcode::Binary;
  bool compressed = false;           ///< RSV1 was set on the first frame
  std::string payload;               ///< unmasked payload, fragments joined
  std::uint64_t stream_offset = 0;   ///< offset in the fed stream of the first frame's header
  std::uint64_t source_offset = 0;   ///< caller's offset of that header byte (from WsChunkInfo)
  double t = 0;                      ///< time of the chunk that completed the message
  /// Set when the message could not be delivered (too large, bytes missing, protocol error);
  /// error->offset is a stream offset, payload is then empty.
  std::optional<Error> error;
};

/// Turns one direction's byte stream into messages. Incremental: data may be split anywhere.
///
/// Contract:
/// - Control frames interleaved in a fragmented message come out as soon as they complete, before
///   the message they interrupt.
/// - Protocol violations (reserved bits or opcodes, unexpected MASK bit, fragmented or oversized
///   control frames, a continuation without a message, a new message inside a fragmented one,
///   a 64-bit length with its top bit set) yield one error record (Invalid, at the offending
///   frame's header) and stop the deframer: a real endpoint fails the connection there
///   (RFC 6455 §7.1.7), so later bytes are not interpreted.
/// - A message over max_message_size yields a LimitExceeded record; frames stay in sync.
/// - skip() marks bytes that will never arrive (a TCP gap): inside a frame payload the damaged
///   message becomes a Truncated record and deframing goes on at the next frame, which is at a
///   known offset; anywhere else the frame boundaries are lost and the deframer stops.
/// - Memory: at most one message payload (bounded by max_message_size) plus a 14-byte header.
class WsDeframer {
 public:
  /// `stream_offset` numbers the first byte fed (e.g. the size of an HTTP head before the frames),
  /// so that offsets in messages and errors count from the start of the caller's stream.
  explicit WsDeframer(WsDeframerOptions options = {}, std::uint64_t stream_offset = 0)
      : options_(options), offset_(stream_offset) {}

  /// Appends the messages completed by `data` to `out`. `data` is only read during the call.
  void feed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out);
  /// `length` bytes of the stream are missing at the current offset (see the class comment).
  void skip(std::uint64_t length, const WsChunkInfo& info, std::vector<WsMessage>& out);
  /// The stream ended: a partial frame or message becomes a Truncated record.
  void finish(const WsChunkInfo& info, std::vector<WsMessage>& out);

  /// True after a fatal error: later input is ignored.
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  /// Bytes fed or skipped so far.
  [[nodiscard]] std::uint64_t streamOffset() const noexcept { return offset_; }

 private:
  bool headerComplete(const WsChunkInfo& info, std::vector<WsMessage>& out);
  void frameComplete(const WsChunkInfo& info, std::vector<WsMessage>& out);
  void fail(ErrorCode code, std::uint64_t offset, std::string message, const WsChunkInfo& info,
            std::vector<WsMessage>& out);
  void emitError(Opcode op, bool compressed, std::uint64_t stream_offset, std::uint64_t source_offset,
                 Error error, const WsChunkInfo& info, std::vector<WsMessage>& out);

  WsDeframerOptions options_;
  std::uint64_t offset_ = 0;  // stream offset of the next byte
  bool failed_ = false;

  // Frame header being collected.
  std::uint8_t header_[14]{};
  std::size_t header_have_ = 0;
  std::size_t header_need_ = 2;
  std::uint64_t frame_stream_offset_ = 0;
  std::uint64_t frame_source_offset_ = 0;

  // Frame whose payload is being read.
  bool in_payload_ = false;
  bool fin_ = false;
  Opcode frame_op_ = Opcode::Binary;
  bool masked_ = false;
  MaskKey key_{};
  std::size_t phase_ = 0;
  std::uint64_t remaining_ = 0;
  std::uint64_t frame_len_ = 0;

  // Control frame payload (<= 125 bytes).
  std::string control_;
  std::uint64_t control_damaged_ = 0;  // payload bytes of the control frame lost in a gap

  // Data message being assembled.
  bool in_message_ = false;
  Opcode message_op_ = Opcode::Binary;
  bool message_compressed_ = false;
  bool message_too_large_ = false;
  std::uint64_t message_size_ = 0;
  std::uint64_t message_missing_ = 0;
  std::uint64_t message_first_missing_ = 0;
  std::uint64_t message_stream_offset_ = 0;
  std::uint64_t message_source_offset_ = 0;
  std::string message_;
};

}  // namespace wa::codec
