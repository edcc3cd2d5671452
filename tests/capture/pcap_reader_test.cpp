// End-to-end tests of the pcap reader: captures built in memory with the writers, read back.
#include "wa/capture/pcap_reader.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "wa/capture/pcap_packet.h"
#include "wa/testing/pcap_writer.h"
#include "wa/capture/ws/handshake.h"
#include "wa/testing/ws_encoder.h"

namespace wa::capture {
namespace {

using wa::testing::PcapFileFormat;
using wa::testing::PcapLinkType;
using wa::testing::PcapWriter;
using wa::testing::PcapWriterOptions;
using wa::testing::TcpConversationOptions;
using wa::testing::TcpConversationWriter;
using wa::testing::TcpPacket;
using wa::testing::WsEncoder;
using wa::testing::WsEncoderOptions;

constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";

/// One WebSocket conversation written into a capture.
struct Capture {
  PcapWriter writer;
  TcpConversationWriter conn;
  WsEncoder client;
  WsEncoder server;
  double t = 1700000000.0;

  Capture(PcapWriterOptions file = {}, TcpConversationOptions tcp = {}, bool v6 = false,
          WsEncoderOptions client_options = WsEncoderOptions{.mask = true}, WsEncoderOptions server_options = {})
      : writer(file),
        conn(writer, *parseIpEndpoint(v6 ? "2001:db8::1" : "192.168.1.10", 51000),
             *parseIpEndpoint(v6 ? "2001:db8::2" : "203.0.113.5", 443), tcp),
        client(client_options),
        server(server_options) {}

  void upgrade(std::string_view accepted = {}) {
    conn.open(t);
    conn.send(true, buildUpgradeRequest("web.example.test", "/ws", kKey, accepted.empty() ? "" : "permessage-deflate"),
              tick());
    conn.send(false, buildUpgradeResponse(kKey, accepted), tick());
  }
  double tick() { return t += 0.25; }
  void fromClient(const std::string& bytes) { conn.send(true, bytes, tick()); }
  void fromServer(const std::string& bytes) { conn.send(false, bytes, tick()); }
  std::string finish(bool close = true) {
    if (close) conn.close(tick());
    return writer.take();
  }
};

struct ReadResult {
  std::vector<CaptureMessage> records;
  PcapReadStats stats;
  std::vector<std::string> warnings;
  CaptureFormat format = CaptureFormat::Unknown;
  int dlt = -1;
};

ReadResult readAll(const std::string& file, PcapReaderOptions options = {}) {
  ReadResult r;
  auto reader = PcapReader::openMemory(asBytes(file), options);
  EXPECT_TRUE(reader.has_value()) << (reader ? "" : reader.error().message);
  if (!reader) return r;
  CaptureMessage m;
  while ((*reader)->read(m)) r.records.push_back(m);
  r.stats = (*reader)->stats();
  r.warnings = (*reader)->warnings();
  r.format = (*reader)->format();
  r.dlt = (*reader)->linkType();
  return r;
}

std::vector<const CaptureMessage*> errorsOf(const ReadResult& r) {
  std::vector<const CaptureMessage*> out;
  for (const auto& m : r.records)
    if (m.error) out.push_back(&m);
  return out;
}

std::string describeRecords(const ReadResult& r) {
  std::string s;
  for (const auto& m : r.records) {
    s += std::string(toString(m.dir)) + " op" + std::to_string(static_cast<int>(m.op)) + " ";
    s += m.error ? "ERROR " + m.error->message : m.payload.substr(0, 40);
    s += "\n";
  }
  return s;
}

/// One direction's records in order: the payload, or "error" for a failed record. Records of the
/// two directions interleave by when their last byte arrived, which a hunt for frame boundaries
/// or a TCP hole delays; within a direction the order is the stream's.
std::vector<std::string> lane(const ReadResult& r, Direction dir) {
  std::vector<std::string> out;
  for (const auto& m : r.records)
    if (m.dir == dir) out.push_back(m.error ? "error" : m.payload);
  return out;
}
using Lane = std::vector<std::string>;

// --- a plain session over every link type and file format -----------------------------------

struct FormatCase {
  const char* name;
  PcapLinkType link;
  PcapFileFormat format;
  bool big_endian;
  bool v6;
  int dlt;
};

class PcapReaderFormats : public ::testing::TestWithParam<FormatCase> {};

TEST_P(PcapReaderFormats, ReadsTheSessionBack) {
  const FormatCase& c = GetParam();
  Capture cap(PcapWriterOptions{.link = c.link, .format = c.format, .big_endian = c.big_endian}, {}, c.v6);
  cap.upgrade();
  cap.fromClient(cap.client.encodeText("1700000000.--0,[\"admin\",\"init\"]"));
  cap.fromServer(cap.server.encodeText("1700000000.--0,{\"status\":200}"));
  cap.fromServer(cap.server.encodeBinary(asBytes(std::string("s1,\x01\x02\x03", 6))));
  const std::string file = cap.finish();
  const ReadResult r = readAll(file);
  ASSERT_EQ(r.records.size(), 3u) << describeRecords(r);
  EXPECT_EQ(r.format, c.format == PcapFileFormat::Pcapng ? CaptureFormat::PcapNg : CaptureFormat::Pcap);
  EXPECT_EQ(r.dlt, c.dlt);
  const std::string client = c.v6 ? "[2001:db8::1]:51000" : "192.168.1.10:51000";
  EXPECT_EQ(r.records[0].dir, Direction::Send);
  EXPECT_EQ(r.records[0].op, Opcode::Text);
  EXPECT_EQ(r.records[0].payload, "1700000000.--0,[\"admin\",\"init\"]");
  EXPECT_EQ(r.records[0].conn, client);
  EXPECT_EQ(r.records[1].dir, Direction::Receive);
  EXPECT_EQ(r.records[1].payload, "1700000000.--0,{\"status\":200}");
  EXPECT_EQ(r.records[2].op, Opcode::Binary);
  EXPECT_EQ(r.records[2].payload, std::string("s1,\x01\x02\x03", 6));
  EXPECT_NEAR(r.records[0].t, 1700000000.75, 1e-3);
  EXPECT_LT(r.records[0].t, r.records[1].t);
  // source_offset is the file offset of each message's first frame header.
  EXPECT_EQ(static_cast<unsigned char>(file.at(r.records[0].source_offset)), 0x81);
  EXPECT_EQ(static_cast<unsigned char>(file.at(r.records[0].source_offset + 1)) & 0x80, 0x80);  // masked
  const std::string& reply = r.records[1].payload;
  EXPECT_EQ(file.substr(r.records[1].source_offset, 2 + reply.size()),
            std::string(1, '\x81') + static_cast<char>(reply.size()) + reply);
  EXPECT_EQ(static_cast<unsigned char>(file.at(r.records[2].source_offset)), 0x82);
  EXPECT_EQ(r.stats.websocket.websocket_connections, 1u);
  EXPECT_EQ(r.stats.websocket.messages, 3u);
  EXPECT_EQ(r.stats.tcp.connections, 1u);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

INSTANTIATE_TEST_SUITE_P(
    All, PcapReaderFormats,
    ::testing::Values(FormatCase{"EthernetV4", PcapLinkType::Ethernet, PcapFileFormat::Pcap, false, false, 1},
                      FormatCase{"EthernetV6", PcapLinkType::Ethernet, PcapFileFormat::Pcap, false, true, 1},
                      FormatCase{"SllV4", PcapLinkType::LinuxSll, PcapFileFormat::Pcap, false, false, 113},
                      FormatCase{"SllV6", PcapLinkType::LinuxSll, PcapFileFormat::Pcap, false, true, 113},
                      FormatCase{"Sll2V4", PcapLinkType::LinuxSll2, PcapFileFormat::Pcapng, false, false, 276},
                      FormatCase{"Sll2V6", PcapLinkType::LinuxSll2, PcapFileFormat::Pcap, false, true, 276},
                      FormatCase{"NullV4", PcapLinkType::Null, PcapFileFormat::Pcap, false, false, 0},
                      FormatCase{"NullV6", PcapLinkType::Null, PcapFileFormat::Pcapng, false, true, 0},
                      FormatCase{"LoopV4", PcapLinkType::Loop, PcapFileFormat::Pcap, true, false, 108},
                      FormatCase{"LoopV6", PcapLinkType::Loop, PcapFileFormat::Pcap, false, true, 108},
                      FormatCase{"Raw101V4", PcapLinkType::Raw, PcapFileFormat::Pcap, false, false, 12},
                      FormatCase{"Raw101V6", PcapLinkType::Raw, PcapFileFormat::Pcapng, true, true, 12},
                      FormatCase{"Raw12", PcapLinkType::RawDlt12, PcapFileFormat::PcapNanosecond, false, false, 12},
                      FormatCase{"Raw14", PcapLinkType::RawDlt14, PcapFileFormat::Pcap, false, true, 14},
                      FormatCase{"EthernetNanosBigEndian", PcapLinkType::Ethernet, PcapFileFormat::PcapNanosecond,
                                 true, false, 1},
                      FormatCase{"EthernetPcapngBigEndian", PcapLinkType::Ethernet, PcapFileFormat::Pcapng, true,
                                 true, 1}),
    [](const ::testing::TestParamInfo<FormatCase>& p) { return std::string(p.param.name); });

TEST(PcapReader, VlanTaggedEthernet) {
  Capture cap(PcapWriterOptions{.vlan = 100});
  cap.upgrade();
  cap.fromServer(cap.server.encodeText("tagged"));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].payload, "tagged");
}

TEST(PcapReader, PcapngBlocksBetweenPacketsKeepOffsetsRight) {
  Capture cap(PcapWriterOptions{.format = PcapFileFormat::Pcapng});
  cap.upgrade();
  cap.writer.writePcapngBlock(4, asBytes(std::string(13, 'n')));   // name resolution block
  cap.writer.writePcapngBlock(10, asBytes(std::string(40, 's')));  // decryption secrets block
  cap.fromServer(cap.server.encodeText("after blocks"));
  const std::string file = cap.finish();
  const ReadResult r = readAll(file);
  ASSERT_EQ(r.records.size(), 1u) << describeRecords(r);
  EXPECT_EQ(file.substr(r.records[0].source_offset, 14), "\x81\x0c" "after blocks");
}

TEST(PcapReader, TimesComeFromThePacketCompletingTheMessage) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 10, .packet_interval = 0.5});
  cap.upgrade();
  const double before = cap.conn.now();  // the writer's clock runs ahead of cap.t here
  cap.fromServer(cap.server.encodeText(std::string(35, 'm')));  // 37 bytes: 4 segments, 0.5 s apart
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_NEAR(r.records[0].t, before + 4 * 0.5, 1e-6);
}

// --- framing --------------------------------------------------------------------------------

TEST(PcapReader, FragmentedMessageWithInterleavedPing) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 5},
              false, WsEncoderOptions{.mask = true, .fragment_size = 4});
  cap.upgrade();
  const auto fragments = cap.client.encodeFrames(Opcode::Text, asBytes("fragmented message"));
  ASSERT_EQ(fragments.size(), 5u);
  std::string stream = fragments[0] + fragments[1];
  stream += cap.client.encode(Opcode::Ping, asBytes("are you there"));
  for (std::size_t i = 2; i < fragments.size(); ++i) stream += fragments[i];
  cap.fromClient(stream);
  cap.fromServer(cap.server.encode(Opcode::Pong, asBytes("are you there")));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 3u) << describeRecords(r);
  EXPECT_EQ(r.records[0].op, Opcode::Ping);
  EXPECT_EQ(r.records[0].payload, "are you there");
  EXPECT_EQ(r.records[1].op, Opcode::Text);
  EXPECT_EQ(r.records[1].payload, "fragmented message");
  EXPECT_EQ(r.records[2].op, Opcode::Pong);
  EXPECT_EQ(r.records[2].dir, Direction::Receive);
}

TEST(PcapReader, CloseFramesFromBothSides) {
  Capture cap;
  cap.upgrade();
  cap.fromClient(cap.client.encodeClose(1000, "bye"));
  cap.fromServer(cap.server.encodeClose(1001));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].op, Opcode::Close);
  EXPECT_EQ(r.records[0].payload, makeClosePayload(1000, "bye"));
  EXPECT_EQ(r.records[1].payload, makeClosePayload(1001));
}

TEST(PcapReader, LargeMessagesAndTheSizeLimit) {
  Capture cap;
  cap.upgrade();
  std::string big(200000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31);
  cap.fromServer(cap.server.encodeBinary(asBytes(big)));
  cap.fromServer(cap.server.encodeText("small"));
  const std::string file = cap.finish();
  const ReadResult r = readAll(file);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].payload, big);
  const ReadResult limited = readAll(file, PcapReaderOptions{.max_message_size = 100000});
  ASSERT_EQ(limited.records.size(), 2u);
  ASSERT_TRUE(limited.records[0].error);
  EXPECT_EQ(limited.records[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(limited.records[1].payload, "small");
}

// --- TCP trouble ----------------------------------------------------------------------------

std::vector<std::string> sampleTexts() {
  std::vector<std::string> v;
  for (int i = 0; i < 12; ++i) v.push_back("message " + std::to_string(i) + " " + std::string(static_cast<std::size_t>(i * 97), 'a' + static_cast<char>(i)));
  return v;
}

TEST(PcapReader, ReorderedRetransmittedAndTinySegments) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 7, .retransmit_every = 3, .reorder_every = 4});
  cap.upgrade();
  for (const auto& text : sampleTexts()) {
    cap.fromClient(cap.client.encodeText(text));
    cap.fromServer(cap.server.encodeText(text));
  }
  const ReadResult r = readAll(cap.finish());
  const auto texts = sampleTexts();
  ASSERT_EQ(r.records.size(), 2 * texts.size()) << describeRecords(r);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(r.records[2 * i].payload, texts[i]);
    EXPECT_EQ(r.records[2 * i + 1].payload, texts[i]);
  }
  EXPECT_GT(r.stats.tcp.out_of_order_segments, 0u);
  EXPECT_GT(r.stats.tcp.retransmitted_bytes, 0u);
  EXPECT_EQ(r.stats.tcp.gaps, 0u);
}

TEST(PcapReader, OverlappingSegmentKeepsTheFirstCopy) {
  Capture cap;
  cap.upgrade();
  const std::string stream = cap.server.encodeText("first copy wins over the retransmission");
  const std::uint64_t base = buildUpgradeResponse(kKey).size();
  cap.conn.sendAt(false, base, asBytes(stream.substr(0, 20)), cap.tick());
  cap.conn.sendAt(false, base + 10, asBytes(std::string(10, '#') + stream.substr(20)), cap.tick());
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 1u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, "first copy wins over the retransmission");
  EXPECT_EQ(r.stats.tcp.retransmitted_bytes, 10u);
}

TEST(PcapReader, SequenceNumbersWrapAround) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 100, .client_isn = 0xffffff00,
                                                          .server_isn = 0xfffffff0});
  cap.upgrade();
  for (const auto& text : sampleTexts()) cap.fromServer(cap.server.encodeText(text));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), sampleTexts().size());
  EXPECT_EQ(r.records.back().payload, sampleTexts().back());
}

TEST(PcapReader, MissingStartHuntsForTheFirstFrame) {
  Capture cap;
  // No SYN, no handshake in the capture: frames straight away, the first one cut.
  const std::string first = cap.server.encodeText("s1,[\"Conn\",{\"ref\":\"begun before the capture\"}]");
  cap.conn.skip(false, 5);
  cap.fromServer(first.substr(5));
  cap.fromServer(cap.server.encodeText("s2,[\"Stream\",\"update\"]"));
  cap.fromClient(cap.client.encodeText("1700000000.--1,[\"query\",\"exist\"]"));
  cap.fromServer(cap.server.encodeText("1700000000.--1,{\"status\":200}"));
  const ReadResult r = readAll(cap.finish(false));
  SCOPED_TRACE(describeRecords(r));
  ASSERT_EQ(r.records.size(), 5u);
  EXPECT_EQ(lane(r, Direction::Receive),
            (Lane{"error", "s2,[\"Stream\",\"update\"]", "1700000000.--1,{\"status\":200}"}));
  // The client's side: its start is unknown too (the hunt finds a frame at once).
  EXPECT_EQ(lane(r, Direction::Send), (Lane{"error", "1700000000.--1,[\"query\",\"exist\"]"}));
  ASSERT_TRUE(r.records[0].error);
  EXPECT_EQ(r.records[0].error->code, ErrorCode::Truncated);
  EXPECT_EQ(r.records[0].error->stage, Stage::WebSocket);
  EXPECT_EQ(r.records[0].error->message,
            fmt::format("server-to-client stream offset 0: stream start not captured: {} bytes skipped before the "
                        "first frame header that checks out, at stream offset {}",
                        first.size() - 5, first.size() - 5));
  for (const auto& m : r.records) EXPECT_EQ(m.conn, "192.168.1.10:51000");  // the client, by its mask
  EXPECT_EQ(r.stats.websocket.mid_stream_connections, 1u);
}

TEST(PcapReader, MidStreamTrafficThatIsNoWebSocketIsReportedOnce) {
  PcapWriter writer;
  TcpConversationWriter tls(writer, *parseIpEndpoint("10.0.0.1", 40000), *parseIpEndpoint("10.0.0.2", 443));
  tls.setCapturing(false);
  tls.open(1.0);
  tls.setCapturing(true);
  std::string records;
  for (int k = 0; k < 50; ++k) records += std::string("\x17\x03\x03\x00\x20", 5) + std::string(32, static_cast<char>(k));
  tls.send(false, records, 1.1);
  tls.send(true, records, 1.2);
  tls.close(1.3);
  const ReadResult r = readAll(writer.take());
  ASSERT_EQ(r.records.size(), 2u) << describeRecords(r);
  for (const auto& m : r.records) {
    ASSERT_TRUE(m.error);
    EXPECT_NE(m.error->message.find("no frame header checks out"), std::string::npos) << m.error->message;
  }
}

TEST(PcapReader, GapInsideAPayloadLosesOneMessage) {
  Capture cap;
  cap.upgrade();
  cap.fromServer(cap.server.encodeText("before"));
  const std::string damaged = cap.server.encodeText("this message loses some bytes");
  cap.fromServer(damaged.substr(0, 8));
  cap.conn.skip(false, 5);
  cap.fromServer(damaged.substr(13));
  cap.fromServer(cap.server.encodeText("after"));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 3u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, "before");
  ASSERT_TRUE(r.records[1].error);
  const std::uint64_t at = buildUpgradeResponse(kKey).size() + 8;  // "before" frame: 8 bytes
  EXPECT_EQ(r.records[1].error->code, ErrorCode::Truncated);
  EXPECT_EQ(r.records[1].error->message, "server-to-client stream offset " + std::to_string(at) +
                                             ": message incomplete: 5 bytes missing from stream offset " +
                                             std::to_string(at + 8));
  EXPECT_EQ(r.records[1].dir, Direction::Receive);
  EXPECT_EQ(r.records[2].payload, "after");
  EXPECT_EQ(r.stats.tcp.gaps, 1u);
  EXPECT_EQ(r.stats.tcp.gap_bytes, 5u);
}

// --- losses and segments captured out of order (issue: data after the ACK that covers it) ------

/// Protocol-shaped text frames: "<tag>,[...]".
std::string frameText(int n, std::string_view body = "\"a message of this protocol\"") {
  return fmt::format("1700000000.--{},[{}]", n, body);
}

TEST(PcapReader, GapAtAFrameBoundaryCostsOnlyTheLostMessage) {
  Capture cap;
  cap.upgrade();
  cap.fromServer(cap.server.encodeText(frameText(1)));
  const std::string lost = cap.server.encodeText(frameText(2));
  cap.conn.skip(false, lost.size());
  cap.fromServer(cap.server.encodeText(frameText(3)));
  cap.fromServer(cap.server.encodeText(frameText(4)));
  cap.fromClient(cap.client.encodeText(frameText(5)));
  const ReadResult r = readAll(cap.finish());
  SCOPED_TRACE(describeRecords(r));
  ASSERT_EQ(r.records.size(), 5u);
  EXPECT_EQ(lane(r, Direction::Receive), (Lane{frameText(1), "error", frameText(3), frameText(4)}));
  EXPECT_EQ(lane(r, Direction::Send), (Lane{frameText(5)}));
  const CaptureMessage& loss = r.records[2];
  ASSERT_TRUE(loss.error);
  const std::uint64_t at = buildUpgradeResponse(kKey).size() + cap.server.encodeText(frameText(1)).size();
  EXPECT_EQ(loss.error->message,
            fmt::format("server-to-client stream offset {0}: {1} bytes missing at stream offset {0}, frame boundaries "
                        "lost: {1} bytes skipped from stream offset {0} to the next frame header that checks out, at "
                        "stream offset {2}",
                        at, lost.size(), at + lost.size()));
}

TEST(PcapReader, LossOverAFrameHeaderResynchronises) {
  Capture cap;
  cap.upgrade();
  const std::string a = cap.client.encodeText(frameText(1, "\"the end of this one is lost\""));
  const std::string b = cap.client.encodeText(frameText(2, "\"and the header of this one\""));
  cap.fromClient(a.substr(0, 20));
  cap.conn.skip(true, a.size() - 20 + 3);
  cap.fromClient(b.substr(3));
  cap.fromClient(cap.client.encodeText(frameText(3)));
  cap.fromClient(cap.client.encodeText(frameText(4)));
  cap.fromServer(cap.server.encodeText(frameText(3, "{\"status\":200}")));
  const ReadResult r = readAll(cap.finish());
  SCOPED_TRACE(describeRecords(r));
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(lane(r, Direction::Send), (Lane{"error", frameText(3), frameText(4)}));
  EXPECT_EQ(lane(r, Direction::Receive), (Lane{frameText(3, "{\"status\":200}")}));
  for (const auto& m : r.records) {
    if (!m.error) continue;
    EXPECT_NE(m.error->message.find(fmt::format("bytes skipped from stream offset {}",
                                                buildUpgradeRequest("web.example.test", "/ws", kKey, "").size())),
              std::string::npos)
        << m.error->message;
  }
}

/// The same conversation, written with the given TCP options; all records must be its messages.
void expectCompleteConversation(TcpConversationOptions tcp) {
  Capture cap(PcapWriterOptions{}, tcp);
  cap.upgrade();
  std::vector<std::string> sent;
  for (int k = 0; k < 12; ++k) {
    const bool from_client = k % 3 == 0;
    std::string text = frameText(k, fmt::format("\"{}\"", std::string(static_cast<std::size_t>(300 + 97 * k), 'm')));
    if (from_client) {
      cap.fromClient(cap.client.encodeText(text));
    } else {
      cap.fromServer(cap.server.encodeText(text));
    }
    sent.push_back(std::move(text));
  }
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), sent.size()) << describeRecords(r);
  for (std::size_t k = 0; k < sent.size(); ++k) {
    EXPECT_FALSE(r.records[k].error) << describeRecords(r);
    EXPECT_EQ(r.records[k].payload, sent[k]);
  }
  EXPECT_EQ(r.stats.tcp.gaps, 0u);
}

TEST(PcapReader, DataCapturedAfterItsAckDecodesCompletely) {
  expectCompleteConversation(TcpConversationOptions{.segment_size = 200, .after_ack_every = 2});
  expectCompleteConversation(TcpConversationOptions{.segment_size = 150, .after_ack_every = 3});
}

TEST(PcapReader, SwappedSegmentsInBothDirectionsDecodeCompletely) {
  expectCompleteConversation(TcpConversationOptions{.segment_size = 120, .reorder_every = 2});
}

TEST(PcapReader, RetransmissionsAfterTheAckAreIgnored) {
  expectCompleteConversation(
      TcpConversationOptions{.segment_size = 180, .retransmit_every = 2, .after_ack_every = 5});
}

TEST(PcapReader, LateSegmentAfterTheAckIsCounted) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 100, .after_ack_every = 4});
  cap.upgrade();
  cap.fromServer(cap.server.encodeText(frameText(1, fmt::format("\"{}\"", std::string(498, 'x')))));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 1u) << describeRecords(r);
  EXPECT_GE(r.stats.tcp.late_segments, 1u);
  EXPECT_GE(r.stats.tcp.acked_unseen, 1u);
}

TEST(PcapReader, OverlappingRetransmissionWithOtherBytesKeepsTheFirstCopy) {
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 1000});
  cap.upgrade();
  const std::string frame = cap.server.encodeText(frameText(1, "\"first copy wins\""));
  const std::uint64_t base = buildUpgradeResponse(kKey).size();
  cap.conn.sendAt(false, base, asBytes(frame.substr(0, 15)), cap.tick());
  cap.conn.sendAt(false, base + 5, asBytes(std::string(10, '#')), cap.tick());  // overlaps, other bytes
  cap.conn.sendAt(false, base + 15, asBytes(frame.substr(15)), cap.tick());
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 1u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, frameText(1, "\"first copy wins\""));
}

TEST(PcapReader, RealLossIsDeclaredAtTheEndAndCostsOnlyItsMessage) {
  // The hole waits for its data (an ACK is no proof of loss); at the end it is lost.
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 64});
  cap.upgrade();
  cap.fromServer(cap.server.encodeText(frameText(1)));
  const std::string damaged = cap.server.encodeText(frameText(2, "\"loses 30 bytes in the middle of its payload\""));
  cap.fromServer(damaged.substr(0, 20));
  cap.conn.skip(false, 30);
  cap.fromServer(damaged.substr(50));
  cap.fromServer(cap.server.encodeText(frameText(3)));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 3u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, frameText(1));
  ASSERT_TRUE(r.records[1].error);
  EXPECT_NE(r.records[1].error->message.find("message incomplete: 30 bytes missing"), std::string::npos);
  EXPECT_EQ(r.records[2].payload, frameText(3));
  EXPECT_EQ(r.stats.tcp.gaps, 1u);
}

TEST(PcapReader, ResetInsideAMessage) {
  Capture cap;
  cap.upgrade();
  cap.fromServer(cap.server.encodeText("cut short by a reset").substr(0, 10));
  cap.conn.reset(true, cap.tick());
  const ReadResult r = readAll(cap.finish(false));
  ASSERT_EQ(r.records.size(), 1u) << describeRecords(r);
  ASSERT_TRUE(r.records[0].error);
  EXPECT_EQ(r.records[0].error->code, ErrorCode::Truncated);
  EXPECT_NE(r.records[0].error->message.find("stream ended inside a frame"), std::string::npos);
}

TEST(PcapReader, SnapshotLengthCutsBecomeGaps) {
  Capture cap(PcapWriterOptions{.snaplen = 80});
  cap.upgrade();
  cap.fromServer(cap.server.encodeText(std::string(500, 'x')));
  const ReadResult r = readAll(cap.finish());
  ASSERT_FALSE(r.records.empty());
  EXPECT_GT(r.stats.tcp.gap_bytes, 0u);
  EXPECT_FALSE(errorsOf(r).empty());
}

TEST(PcapReader, TwoConnectionsInterleaved) {
  PcapWriter writer;
  TcpConversationWriter a(writer, *parseIpEndpoint("10.0.0.1", 1111), *parseIpEndpoint("10.0.0.9", 80));
  TcpConversationWriter b(writer, *parseIpEndpoint("10.0.0.2", 2222), *parseIpEndpoint("10.0.0.9", 80));
  WsEncoder server;
  a.open(1.0);
  b.open(1.1);
  a.send(true, buildUpgradeRequest("h", "/ws", kKey), 1.2);
  b.send(true, buildUpgradeRequest("h", "/ws", kKey), 1.3);
  a.send(false, buildUpgradeResponse(kKey), 1.4);
  b.send(false, buildUpgradeResponse(kKey), 1.5);
  b.send(false, server.encodeText("to b"), 1.6);
  a.send(false, server.encodeText("to a"), 1.7);
  const ReadResult r = readAll(writer.take());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].conn, "10.0.0.2:2222");
  EXPECT_EQ(r.records[0].payload, "to b");
  EXPECT_EQ(r.records[1].conn, "10.0.0.1:1111");
  EXPECT_EQ(r.stats.websocket.websocket_connections, 2u);
}

// --- permessage-deflate ---------------------------------------------------------------------

/// What a permessage-deflate sender puts in its frames, made with zlib directly (reference).
std::vector<std::string> zlibReference(const std::vector<std::string>& messages, bool no_context_takeover) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<std::string> out;
  for (const auto& m : messages) {
    std::string buf(m.size() + 1024, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(m.data()));
    z.avail_in = static_cast<uInt>(m.size());
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    EXPECT_EQ(deflate(&z, Z_SYNC_FLUSH), Z_OK);
    buf.resize(buf.size() - z.avail_out - 4);
    out.push_back(buf);
    if (no_context_takeover) deflateReset(&z);
  }
  deflateEnd(&z);
  return out;
}

/// The payload of the unmasked frame at `offset` of the file (a frame that fits one segment).
std::string framePayloadAt(const std::string& file, std::uint64_t offset) {
  const auto len7 = static_cast<unsigned char>(file.at(offset + 1)) & 0x7f;
  if (len7 < 126) return file.substr(offset + 2, len7);
  const std::size_t len = static_cast<unsigned char>(file.at(offset + 2)) << 8 | static_cast<unsigned char>(file.at(offset + 3));
  return file.substr(offset + 4, len);
}

class PcapReaderDeflate : public ::testing::TestWithParam<bool> {};

TEST_P(PcapReaderDeflate, InflatesAsNegotiated) {
  const bool no_takeover = GetParam();
  const std::string accepted =
      no_takeover ? "permessage-deflate; server_no_context_takeover; client_no_context_takeover" : "permessage-deflate";
  Capture cap(PcapWriterOptions{}, TcpConversationOptions{.segment_size = 9000}, false,
              WsEncoderOptions{.mask = true, .deflate = true, .no_context_takeover = no_takeover},
              WsEncoderOptions{.deflate = true, .no_context_takeover = no_takeover});
  cap.upgrade(accepted);
  const auto texts = sampleTexts();
  for (const auto& text : texts) {
    cap.fromClient(cap.client.encodeText(text));
    cap.fromServer(cap.server.encodeText(text));
  }
  const std::string file = cap.finish();
  const ReadResult r = readAll(file);
  ASSERT_EQ(r.records.size(), 2 * texts.size()) << describeRecords(r);
  const auto reference = zlibReference(texts, no_takeover);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(r.records[2 * i].payload, texts[i]);
    const CaptureMessage& from_server = r.records[2 * i + 1];
    EXPECT_EQ(from_server.payload, texts[i]);
    // The bytes on the wire are exactly what zlib makes for this message and this context mode.
    EXPECT_EQ(static_cast<unsigned char>(file.at(from_server.source_offset)), 0xc1);
    EXPECT_EQ(framePayloadAt(file, from_server.source_offset), reference[i]) << i;
  }
  EXPECT_EQ(r.stats.websocket.deflate_connections, 1u);
  EXPECT_EQ(r.stats.websocket.compressed_messages, 2 * texts.size());
}

TEST_P(PcapReaderDeflate, LostCompressedMessage) {
  const bool no_takeover = GetParam();
  const std::string accepted = no_takeover ? "permessage-deflate; server_no_context_takeover" : "permessage-deflate";
  Capture cap(PcapWriterOptions{}, {}, false, WsEncoderOptions{.mask = true},
              WsEncoderOptions{.deflate = true, .no_context_takeover = no_takeover});
  cap.upgrade(accepted);
  const std::string prefix = "a line that the compressor will see again later: ";
  cap.fromServer(cap.server.encodeText(prefix + "1"));
  const std::string lost = cap.server.encodeText(prefix + "2 with more words to lose");
  cap.fromServer(lost.substr(0, 4));
  cap.conn.skip(false, 4);
  cap.fromServer(lost.substr(8));
  cap.fromServer(cap.server.encodeText(prefix + "3"));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 3u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, prefix + "1");
  ASSERT_TRUE(r.records[1].error);
  EXPECT_EQ(r.records[1].error->code, ErrorCode::Truncated);
  if (no_takeover) {
    ASSERT_FALSE(r.records[2].error);
    EXPECT_EQ(r.records[2].payload, prefix + "3");
  } else {
    // The third message refers back into the lost one: it fails, and says why.
    ASSERT_TRUE(r.records[2].error);
    EXPECT_EQ(r.records[2].error->code, ErrorCode::Invalid);
    EXPECT_NE(r.records[2].error->message.find("refers to compression history lost with the bytes lost at"),
              std::string::npos)
        << r.records[2].error->message;
  }
}

TEST(PcapReaderDeflateLoss, LaterMessagesThatStandAloneInflateAgain) {
  Capture cap(PcapWriterOptions{}, {}, false, WsEncoderOptions{.mask = true}, WsEncoderOptions{.deflate = true});
  cap.upgrade("permessage-deflate");
  const std::string prefix = "a line that the compressor will see again later: ";
  cap.fromServer(cap.server.encodeText(prefix + "1"));
  const std::string lost = cap.server.encodeText(prefix + "2 with more words to lose");
  cap.conn.skip(false, lost.size());
  cap.fromServer(cap.server.encodeText(prefix + "3"));  // refers to the lost history: fails
  // Fresh words the compressor has not seen: no back-reference, so they inflate.
  const std::string fresh = "QZ7 vb Kx 91 jw Ptr 5uu yo";
  cap.fromServer(cap.server.encodeText(fresh));
  const ReadResult r = readAll(cap.finish());
  ASSERT_EQ(r.records.size(), 4u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, prefix + "1");
  EXPECT_TRUE(r.records[1].error);  // the loss (with the frame boundaries it took)
  EXPECT_TRUE(r.records[2].error);
  ASSERT_FALSE(r.records[3].error) << r.records[3].error->message;
  EXPECT_EQ(r.records[3].payload, fresh);
}

INSTANTIATE_TEST_SUITE_P(ContextTakeover, PcapReaderDeflate, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return std::string(p.param ? "NoContextTakeover" : "ContextTakeover");
                         });

// --- what is skipped, and broken files -------------------------------------------------------

TEST(PcapReader, NonWebSocketTrafficIsCountedAndWarned) {
  PcapWriter writer;
  TcpConversationWriter http(writer, *parseIpEndpoint("10.0.0.1", 1000), *parseIpEndpoint("10.0.0.2", 80));
  http.open(1.0);
  http.send(true, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 1.1);
  http.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1.2);
  http.close(1.3);
  TcpConversationWriter tls(writer, *parseIpEndpoint("10.0.0.1", 1001), *parseIpEndpoint("10.0.0.2", 443));
  tls.open(2.0);
  tls.send(true, std::string("\x16\x03\x01\x00\x05hello", 10), 2.1);
  // A UDP datagram and an IP fragment.
  TcpPacket p{*parseIpEndpoint("10.0.0.1", 53), *parseIpEndpoint("10.0.0.2", 53)};
  std::string udp = writer.buildTcpFrame(p, asBytes("dns?"));
  udp[14 + 9] = 17;
  writer.writeFrame(3.0, asBytes(udp));
  std::string fragment = writer.buildTcpFrame(p, asBytes("frag"));
  fragment[14 + 6] = 0x20;
  writer.writeFrame(3.1, asBytes(fragment));
  const ReadResult r = readAll(writer.take());
  EXPECT_TRUE(r.records.empty()) << describeRecords(r);
  EXPECT_EQ(r.stats.websocket.non_websocket_connections, 2u);
  EXPECT_EQ(r.stats.not_tcp, 1u);
  EXPECT_EQ(r.stats.ip_fragments, 1u);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], "1 ip fragments ignored (not reassembled)");
  EXPECT_EQ(r.warnings[1], "2 tcp connections skipped: not websocket");
}

TEST(PcapReader, GarbageIsNotAPcap) {
  const std::string garbage = "this is not a capture file at all, just text";
  auto reader = PcapReader::openMemory(asBytes(garbage));
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::Invalid);
  EXPECT_EQ(reader.error().stage, Stage::Capture);
  EXPECT_EQ(reader.error().message.rfind("not a readable pcap or pcapng file: ", 0), 0u) << reader.error().message;
  EXPECT_FALSE(PcapReader::openMemory({}));
}

TEST(PcapReader, UnsupportedLinkType) {
  PcapWriter writer;
  std::string file = writer.take();
  file[20] = static_cast<char>(147);  // LINKTYPE_USER0
  auto reader = PcapReader::openMemory(asBytes(file));
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, ErrorCode::Unsupported);
  EXPECT_EQ(reader.error().message.rfind("link type 147 ", 0), 0u) << reader.error().message;
}

TEST(PcapReader, TruncatedFileEndsWithAnErrorRecord) {
  Capture cap;
  cap.upgrade();
  cap.fromServer(cap.server.encodeText("complete"));
  cap.fromServer(cap.server.encodeText("in the cut packet"));
  std::string file = cap.finish(false);
  file.resize(file.size() - 30);  // the ACK and half of the last data packet
  const ReadResult r = readAll(file);
  ASSERT_GE(r.records.size(), 2u) << describeRecords(r);
  EXPECT_EQ(r.records[0].payload, "complete");
  const auto errors = errorsOf(r);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]->error->code, ErrorCode::Truncated);
  EXPECT_NE(errors[0]->error->message.find("capture file unreadable after"), std::string::npos);
}

TEST(PcapReader, ByteSourceAndFileInputs) {
  Capture cap(PcapWriterOptions{.format = PcapFileFormat::Pcapng});
  cap.upgrade();
  cap.fromServer(cap.server.encodeText("via a stream"));
  const std::string file = cap.finish();
  const ReadResult direct = readAll(file);
  ASSERT_EQ(direct.records.size(), 1u);

  auto streamed = PcapReader::open(makeMemorySource(file));
  ASSERT_TRUE(streamed) << streamed.error().message;
  CaptureMessage m;
  ASSERT_TRUE((*streamed)->read(m));
  EXPECT_EQ(m.payload, "via a stream");
  EXPECT_EQ(m.source_offset, direct.records[0].source_offset);
  EXPECT_FALSE((*streamed)->read(m));

  const auto path = std::filesystem::temp_directory_path() / "wa_pcap_reader_test.pcapng";
  std::ofstream(path, std::ios::binary) << file;
  auto from_file = PcapReader::openFile(path.string());
  ASSERT_TRUE(from_file) << from_file.error().message;
  auto next = (*from_file)->next();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->payload, "via a stream");
  EXPECT_EQ(next->source_offset, direct.records[0].source_offset);
  std::filesystem::remove(path);

  auto missing = PcapReader::openFile("/nonexistent/dir/capture.pcap");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::Io);
}

TEST(PcapReader, DirectionNames) {
  EXPECT_EQ(toString(Direction::Send), "send");
  EXPECT_EQ(toString(Direction::Receive), "receive");
  EXPECT_EQ(toString(Direction::Unknown), "unknown");
}

}  // namespace
}  // namespace wa::capture
