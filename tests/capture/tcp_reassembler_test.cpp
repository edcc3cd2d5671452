// Unit tests of TCP reassembly: order, retransmission, overlap policy, wrap-around, gaps, limits.
#include "wa/capture/tcp_reassembler.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wa::capture {
namespace {

constexpr std::uint8_t kSyn = tcp_flag::kSyn;
constexpr std::uint8_t kAck = tcp_flag::kAck;
constexpr std::uint8_t kFin = tcp_flag::kFin;
constexpr std::uint8_t kRst = tcp_flag::kRst;

/// Everything handlers and the sink were told, as text lines, plus each side's bytes.
struct Log {
  std::vector<std::string> events;
  std::string stream[2];
  std::uint64_t expected_offset[2] = {0, 0};
  bool offsets_ok = true;
};

class RecordingHandler final : public TcpStreamHandler {
 public:
  RecordingHandler(Log& log, bool* wants) : log_(log), wants_(wants) {}
  void onData(TcpSide side, ByteView data, const TcpChunkInfo& info) override {
    const auto i = static_cast<std::size_t>(side);
    if (info.stream_offset != log_.expected_offset[i]) log_.offsets_ok = false;
    log_.expected_offset[i] += data.size();
    log_.stream[i].append(asChars(data));
    log_.events.push_back("data " + std::to_string(i) + " @" + std::to_string(info.stream_offset) + " " +
                          std::string(asChars(data)) + " src" + std::to_string(info.source_offset));
  }
  void onGap(TcpSide side, std::uint64_t length, const TcpChunkInfo& info) override {
    const auto i = static_cast<std::size_t>(side);
    if (info.stream_offset != log_.expected_offset[i]) log_.offsets_ok = false;
    log_.expected_offset[i] += length;
    log_.stream[i].append(length, '?');
    log_.events.push_back("gap " + std::to_string(i) + " @" + std::to_string(info.stream_offset) + " " +
                          std::to_string(length));
  }
  void onStartMissing(TcpSide side, const TcpChunkInfo& info) override {
    log_.events.push_back("start-missing " + std::to_string(static_cast<int>(side)) + " @" +
                          std::to_string(info.stream_offset));
  }
  void onEnd(TcpSide side, const TcpChunkInfo&) override {
    log_.events.push_back("end " + std::to_string(static_cast<int>(side)));
  }
  void onClose(TcpCloseReason reason, const TcpChunkInfo&) override {
    static const char* names[] = {"fin", "reset", "replaced", "end-of-capture"};
    log_.events.push_back(std::string("close ") + names[static_cast<int>(reason)]);
  }
  [[nodiscard]] bool wantsData() const override { return wants_ == nullptr || *wants_; }

 private:
  Log& log_;
  bool* wants_;
};

class RecordingSink final : public TcpConnectionSink {
 public:
  Log log;
  bool wants = true;
  std::size_t opened = 0;
  std::unique_ptr<TcpStreamHandler> onOpen(const TcpConnectionInfo& info) override {
    ++opened;
    log.events.push_back("open " + toString(info.initiator) + " " + toString(info.responder));
    return std::make_unique<RecordingHandler>(log, &wants);
  }
  void onError(const IpEndpoint&, const IpEndpoint&, double, Error error) override {
    log.events.push_back("error " + error.message);
  }
};

struct Fixture {
  RecordingSink sink;
  TcpReassembler tcp;
  IpEndpoint client = *parseIpEndpoint("192.0.2.1", 40000);
  IpEndpoint server = *parseIpEndpoint("198.51.100.7", 80);
  std::uint32_t isn[2] = {1000, 5000};

  explicit Fixture(TcpReassemblerOptions options = {}) : tcp(sink, options) {}

  void segment(bool from_client, std::uint32_t seq, std::uint8_t flags, std::string_view payload = {},
               std::uint32_t ack = 0, std::uint32_t missing_tail = 0) {
    TcpSegment s;
    s.src = from_client ? client : server;
    s.dst = from_client ? server : client;
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    s.payload = asBytes(payload);
    s.missing_tail = missing_tail;
    s.source_offset = 100 + seq;
    tcp.process(s);
  }
  /// Data at a stream offset of one side (sequence number = ISN + 1 + offset).
  void data(bool from_client, std::uint64_t offset, std::string_view payload, std::uint8_t flags = kAck) {
    const std::size_t i = from_client ? 0 : 1;
    segment(from_client, isn[i] + 1 + static_cast<std::uint32_t>(offset), flags, payload);
  }
  void handshake() {
    segment(true, isn[0], kSyn);
    segment(false, isn[1], kSyn | kAck, {}, isn[0] + 1);
    segment(true, isn[0] + 1, kAck, {}, isn[1] + 1);
  }
  void ackFrom(bool from_client, std::uint64_t peer_offset) {
    const std::size_t i = from_client ? 0 : 1;
    segment(from_client, isn[i] + 1 + static_cast<std::uint32_t>(sink.log.expected_offset[i]), kAck, {},
            isn[1 - i] + 1 + static_cast<std::uint32_t>(peer_offset));
  }
  const std::string& stream(int side) const { return sink.log.stream[side]; }
  bool has(const std::string& event) const {
    for (const auto& e : sink.log.events)
      if (e == event) return true;
    return false;
  }
};

TEST(TcpReassembler, InOrderBothDirectionsAndFinClose) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "GET / ");
  f.data(true, 6, "HTTP/1.1");
  f.data(false, 0, "HTTP/1.1 101");
  f.segment(true, f.isn[0] + 15, kFin | kAck);
  f.segment(false, f.isn[1] + 13, kFin | kAck);
  EXPECT_EQ(f.stream(0), "GET / HTTP/1.1");
  EXPECT_EQ(f.stream(1), "HTTP/1.1 101");
  EXPECT_TRUE(f.has("open 192.0.2.1:40000 198.51.100.7:80"));
  EXPECT_TRUE(f.has("end 0"));
  EXPECT_TRUE(f.has("end 1"));
  EXPECT_EQ(f.sink.log.events.back(), "close fin");
  EXPECT_EQ(f.tcp.activeConnections(), 0u);
  EXPECT_TRUE(f.sink.log.offsets_ok);
  EXPECT_TRUE(f.has("data 0 @6 HTTP/1.1 src" + std::to_string(100 + 1000 + 7)));
}

TEST(TcpReassembler, OutOfOrderSegmentsAreBufferedAndDelivered) {
  Fixture f;
  f.handshake();
  f.data(true, 6, "world");
  f.data(true, 11, "!");
  EXPECT_EQ(f.stream(0), "");
  f.data(true, 0, "hello ");
  EXPECT_EQ(f.stream(0), "hello world!");
  EXPECT_EQ(f.tcp.stats().out_of_order_segments, 2u);
  EXPECT_TRUE(f.sink.log.offsets_ok);
}

TEST(TcpReassembler, RetransmissionsAreDroppedAndCounted) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abcdef");
  f.data(true, 0, "abcdef");
  f.data(true, 2, "cd");
  f.data(true, 6, "gh");
  EXPECT_EQ(f.stream(0), "abcdefgh");
  EXPECT_EQ(f.tcp.stats().retransmitted_bytes, 8u);
}

TEST(TcpReassembler, OverlapWithDeliveredDataKeepsTheFirstCopy) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abcd");
  f.data(true, 2, "XXef");  // bytes 2..3 conflict: first copy ("cd") wins
  EXPECT_EQ(f.stream(0), "abcdef");
  EXPECT_EQ(f.tcp.stats().retransmitted_bytes, 2u);
}

TEST(TcpReassembler, OverlapWithBufferedDataKeepsTheFirstCopy) {
  Fixture f;
  f.handshake();
  f.data(true, 4, "EFGH");      // buffered first
  f.data(true, 6, "xxIJ");      // overlaps the buffered piece: only "IJ" is new
  f.data(true, 0, "abcdyyyy");  // in order, but bytes 4..7 were seen before: "EFGH" wins
  EXPECT_EQ(f.stream(0), "abcdEFGHIJ");
  EXPECT_TRUE(f.sink.log.offsets_ok);
}

TEST(TcpReassembler, SequenceNumbersWrapAround) {
  Fixture f;
  f.isn[0] = 0xfffffff0;
  f.handshake();
  f.data(true, 0, "0123456789");      // seq 0xfffffff1..0xfffffffa
  f.data(true, 20, "KLMNOPQRST");     // seq wraps: 0x00000005
  f.data(true, 10, "abcdefghij");     // crosses 2^32
  EXPECT_EQ(f.stream(0), "0123456789abcdefghijKLMNOPQRST");
  EXPECT_TRUE(f.sink.log.offsets_ok);
}

TEST(TcpReassembler, MidStreamConnectionStartsAtTheFirstByteSeen) {
  Fixture f;
  // No SYN: the first segment's sequence number is offset 0, its ACK names the peer's offset 0.
  f.segment(true, f.isn[0] + 101, kAck, "no syn seen", f.isn[1] + 1);
  f.data(true, 111, "more");
  f.data(false, 0, "reply");
  EXPECT_EQ(f.sink.opened, 1u);
  EXPECT_TRUE(f.has("open 192.0.2.1:40000 198.51.100.7:80"));
  EXPECT_TRUE(f.has("start-missing 0 @0"));
  EXPECT_TRUE(f.has("start-missing 1 @0"));
  EXPECT_EQ(f.stream(0), "no syn seenmore");
  EXPECT_EQ(f.stream(1), "reply");
  EXPECT_TRUE(f.sink.log.offsets_ok);
  EXPECT_EQ(f.tcp.stats().mid_stream_connections, 2u);
  // A new SYN on the same 4-tuple replaces it with a connection whose start is known.
  f.handshake();
  f.data(true, 0, "fresh");
  EXPECT_EQ(f.sink.opened, 2u);
}

TEST(TcpReassembler, MidStreamWithoutAckStartsThePeerAtItsFirstSegment) {
  Fixture f;
  f.segment(true, f.isn[0] + 101, 0, "no ack flag");
  f.data(false, 7, "reply");
  EXPECT_EQ(f.stream(0), "no ack flag");
  EXPECT_EQ(f.stream(1), "reply");
  EXPECT_TRUE(f.has("start-missing 1 @0"));
}

TEST(TcpReassembler, EmptySegmentsOfUnknownConnectionsAreIgnoredSilently) {
  Fixture f;
  f.segment(true, 7, kAck);
  f.segment(true, 7, kFin | kAck);
  f.segment(false, 9, kRst);
  EXPECT_TRUE(f.sink.log.events.empty());
  EXPECT_EQ(f.tcp.stats().ignored_segments, 3u);
}

TEST(TcpReassembler, SynAckAloneGivesBothStarts) {
  Fixture f;
  f.segment(false, f.isn[1], kSyn | kAck, {}, f.isn[0] + 1);
  f.data(true, 0, "request");
  f.data(false, 0, "response");
  EXPECT_EQ(f.stream(0), "request");
  EXPECT_EQ(f.stream(1), "response");
  EXPECT_TRUE(f.has("open 192.0.2.1:40000 198.51.100.7:80"));
}

TEST(TcpReassembler, MissingSynAckIsBridgedByTheInitiatorsAck) {
  Fixture f;
  f.segment(true, f.isn[0], kSyn);
  f.segment(true, f.isn[0] + 1, kAck, {}, f.isn[1] + 1);
  f.data(false, 0, "response");
  EXPECT_EQ(f.stream(1), "response");
}

TEST(TcpReassembler, ResponderDataWithoutAnyStartStartsWhereItIsFirstSeen) {
  Fixture f;
  f.segment(true, f.isn[0], kSyn);
  f.data(false, 0, "response");
  f.data(true, 0, "request");
  EXPECT_EQ(f.stream(1), "response");
  EXPECT_EQ(f.stream(0), "request");
  EXPECT_TRUE(f.has("start-missing 1 @0"));
  EXPECT_FALSE(f.has("start-missing 0 @0"));
}

TEST(TcpReassembler, DataCapturedAfterItsAckFillsTheHole) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abc");
  f.data(true, 10, "klm");  // 3..9 not captured yet
  f.ackFrom(false, 13);     // the server has everything: the capture recorded the ACK first
  EXPECT_EQ(f.stream(0), "abc");
  EXPECT_EQ(f.tcp.stats().gaps, 0u);
  EXPECT_EQ(f.tcp.stats().acked_unseen, 1u);
  f.data(true, 3, "defghij");  // the late segment
  EXPECT_EQ(f.stream(0), "abcdefghijklm");
  EXPECT_EQ(f.tcp.stats().late_segments, 1u);
  EXPECT_EQ(f.tcp.stats().gaps, 0u);
  EXPECT_TRUE(f.sink.log.offsets_ok);
}

TEST(TcpReassembler, RetransmissionAfterTheAckIsDropped) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abcdef");
  f.ackFrom(false, 6);
  f.data(true, 0, "abcXYZ");  // retransmitted (with other bytes) after the ACK: the first copy wins
  f.data(true, 6, "g");
  EXPECT_EQ(f.stream(0), "abcdefg");
  EXPECT_EQ(f.tcp.stats().retransmitted_bytes, 6u);
}

TEST(TcpReassembler, AcknowledgementWithoutLaterDataWaitsForTheEnd) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abc");
  f.ackFrom(false, 10);  // 7 bytes lost, or 6 and a lost FIN: nothing declared yet
  EXPECT_EQ(f.stream(0), "abc");
  f.tcp.finish(9.0);
  EXPECT_TRUE(f.has("gap 0 @3 6"));  // the last acknowledged sequence number may be the FIN
  EXPECT_EQ(f.sink.log.events.back(), "close end-of-capture");
}

TEST(TcpReassembler, HoleBeforeBothFinsWaitsOutTheGraceThenIsLost) {
  Fixture f(TcpReassemblerOptions{.close_grace_segments = 3});
  f.handshake();
  f.data(true, 0, "abc");
  f.segment(true, f.isn[0] + 1 + 8, kFin | kAck, "hi");  // FIN after byte 9, bytes 3..7 missing
  f.segment(false, f.isn[1] + 1, kFin | kAck, {}, f.isn[0] + 1 + 11);
  EXPECT_EQ(f.stream(0), "abc");  // both FINs, but the hole may still be filled
  EXPECT_EQ(f.tcp.activeConnections(), 1u);
  f.segment(true, f.isn[0] + 12, kAck, {}, f.isn[1] + 2);
  f.segment(true, f.isn[0] + 12, kAck, {}, f.isn[1] + 2);
  EXPECT_EQ(f.stream(0), "abc");
  f.segment(true, f.isn[0] + 12, kAck, {}, f.isn[1] + 2);  // the third segment since: given up
  EXPECT_EQ(f.stream(0), "abc?????hi");
  EXPECT_TRUE(f.has("end 0"));
  EXPECT_EQ(f.sink.log.events.back(), "close fin");
  EXPECT_EQ(f.tcp.activeConnections(), 0u);
}

TEST(TcpReassembler, HoleBeforeBothFinsIsFilledByALateSegment) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "abc");
  f.segment(true, f.isn[0] + 1 + 8, kFin | kAck, "hi");
  f.segment(false, f.isn[1] + 1, kFin | kAck, {}, f.isn[0] + 1 + 11);
  f.data(true, 3, "defgh");
  EXPECT_EQ(f.stream(0), "abcdefghhi");
  EXPECT_EQ(f.sink.log.events.back(), "close fin");
  EXPECT_EQ(f.tcp.stats().gaps, 0u);
}

TEST(TcpReassembler, EndOfCaptureDeliversBufferedDataBehindGaps) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "ab");
  f.data(true, 5, "fg");
  f.data(true, 9, "j");
  f.tcp.finish(1.0, 4242);
  EXPECT_EQ(f.stream(0), "ab???fg??j");
  EXPECT_TRUE(f.sink.log.offsets_ok);
  EXPECT_EQ(f.tcp.activeConnections(), 0u);
}

TEST(TcpReassembler, BufferCapForcesProgress) {
  Fixture f(TcpReassemblerOptions{.max_buffered_per_direction = 8});
  f.handshake();
  f.data(true, 10, "12345");
  f.data(true, 20, "abcde");  // would hold 10 bytes: the hole 0..9 is given up
  EXPECT_EQ(f.stream(0), "??????????12345");
  EXPECT_EQ(f.tcp.stats().forced_gaps, 1u);
  f.data(true, 15, "vwxyz");
  EXPECT_EQ(f.stream(0), "??????????12345vwxyzabcde");
}

TEST(TcpReassembler, ResetClosesAndFlushes) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "ab");
  f.data(true, 4, "ef");
  f.segment(false, f.isn[1] + 1, kRst);
  EXPECT_EQ(f.stream(0), "ab??ef");
  EXPECT_EQ(f.sink.log.events.back(), "close reset");
  EXPECT_EQ(f.tcp.activeConnections(), 0u);
}

TEST(TcpReassembler, LateSegmentsOfClosedConnectionsStayQuiet) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "last words");
  f.segment(true, f.isn[0] + 11, kFin | kAck);
  f.segment(false, f.isn[1] + 1, kFin | kAck);
  ASSERT_EQ(f.tcp.activeConnections(), 0u);
  const std::size_t events = f.sink.log.events.size();
  f.data(true, 0, "last words");   // a late retransmission
  f.data(false, 0, "in flight");   // data that crossed the close
  EXPECT_EQ(f.sink.log.events.size(), events);
  EXPECT_EQ(f.tcp.stats().mid_stream_connections, 0u);
  f.isn[0] = 4242;
  f.handshake();  // the 4-tuple is reused by a new connection
  f.data(true, 0, "new");
  EXPECT_EQ(f.sink.opened, 2u);
  EXPECT_EQ(f.stream(0), "last wordsnew");
}

TEST(TcpReassembler, NewSynReplacesTheConnection) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "first");
  f.segment(true, f.isn[0], kSyn);  // retransmitted SYN: same connection
  EXPECT_EQ(f.sink.opened, 1u);
  f.isn[0] = 777777;
  f.isn[1] = 888888;
  f.handshake();
  EXPECT_EQ(f.sink.opened, 2u);
  EXPECT_TRUE(f.has("close replaced"));
}

TEST(TcpReassembler, SnapshotTruncatedPayloadIsAGap) {
  Fixture f;
  f.handshake();
  f.segment(true, f.isn[0] + 1, kAck, "abc", 0, /*missing_tail=*/5);
  f.data(true, 8, "ij");
  EXPECT_EQ(f.stream(0), "abc?????ij");
}

TEST(TcpReassembler, HandlerThatWantsNoMoreIsDropped) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "one");
  f.sink.wants = false;
  f.data(true, 3, "two");
  f.data(true, 6, "three");
  EXPECT_EQ(f.stream(0), "onetwo");  // told about "two", then dropped
  f.segment(true, f.isn[0] + 12, kFin | kAck);
  f.segment(false, f.isn[1] + 1, kFin | kAck);
  EXPECT_EQ(f.tcp.activeConnections(), 0u);
}

TEST(TcpReassembler, ConnectionLimitRefusesNewConnections) {
  Fixture f(TcpReassemblerOptions{.max_connections = 1});
  f.handshake();
  const IpEndpoint other = *parseIpEndpoint("192.0.2.99", 40001);
  TcpSegment syn;
  syn.src = other;
  syn.dst = f.server;
  syn.seq = 1;
  syn.flags = kSyn;
  f.tcp.process(syn);
  EXPECT_EQ(f.sink.opened, 1u);
  EXPECT_EQ(f.tcp.stats().refused_connections, 1u);
  EXPECT_EQ(f.sink.log.events.back(),
            "error tcp connection 192.0.2.99:40001 -> 198.51.100.7:80 refused: more than 1 connections open at once");
}

TEST(TcpReassembler, ImplausiblyFarSegmentsAreDropped) {
  Fixture f;
  f.handshake();
  f.data(true, 0, "ok");
  f.data(true, std::uint64_t{1} << 31, "far");
  EXPECT_EQ(f.tcp.stats().retransmitted_bytes + f.tcp.stats().implausible_segments, 1u);
  f.tcp.finish(0);
  EXPECT_EQ(f.stream(0), "ok");
}

TEST(TcpReassembler, EndpointsPrintAndParse) {
  EXPECT_EQ(toString(*parseIpEndpoint("10.1.2.3", 443)), "10.1.2.3:443");
  EXPECT_EQ(toString(*parseIpEndpoint("2001:db8::1", 8080)), "[2001:db8::1]:8080");
  EXPECT_FALSE(parseIpEndpoint("not an address", 1));
}

}  // namespace
}  // namespace wa::capture
