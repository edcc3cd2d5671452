// One WebSocket connection decoded from its two byte streams: HTTP upgrade, deframing, inflation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/message.h"
#include "wa/capture/ws/deframer.h"
#include "wa/capture/ws/handshake.h"
#include "wa/capture/ws/permessage_deflate.h"

namespace wa::capture {

/// The two byte streams of a connection, named by the caller (for TCP: initiator and responder).
enum class StreamSide : std::uint8_t { A = 0, B = 1 };

/// The protocol's check of a candidate frame met while hunting for frame boundaries after a loss
/// (WsDeframerOptions::check_payload), told the connection (the conn of its records) and the
/// direction (Unknown while the client is not known).
using WsFrameCheck =
    std::function<FrameCheck(std::string_view conn, Direction dir, Opcode op, ByteView payload, bool complete)>;

struct WsConnectionOptions {
  std::size_t max_message_size = std::size_t{64} << 20;   ///< per message before inflation
  std::size_t max_inflated_size = std::size_t{64} << 20;  ///< per message after inflation
  std::size_t max_http_head = std::size_t{64} << 10;      ///< request or response head
  /// WebSocket bytes held while the other side's head is still missing.
  std::size_t max_pending = std::size_t{16} << 20;
  /// Optional: see WsFrameCheck.
  WsFrameCheck check_frame;
};

/// Counters a caller can sum over connections.
struct WsConnectionCounters {
  std::uint64_t websocket_connections = 0;      ///< upgrades accepted with 101
  std::uint64_t non_websocket_connections = 0;  ///< streams that are no WebSocket upgrade (skipped)
  std::uint64_t refused_upgrades = 0;           ///< upgrade requests answered with another status
  std::uint64_t incomplete_handshakes = 0;      ///< upgrade requests whose response never came
  std::uint64_t accept_mismatches = 0;          ///< Sec-WebSocket-Accept not matching the key
  std::uint64_t deflate_connections = 0;        ///< connections with permessage-deflate on
  std::uint64_t messages = 0;                   ///< message records (not errors)
  std::uint64_t compressed_messages = 0;        ///< of which inflated
  std::uint64_t error_records = 0;
  std::uint64_t mid_stream_connections = 0;     ///< decoded without their upgrade (start not captured)
};

/// Decodes one connection. The side that sends "GET ... Upgrade: websocket" is the client; its
/// messages get Direction::Send. Records are appended to the caller's queue in the order their
/// last byte was fed.
///
/// Records (CaptureMessage) carry `conn` = the client's endpoint name (before the client is known,
/// side A's), `source_offset` = the caller's offset of the message's first frame header, and for
/// errors `error->offset` = that same caller offset with the stream offset named in the message.
///
/// Failure policy:
/// - A stream that does not start like an HTTP head, a request that is not an upgrade, or a refused
///   upgrade: the connection is skipped silently (counted); no record.
/// - A stream whose start was not captured (startMissing()) and does not start like an HTTP head,
///   or bytes missing inside an HTTP head: the connection is decoded without its upgrade
///   ("mid-stream"). Each side hunts for its first frame header (WsDeframer), which costs one error
///   record per side; the client is the side that masks its frames (until one is seen, the side
///   with the higher port); permessage-deflate is assumed possible with context takeover and an
///   unknown history (Inflater::forgetHistory). A side that finds no frame header is reported
///   once at its end.
/// - An unusable extension header or another accepted extension: one error record, the
///   connection is skipped.
/// - Deframing errors stop that direction only, and a loss of frame boundaries costs only the
///   bytes up to the next frame header that checks out (see WsDeframer); inflate errors fail that
///   message, and with context takeover the messages after a loss that refer to lost history.
/// Memory: two HTTP heads (max_http_head), pending bytes (max_pending), and per direction one
/// message (max_message_size) plus its inflation (max_inflated_size), a zlib window and a hunt
/// window (WsDeframerOptions::hunt_window).
class WsConnectionDecoder {
 public:
  enum class State : std::uint8_t { Handshake, Open, NotWebSocket, Failed };

  /// `out` and `counters` must outlive the decoder.
  WsConnectionDecoder(std::string endpoint_a, std::string endpoint_b, MessageQueue& out,
                      WsConnectionCounters& counters, WsConnectionOptions options = {});
  WsConnectionDecoder(const WsConnectionDecoder&) = delete;
  WsConnectionDecoder& operator=(const WsConnectionDecoder&) = delete;

  /// The start of one side's stream was not captured: its first byte may be anywhere. Call before
  /// that side's first data() or gap().
  void startMissing(StreamSide side);
  /// In-order bytes of one side; `bytes` is read during the call only.
  void data(StreamSide side, ByteView bytes, const WsChunkInfo& info);
  /// `length` bytes of one side are missing at its current position.
  void gap(StreamSide side, std::uint64_t length, const WsChunkInfo& info);
  /// One side's stream ended (TCP FIN).
  void end(StreamSide side, const WsChunkInfo& info);
  /// The connection is over (reset, end of capture): partial messages become Truncated records.
  void finish(const WsChunkInfo& info);

  [[nodiscard]] State state() const noexcept { return state_; }
  /// False once nothing more can come out of this connection.
  [[nodiscard]] bool wantsData() const noexcept { return state_ == State::Handshake || state_ == State::Open; }
  [[nodiscard]] std::optional<StreamSide> clientSide() const noexcept { return client_; }
  [[nodiscard]] const std::optional<DeflateParams>& deflate() const noexcept { return deflate_; }
  [[nodiscard]] const std::string& conn() const noexcept { return conn_; }

 private:
  struct PendingChunk {
    WsChunkInfo info;
    std::string bytes;
    std::uint64_t gap = 0;  ///< nonzero: a gap of this length instead of bytes
  };
  struct Side {
    std::string head;
    std::size_t searched = 0;
    std::optional<HttpHead> parsed;
    std::vector<PendingChunk> pending;
    std::size_t pending_bytes = 0;
    std::uint64_t offset = 0;  ///< bytes of this side seen or skipped
    bool ended = false;
    std::optional<WsDeframer> deframer;
    std::optional<Inflater> inflater;
    bool start_missing = false;
    bool expect_head = false;  ///< mid-stream: this side's HTTP head may still come
    bool inflated = false;     ///< a compressed message of this side went through the inflater
    WsChunkInfo head_info;     ///< where the first byte of `head` came from
  };

  void handshakeData(StreamSide side, ByteView bytes, const WsChunkInfo& info);
  void tryOpen(const WsChunkInfo& info);
  void openMidStream(StreamSide trigger, const WsChunkInfo& info, std::string trigger_reason);
  WsDeframerOptions deframerOptions(StreamSide side, MaskPolicy mask, bool allow_rsv1);
  void replayPending(StreamSide side, const WsChunkInfo& info);
  void learnClient(StreamSide side, bool masked);
  void midStreamHead(StreamSide side, ByteView bytes, const WsChunkInfo& info);
  void openData(StreamSide side, ByteView bytes, const WsChunkInfo& info);
  void drain(StreamSide side);
  void failConnection(ErrorCode code, std::string message, const WsChunkInfo& info,
                      Stage stage = Stage::WebSocket);
  void skipConnection();
  std::string_view directionName(StreamSide side) const noexcept;
  Direction direction(StreamSide side) const noexcept;

  std::string endpoint_[2];
  std::string conn_;
  MessageQueue* out_;
  WsConnectionCounters* counters_;
  WsConnectionOptions options_;
  State state_ = State::Handshake;
  std::optional<StreamSide> client_;
  bool mid_stream_ = false;
  bool client_confirmed_ = false;  // mid-stream: the client was seen masking its frames
  std::optional<DeflateParams> deflate_;
  Side side_[2];
  std::vector<WsMessage> scratch_;
};

}  // namespace wa::capture
