// Unit tests of the pcap/pcapng writer and the TCP conversation writer (file layout, seq/ack).
#include "wa/testing/pcap_writer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wa/capture/pcap_packet.h"

namespace wa::testing {
namespace {

using capture::decodePacket;
using capture::PacketKind;
using capture::parseIpEndpoint;
using capture::TcpSegment;
using support::asChars;
namespace link_type = capture::link_type;

std::uint32_t le32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
std::uint32_t be32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

/// The packets of a little-endian classic pcap written by PcapWriter, decoded to segments.
struct Packet {
  double t;
  TcpSegment segment;
  std::string payload;
};
std::vector<Packet> packets(const std::string& file) {
  std::vector<Packet> out;
  for (std::size_t at = 24; at + 16 <= file.size();) {
    const std::uint32_t caplen = le32(file, at + 8);
    Packet p;
    p.t = le32(file, at) + le32(file, at + 4) * 1e-6;
    const std::string frame = file.substr(at + 16, caplen);
    EXPECT_EQ(decodePacket(link_type::kEthernet, asBytes(frame), le32(file, at + 12), p.segment), PacketKind::Tcp);
    p.payload = std::string(asChars(p.segment.payload));
    p.segment.payload = {};
    out.push_back(p);
    at += 16 + caplen;
  }
  return out;
}

TEST(PcapWriter, ClassicHeader) {
  PcapWriter w(PcapWriterOptions{.link = PcapLinkType::LinuxSll2, .snaplen = 65535});
  const std::string& f = w.bytes();
  ASSERT_EQ(f.size(), 24u);
  EXPECT_EQ(le32(f, 0), 0xa1b2c3d4u);
  EXPECT_EQ(le32(f, 16), 65535u);
  EXPECT_EQ(le32(f, 20), 276u);
}

TEST(PcapWriter, NanosecondAndBigEndianHeaders) {
  PcapWriter nanos(PcapWriterOptions{.format = PcapFileFormat::PcapNanosecond});
  EXPECT_EQ(le32(nanos.bytes(), 0), 0xa1b23c4du);
  PcapWriter big(PcapWriterOptions{.big_endian = true});
  EXPECT_EQ(be32(big.bytes(), 0), 0xa1b2c3d4u);
  EXPECT_EQ(be32(big.bytes(), 20), 1u);
}

TEST(PcapWriter, RecordTimestampsAndSnaplen) {
  PcapWriter w(PcapWriterOptions{.snaplen = 4});
  w.writeFrame(1589356438.123456, asBytes("abcdefgh"));
  const std::string& f = w.bytes();
  ASSERT_EQ(f.size(), 24u + 16u + 4u);
  EXPECT_EQ(le32(f, 24), 1589356438u);
  EXPECT_EQ(le32(f, 28), 123456u);
  EXPECT_EQ(le32(f, 32), 4u);  // captured
  EXPECT_EQ(le32(f, 36), 8u);  // on the wire
  EXPECT_EQ(f.substr(40), "abcd");
  EXPECT_EQ(w.packets(), 1u);
}

TEST(PcapWriter, PcapngBlocks) {
  PcapWriter w(PcapWriterOptions{.format = PcapFileFormat::Pcapng});
  EXPECT_EQ(w.bytes().size(), 28u + 20u);  // SHB + IDB
  w.writeFrame(2.5, asBytes("12345"));
  w.writePcapngBlock(4, asBytes("xy"));
  const std::string& f = w.bytes();
  EXPECT_EQ(le32(f, 0), 0x0A0D0D0Au);
  EXPECT_EQ(le32(f, 8), 0x1A2B3C4Du);
  EXPECT_EQ(le32(f, 28), 1u);  // IDB
  const std::size_t epb = 48;
  EXPECT_EQ(le32(f, epb), 6u);
  EXPECT_EQ(le32(f, epb + 4), 40u);  // 32 + 5 bytes padded to 8
  EXPECT_EQ(le32(f, epb + 16), 2500000u);  // timestamp low word, microseconds
  EXPECT_EQ(f.substr(epb + 28, 5), "12345");
  EXPECT_EQ(le32(f, epb + 36), 40u);
  EXPECT_EQ(le32(f, epb + 40), 4u);
  EXPECT_EQ(le32(f, epb + 44), 16u);
}

TEST(TcpConversationWriter, SequenceAndAcknowledgementNumbers) {
  PcapWriter w;
  TcpConversationWriter c(w, *parseIpEndpoint("10.0.0.1", 40000), *parseIpEndpoint("10.0.0.2", 80),
                          TcpConversationOptions{.segment_size = 4, .client_isn = 100, .server_isn = 900});
  c.open(10.0);
  c.send(true, "abcdefghij", 11.0);
  c.send(false, "xyz", 12.0);
  c.close(13.0);
  const auto p = packets(w.bytes());
  ASSERT_EQ(p.size(), 3u + 3u + 1u + 1u + 1u + 3u);
  EXPECT_EQ(p[0].segment.flags, tcp_flag::kSyn);
  EXPECT_EQ(p[0].segment.seq, 100u);
  EXPECT_EQ(p[1].segment.flags, tcp_flag::kSyn | tcp_flag::kAck);
  EXPECT_EQ(p[1].segment.ack, 101u);
  EXPECT_EQ(p[2].segment.ack, 901u);
  EXPECT_EQ(p[3].payload, "abcd");
  EXPECT_EQ(p[3].segment.seq, 101u);
  EXPECT_EQ(p[5].payload, "ij");
  EXPECT_EQ(p[5].segment.seq, 109u);
  EXPECT_EQ(p[5].segment.flags, tcp_flag::kAck | tcp_flag::kPsh);
  EXPECT_EQ(p[6].segment.ack, 111u);  // the server's ACK after the send
  EXPECT_EQ(p[7].payload, "xyz");
  EXPECT_EQ(p[9].segment.flags, tcp_flag::kFin | tcp_flag::kAck);
  EXPECT_EQ(p[9].segment.seq, 111u);
  EXPECT_EQ(p[10].segment.ack, 112u);
  EXPECT_EQ(p[11].segment.ack, 905u);
  EXPECT_EQ(p[0].t, 10.0);
  EXPECT_GT(p[3].t, 11.0 - 1e-9);
  for (std::size_t i = 1; i < p.size(); ++i) EXPECT_GE(p[i].t, p[i - 1].t);
}

TEST(TcpConversationWriter, ReorderingAndRetransmission) {
  PcapWriter w;
  TcpConversationWriter c(w, *parseIpEndpoint("10.0.0.1", 40000), *parseIpEndpoint("10.0.0.2", 80),
                          TcpConversationOptions{.segment_size = 1, .client_isn = 0, .retransmit_every = 3,
                                                 .reorder_every = 2, .ack_after_send = false});
  c.send(true, "abcdef", 1.0);
  std::string order;
  for (const auto& p : packets(w.bytes())) order += p.payload;
  // Every 2nd segment swaps with its successor (a, c b, e d, f); every 3rd written one is repeated
  // after the next: "acbebdff".
  EXPECT_EQ(order, "acbebdff");
  EXPECT_EQ(order.substr(0, 3), "acb");
  EXPECT_NE(order.find('b', 3), std::string::npos);  // retransmitted later
}

TEST(TcpConversationWriter, SkipLeavesAHoleThatThePeerAcknowledges) {
  PcapWriter w;
  TcpConversationWriter c(w, *parseIpEndpoint("10.0.0.1", 40000), *parseIpEndpoint("10.0.0.2", 80),
                          TcpConversationOptions{.client_isn = 0});
  c.send(true, "abc", 1.0);
  c.skip(true, 5);
  c.send(true, "xyz", 2.0);
  const auto p = packets(w.bytes());
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[2].segment.seq, 9u);
  EXPECT_EQ(p[3].segment.ack, 12u);
}

}  // namespace
}  // namespace wa::testing
