// Streaming RFC 6455 deframer for one direction of a WebSocket connection: bytes in, messages out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/error.h"
#include "wa/capture/message.h"
#include "wa/capture/ws/frame.h"

namespace wa::capture {

/// What the MASK bit of every frame must be (RFC 6455 §5.1: clients mask, servers do not).
enum class MaskPolicy : std::uint8_t { Any, Required, Forbidden };

/// What a payload check says of a frame found while hunting for frame boundaries.
enum class FrameCheck : std::uint8_t {
  Pass,     ///< the payload looks like the protocol's (or its HMAC matched)
  Fail,     ///< it cannot be a frame of the protocol: the candidate is rejected
  Unknown,  ///< cannot tell from these bytes
};

/// Judges the payload of an uncompressed text or binary frame met while hunting: `payload` is
/// unmasked, its first bytes only unless `complete`. Never called with compressed payloads.
using FramePayloadCheck = std::function<FrameCheck(Opcode op, ByteView payload, bool complete)>;

struct WsDeframerOptions {
  /// A data message whose payload (summed over its fragments, before inflation) exceeds this is
  /// skipped without being stored and reported as LimitExceeded; the stream goes on.
  std::size_t max_message_size = std::size_t{64} << 20;
  MaskPolicy mask = MaskPolicy::Any;
  /// RSV1 marks a compressed message; only allowed when permessage-deflate was negotiated.
  bool allow_rsv1 = false;
  /// Bytes a hunt for frame boundaries holds at most (see the class comment): a candidate frame
  /// whose end lies further is taken on its header and payload start alone.
  std::size_t hunt_window = std::size_t{1} << 20;
  /// Optional: the protocol's own check of candidate frames while hunting (e.g. "tag," and the
  /// HMAC). Without it, candidates are judged by RFC 6455 rules alone.
  FramePayloadCheck check_payload;
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
  bool masked = false;               ///< the first frame had the MASK bit (the client sent it)
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
///   (RFC 6455 §7.1.7), so later bytes are not interpreted. Once the stream has lost bytes
///   (skip() outside a payload, or startUnknown()), a violation means the boundaries are wrong
///   again: the deframer hunts instead of stopping.
/// - A message over max_message_size yields a LimitExceeded record; frames stay in sync.
/// - skip() marks bytes that will never arrive (a TCP gap): inside a frame payload the damaged
///   message becomes a Truncated record and deframing goes on at the next frame, which is at a
///   known offset. Anywhere else the frame boundaries are lost and the deframer hunts.
/// - Hunting: from the start of the damaged message (or the gap), every byte position is tried as
///   a frame header. A candidate is taken when its header is possible (known opcode, not a
///   continuation, RSV bits as negotiated, the MASK bit of the direction, the minimal length
///   encoding, a length within max_message_size, control frames final and short, a close payload
///   with a valid code), its payload passes check_payload (when set; compressed payloads are not
///   checked), and the next header after it is possible too (or the stream ends right there).
///   The skipped bytes become one Truncated record; deframing goes on at the candidate. A
///   candidate whose end lies beyond hunt_window is taken without its follower when its payload
///   start passed check_payload, and never when compressed. Bytes that find no candidate before
///   the stream ends are reported in one record by finish().
/// - Memory: at most one message payload (bounded by max_message_size) plus a 14-byte header,
///   and while hunting, hunt_window bytes.
class WsDeframer {
 public:
  /// `stream_offset` numbers the first byte fed (e.g. the size of an HTTP head before the frames),
  /// so that offsets in messages and errors count from the start of the caller's stream.
  explicit WsDeframer(WsDeframerOptions options = {}, std::uint64_t stream_offset = 0)
      : options_(options), offset_(stream_offset) {}

  /// A buffer the caller is done with (the payload of a message it has passed on): kept for the
  /// next message when it is larger than the one at hand (and at most kMaxRecycledCapacity bytes:
  /// a large buffer is not worth holding on to), so that a steady stream reuses buffers. `spare`
  /// gets the other one back, empty.
  void recycle(std::string& spare) noexcept;
  static constexpr std::size_t kMaxRecycledCapacity = 64 * 1024;

  /// Appends the messages completed by `data` to `out`. `data` is only read during the call.
  void feed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out);
  /// `length` bytes of the stream are missing at the current offset (see the class comment).
  void skip(std::uint64_t length, const WsChunkInfo& info, std::vector<WsMessage>& out);
  /// The stream ended: a partial frame or message becomes a Truncated record.
  void finish(const WsChunkInfo& info, std::vector<WsMessage>& out);
  /// The stream's start is unknown (not captured, or an HTTP head lost): hunt for the first frame
  /// header before any input. The hunt's record starts with `reason` (also when no byte had to be
  /// skipped).
  void startUnknown(std::string reason);
  /// Changes the MASK policy (when the direction of a stream is learnt from its peer).
  void setMaskPolicy(MaskPolicy mask) noexcept { options_.mask = mask; }

  /// True after a fatal error: later input is ignored.
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  /// Bytes fed or skipped so far.
  [[nodiscard]] std::uint64_t streamOffset() const noexcept { return offset_; }
  /// True while hunting for frame boundaries.
  [[nodiscard]] bool hunting() const noexcept { return hunting_; }

 private:
  struct HuntChunk {
    std::size_t at = 0;  // position in hunt_bytes_
    WsChunkInfo info;
  };
  enum class Verdict : std::uint8_t { Take, Reject, NeedMore };
  /// What can follow the held bytes: more bytes, a gap, or the end of the stream.
  enum class Mode : std::uint8_t { More, Gap, End };
  struct HeaderFields {
    Opcode op = Opcode::Binary;
    bool fin = false;
    bool rsv1 = false;
    bool masked = false;
    MaskKey key{};
    std::uint64_t length = 0;
    std::size_t header_size = 2;
  };
  struct HeaderResult {
    Verdict verdict = Verdict::Reject;
    HeaderFields fields;
  };

  std::size_t feedFrames(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out);
  void startHunt(std::uint64_t from, std::uint64_t source_offset, std::string reason);
  void huntFeed(ByteView data, const WsChunkInfo& info, std::vector<WsMessage>& out);
  void huntScan(Mode mode, std::vector<WsMessage>& out);
  Verdict judgeCandidate(std::size_t at, Mode mode);
  /// Could a frame header start at p (n bytes available)? Take, Reject, or NeedMore bytes.
  HeaderResult possibleHeader(const std::uint8_t* p, std::size_t n, bool continuation_ok) const noexcept;
  void resumeAt(std::size_t at, std::vector<WsMessage>& out);
  void reportHunt(std::uint64_t found_at, bool found, const WsChunkInfo& info, std::vector<WsMessage>& out);
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
  bool message_masked_ = false;
  bool message_too_large_ = false;
  std::uint64_t message_size_ = 0;
  std::uint64_t message_missing_ = 0;
  std::uint64_t message_first_missing_ = 0;
  std::uint64_t message_stream_offset_ = 0;
  std::uint64_t message_source_offset_ = 0;
  std::string message_;

  // Hunting for frame boundaries after a loss.
  bool lost_sync_ = false;         // bytes were lost once: violations hunt instead of stopping
  bool hunting_ = false;
  bool hunt_start_unknown_ = false;
  bool hunt_source_known_ = true;  // false until the first byte of an unknown start is fed
  std::string hunt_reason_;        // what made the boundaries unknown
  std::uint64_t hunt_from_ = 0;    // stream offset where skipping began
  std::uint64_t hunt_source_ = 0;  // its source offset
  std::uint64_t hunt_base_ = 0;    // stream offset of hunt_bytes_[0]
  std::size_t hunt_scan_ = 0;      // candidates before this position are rejected
  std::string hunt_bytes_;
  std::vector<HuntChunk> hunt_chunks_;
  std::string hunt_scratch_;       // unmasked candidate payload
};

}  // namespace wa::capture
