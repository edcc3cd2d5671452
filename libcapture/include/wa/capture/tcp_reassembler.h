// TCP stream reassembly per connection and direction, for captured segments in capture order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "wa/capture/error.h"

namespace wa::capture {

/// An IPv4 or IPv6 address and a port. IPv4 addresses use the first 4 bytes of `address`.
struct IpEndpoint {
  std::array<std::uint8_t, 16> address{};
  std::uint16_t port = 0;
  bool v6 = false;

  friend bool operator==(const IpEndpoint&, const IpEndpoint&) = default;
};

/// "10.0.0.1:443" or "[2001:db8::1]:443" (RFC 5952 compressed form).
std::string toString(const IpEndpoint& endpoint);
/// Parses a dotted IPv4 or an IPv6 address (without brackets) into an endpoint with `port`.
std::optional<IpEndpoint> parseIpEndpoint(std::string_view address, std::uint16_t port);

/// TCP header flags as they appear in the header's flag byte.
namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flag

/// One captured TCP segment. `payload` views the packet buffer and is read during process() only.
struct TcpSegment {
  IpEndpoint src;
  IpEndpoint dst;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  ByteView payload;                 ///< the captured part of the payload
  std::uint32_t missing_tail = 0;   ///< payload bytes on the wire but cut off by the snapshot length
  double t = 0;                     ///< capture time
  std::uint64_t source_offset = 0;  ///< file offset of payload[0] (or any position the caller uses)
};

/// The two directions of a connection: the initiator sent the SYN.
enum class TcpSide : std::uint8_t { Initiator = 0, Responder = 1 };

/// Where delivered bytes came from.
struct TcpChunkInfo {
  std::uint64_t stream_offset = 0;  ///< offset of the first byte in its direction's stream
  double t = 0;                     ///< capture time of the segment that made the bytes deliverable
  std::uint64_t source_offset = 0;  ///< source offset of the first byte (from its segment)
};

enum class TcpCloseReason : std::uint8_t { Fin, Reset, Replaced, EndOfCapture };

/// Receives one connection's reassembled streams. Calls for a side are in stream order.
class TcpStreamHandler {
 public:
  virtual ~TcpStreamHandler() = default;
  /// In-order bytes; `data` is valid during the call only.
  virtual void onData(TcpSide side, ByteView data, const TcpChunkInfo& info) = 0;
  /// `length` bytes at info.stream_offset will never be delivered (lost from the capture).
  virtual void onGap(TcpSide side, std::uint64_t length, const TcpChunkInfo& info) = 0;
  /// The side's stream start was not captured (no SYN, or no SYN-ACK nor ACK naming it): its
  /// offset 0 is the first byte seen, which may be anywhere in what the side sent. Called once,
  /// before the side's first onData or onGap.
  virtual void onStartMissing(TcpSide /*side*/, const TcpChunkInfo& /*info*/) {}
  /// The side's FIN was reached: no more bytes from it.
  virtual void onEnd(TcpSide side, const TcpChunkInfo& info) = 0;
  /// The connection is over; the handler is destroyed right after.
  virtual void onClose(TcpCloseReason reason, const TcpChunkInfo& info) = 0;
  /// Once false, the reassembler drops the handler (without onClose) and the connection's buffers,
  /// and only tracks the connection to ignore its later segments.
  [[nodiscard]] virtual bool wantsData() const { return true; }
};

/// A new connection, as seen from its SYN (or SYN-ACK when the SYN was not captured).
struct TcpConnectionInfo {
  IpEndpoint initiator;
  IpEndpoint responder;
  double t = 0;
  std::uint64_t source_offset = 0;
};

/// Creates handlers for new connections and hears about segments that cannot be reassembled.
class TcpConnectionSink {
 public:
  virtual ~TcpConnectionSink() = default;
  /// Returns the handler for a new connection, or nullptr to ignore it.
  virtual std::unique_ptr<TcpStreamHandler> onOpen(const TcpConnectionInfo& info) = 0;
  /// A problem outside any handler: a connection refused by the connection limit (LimitExceeded).
  /// `from`/`to` are the segment's ends. Called once per connection; error.offset is the
  /// segment's source offset.
  virtual void onError(const IpEndpoint& from, const IpEndpoint& to, double t, Error error) = 0;
};

struct TcpReassemblerOptions {
  /// Bytes held per direction behind a hole (data captured after a segment that is missing so
  /// far). When a segment would exceed it, the oldest hole is declared lost (a gap) and the data
  /// after it is delivered: memory stays bounded.
  std::size_t max_buffered_per_direction = std::size_t{4} << 20;
  /// Connections tracked at once; segments of further new connections are refused (onError).
  std::size_t max_connections = 100000;
  /// A connection whose two FINs are known but which still has holes waits this many further
  /// segments of the capture (of any connection) for the late data, then closes with the holes lost.
  std::size_t close_grace_segments = 4096;
};

struct TcpStats {
  std::uint64_t segments = 0;
  std::uint64_t connections = 0;             ///< opened (SYN or SYN-ACK seen)
  std::uint64_t mid_stream_connections = 0;  ///< sides whose start was not captured (onStartMissing)
  std::uint64_t refused_connections = 0;     ///< over max_connections
  std::uint64_t ignored_segments = 0;        ///< of skipped connections, or empty ones of unknown ones
  std::uint64_t retransmitted_bytes = 0;     ///< payload bytes seen before (first copy kept)
  std::uint64_t out_of_order_segments = 0;   ///< buffered because a hole preceded them
  std::uint64_t gaps = 0;
  std::uint64_t gap_bytes = 0;
  std::uint64_t forced_gaps = 0;             ///< gaps declared because the buffer cap was reached
  std::uint64_t acked_unseen = 0;            ///< ACKs of bytes not captured yet ("ACKed unseen segment")
  std::uint64_t late_segments = 0;           ///< segments that filled a hole the peer had already acknowledged
  std::uint64_t implausible_segments = 0;    ///< more than 1 GiB ahead of the stream: dropped
};

/// Reassembles the TCP connections of a capture into per-direction byte streams.
///
/// Policy (documented contract; docs/capture.md, "TCP reassembly"):
/// - A connection is identified by its 4-tuple and starts with a SYN. Without the SYN, a SYN-ACK
///   still gives both initial sequence numbers; without the SYN-ACK, the initiator's first ACK
///   gives the responder's. A connection first seen by a segment with payload (its SYN was not
///   captured) is opened from that segment: the sender is taken as the initiator, stream offset 0
///   of each side is the first byte seen of it (the ACK number names the peer's), and
///   onStartMissing() tells the handler. Empty segments of unknown connections (late ACKs, FIN or
///   RST after close) are ignored silently, and so is every non-SYN segment of the last 4096
///   connections that closed (late retransmissions, data in flight after a RST).
/// - Sequence numbers are compared modulo 2^32 (wrap-around safe); streams are 64-bit.
/// - Overlaps: the first copy seen of every byte wins, both against delivered bytes and against
///   buffered ones; later copies, even with different bytes, only count as retransmitted_bytes.
/// - Out-of-order segments are buffered (copied) up to max_buffered_per_direction.
/// - An acknowledgement never makes a hole a loss: captures record segments out of order (several
///   NIC queues, port mirrors, merged files), so data can follow the ACK that covers it; the late
///   segment fills its hole. A hole is lost (onGap with the stream offset and length) when the
///   buffer cap forces progress, at RST, when the connection ends (both FINs known and
///   close_grace_segments later segments of the capture gone by) and at the end of the capture.
///   Snapshot-truncated payloads are gaps at once.
/// - A SYN with a new initial sequence number on a known 4-tuple replaces the old connection.
/// - RST ends the connection at once (buffered data after holes is delivered behind gaps first).
/// In-order segments are delivered without copying.
class TcpReassembler {
 public:
  /// `sink` must outlive the reassembler.
  explicit TcpReassembler(TcpConnectionSink& sink, TcpReassemblerOptions options = {});
  ~TcpReassembler();
  TcpReassembler(const TcpReassembler&) = delete;
  TcpReassembler& operator=(const TcpReassembler&) = delete;

  void process(const TcpSegment& segment);
  /// End of capture: every buffered byte is delivered behind its gaps and every connection closed.
  /// `t` and `source_offset` are reported for what this finds (gaps, closes).
  void finish(double t, std::uint64_t source_offset = 0);

  [[nodiscard]] const TcpStats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::size_t activeConnections() const noexcept;

  struct Connection;
  struct Key {
    std::array<std::uint8_t, 16> address_lo{};
    std::array<std::uint8_t, 16> address_hi{};
    std::uint16_t port_lo = 0;
    std::uint16_t port_hi = 0;
    bool v6 = false;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };

 private:
  using ConnectionMap = std::unordered_map<Key, std::unique_ptr<Connection>, KeyHash>;
  /// 4-tuples remembered after their connection closed, so that late segments stay quiet.
  static constexpr std::size_t kRecentlyClosed = 4096;

  void open(const Key& key, const TcpSegment& segment, bool from_syn_ack);
  void openMidStream(const Key& key, const TcpSegment& segment);
  void closeLingering();
  void closeConnection(Connection& connection, TcpCloseReason reason, double t, std::uint64_t source_offset);
  void eraseConnection(ConnectionMap::iterator it);

  TcpConnectionSink* sink_;
  TcpReassemblerOptions options_;
  TcpStats stats_;
  ConnectionMap connections_;
  std::unordered_set<Key, KeyHash> recently_closed_;
  std::deque<Key> closed_order_;
  /// Connections with both FINs known but holes left, and the segment count at which they close.
  std::deque<std::pair<Key, std::uint64_t>> lingering_;
  double last_t_ = 0;
  std::uint64_t last_source_offset_ = 0;
};

}  // namespace wa::capture
