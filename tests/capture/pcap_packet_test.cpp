// Unit tests of packet decoding: every link type, VLAN tags, IPv6 extension headers, fragments,
// truncation and malformed headers.
#include "wa/capture/pcap_packet.h"

#include <string>

#include <gtest/gtest.h>

#include "wa/testing/pcap_writer.h"

namespace wa::capture {
namespace {

using wa::testing::PcapLinkType;
using wa::testing::PcapWriter;
using wa::testing::PcapWriterOptions;
using wa::testing::TcpPacket;

TcpPacket samplePacket(bool v6) {
  TcpPacket p;
  p.src = *parseIpEndpoint(v6 ? "2001:db8::10" : "10.0.0.1", 51000);
  p.dst = *parseIpEndpoint(v6 ? "2001:db8::20" : "10.0.0.2", 8080);
  p.seq = 0x01020304;
  p.ack = 0xa0b0c0d0;
  p.flags = tcp_flag::kAck | tcp_flag::kPsh;
  return p;
}

struct LinkCase {
  const char* name;
  PcapLinkType link;
  int dlt;  // what pcap_datalink() reports for it on Linux
};

class PacketLinks : public ::testing::TestWithParam<std::tuple<LinkCase, bool>> {};

TEST_P(PacketLinks, DecodesTcpOverEveryLinkType) {
  const auto [link, v6] = GetParam();
  PcapWriter writer(PcapWriterOptions{.link = link.link});
  const TcpPacket p = samplePacket(v6);
  const std::string frame = writer.buildTcpFrame(p, asBytes("payload!"));
  TcpSegment s;
  ASSERT_EQ(decodePacket(link.dlt, asBytes(frame), static_cast<std::uint32_t>(frame.size()), s), PacketKind::Tcp);
  EXPECT_EQ(s.src, p.src);
  EXPECT_EQ(s.dst, p.dst);
  EXPECT_EQ(s.seq, p.seq);
  EXPECT_EQ(s.ack, p.ack);
  EXPECT_EQ(s.flags, p.flags);
  EXPECT_EQ(asChars(s.payload), "payload!");
  EXPECT_EQ(s.missing_tail, 0u);
  EXPECT_EQ(s.payload.data() + s.payload.size(), reinterpret_cast<const std::uint8_t*>(frame.data()) + frame.size());
}

INSTANTIATE_TEST_SUITE_P(All, PacketLinks,
                         ::testing::Combine(::testing::Values(LinkCase{"Ethernet", PcapLinkType::Ethernet, link_type::kEthernet},
                                                              LinkCase{"LinuxSll", PcapLinkType::LinuxSll, link_type::kLinuxSll},
                                                              LinkCase{"LinuxSll2", PcapLinkType::LinuxSll2, link_type::kLinuxSll2},
                                                              LinkCase{"Null", PcapLinkType::Null, link_type::kNull},
                                                              LinkCase{"Loop", PcapLinkType::Loop, link_type::kLoop},
                                                              LinkCase{"Raw", PcapLinkType::Raw, link_type::kRaw},
                                                              LinkCase{"RawDlt14", PcapLinkType::RawDlt14, link_type::kRawBsd}),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<LinkCase, bool>>& p) {
                           return std::string(std::get<0>(p.param).name) + (std::get<1>(p.param) ? "V6" : "V4");
                         });

TEST(PcapPacket, VlanTagsAreSkipped) {
  PcapWriter writer(PcapWriterOptions{.vlan = 42});
  const std::string frame = writer.buildTcpFrame(samplePacket(false), asBytes("x"));
  EXPECT_EQ(static_cast<unsigned char>(frame[12]), 0x81);
  TcpSegment s;
  ASSERT_EQ(decodePacket(link_type::kEthernet, asBytes(frame), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Tcp);
  EXPECT_EQ(asChars(s.payload), "x");
  // Double tagging (802.1ad outer tag).
  std::string qinq = frame.substr(0, 12) + std::string("\x88\xa8\x00\x07", 4) + frame.substr(12);
  ASSERT_EQ(decodePacket(link_type::kEthernet, asBytes(qinq), static_cast<std::uint32_t>(qinq.size()), s),
            PacketKind::Tcp);
  EXPECT_EQ(asChars(s.payload), "x");
}

TEST(PcapPacket, EthernetPaddingIsCutByTheIpLength) {
  PcapWriter writer;
  std::string frame = writer.buildTcpFrame(samplePacket(false), asBytes("ab"));
  frame.append(6, '\0');  // padding to the 60-byte minimum
  TcpSegment s;
  ASSERT_EQ(decodePacket(link_type::kEthernet, asBytes(frame), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Tcp);
  EXPECT_EQ(asChars(s.payload), "ab");
}

TEST(PcapPacket, SnapshotTruncationGivesMissingTail) {
  PcapWriter writer;
  const std::string frame = writer.buildTcpFrame(samplePacket(false), asBytes("0123456789"));
  TcpSegment s;
  const std::string cut = frame.substr(0, frame.size() - 4);
  ASSERT_EQ(decodePacket(link_type::kEthernet, asBytes(cut), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Tcp);
  EXPECT_EQ(asChars(s.payload), "012345");
  EXPECT_EQ(s.missing_tail, 4u);
  // Cut inside the TCP header: nothing usable.
  const std::string header_cut = frame.substr(0, 14 + 20 + 10);
  EXPECT_EQ(decodePacket(link_type::kEthernet, asBytes(header_cut), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Truncated);
  // The same bytes without a larger wire length are simply broken.
  EXPECT_EQ(decodePacket(link_type::kEthernet, asBytes(header_cut), static_cast<std::uint32_t>(header_cut.size()), s),
            PacketKind::Malformed);
}

TEST(PcapPacket, Ipv4FragmentsAreReported) {
  PcapWriter writer(PcapWriterOptions{.link = PcapLinkType::Raw});
  std::string frame = writer.buildTcpFrame(samplePacket(false), asBytes("x"));
  TcpSegment s;
  frame[6] = 0x20;  // more fragments
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(frame), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Fragment);
  frame[6] = 0x00;
  frame[7] = 0x10;  // offset 16*8
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(frame), static_cast<std::uint32_t>(frame.size()), s),
            PacketKind::Fragment);
}

/// An IPv6 packet whose TCP header follows the given extension headers.
std::string ipv6WithExtensions(const std::string& extensions, std::uint8_t first_next) {
  PcapWriter writer(PcapWriterOptions{.link = PcapLinkType::Raw});
  std::string plain = writer.buildTcpFrame(samplePacket(true), asBytes("v6data"));
  std::string out = plain.substr(0, 40) + extensions + plain.substr(40);
  const auto payload = static_cast<std::uint16_t>(out.size() - 40);
  out[4] = static_cast<char>(payload >> 8);
  out[5] = static_cast<char>(payload & 0xff);
  out[6] = static_cast<char>(first_next);
  return out;
}

TEST(PcapPacket, Ipv6ExtensionHeadersAreSkipped) {
  // hop-by-hop (8 bytes) -> destination options (16 bytes) -> TCP
  std::string ext;
  ext += std::string("\x3c\x00", 2) + std::string(6, '\x01');
  ext += std::string("\x06\x01", 2) + std::string(14, '\x01');
  const std::string packet = ipv6WithExtensions(ext, 0);
  TcpSegment s;
  ASSERT_EQ(decodePacket(link_type::kRaw, asBytes(packet), static_cast<std::uint32_t>(packet.size()), s), PacketKind::Tcp);
  EXPECT_EQ(asChars(s.payload), "v6data");
  EXPECT_EQ(toString(s.src), "[2001:db8::10]:51000");
}

TEST(PcapPacket, Ipv6FragmentHeader) {
  TcpSegment s;
  const std::string atomic = ipv6WithExtensions(std::string("\x06\x00\x00\x00\x00\x00\x00\x01", 8), 44);
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(atomic), static_cast<std::uint32_t>(atomic.size()), s), PacketKind::Tcp);
  const std::string first = ipv6WithExtensions(std::string("\x06\x00\x00\x01\x00\x00\x00\x01", 8), 44);
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(first), static_cast<std::uint32_t>(first.size()), s),
            PacketKind::Fragment);
}

TEST(PcapPacket, OtherProtocols) {
  PcapWriter writer(PcapWriterOptions{.link = PcapLinkType::Raw});
  std::string udp = writer.buildTcpFrame(samplePacket(false), asBytes("x"));
  udp[9] = 17;
  TcpSegment s;
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(udp), static_cast<std::uint32_t>(udp.size()), s), PacketKind::NotTcp);
  const std::string esp = ipv6WithExtensions({}, 50);
  EXPECT_EQ(decodePacket(link_type::kRaw, asBytes(esp), static_cast<std::uint32_t>(esp.size()), s), PacketKind::NotTcp);
  std::string arp(42, '\0');
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_EQ(decodePacket(link_type::kEthernet, asBytes(arp), 42, s), PacketKind::NotIp);
  const std::string loop_other("\x00\x00\x00\x07\x45", 5);
  EXPECT_EQ(decodePacket(link_type::kLoop, asBytes(loop_other), 5, s), PacketKind::NotIp);
  EXPECT_EQ(decodePacket(147, asBytes(loop_other), 5, s), PacketKind::UnsupportedLink);
}

TEST(PcapPacket, MalformedHeaders) {
  PcapWriter writer(PcapWriterOptions{.link = PcapLinkType::Raw});
  const std::string good = writer.buildTcpFrame(samplePacket(false), asBytes("x"));
  TcpSegment s;
  auto decode = [&](const std::string& f) {
    return decodePacket(link_type::kRaw, asBytes(f), static_cast<std::uint32_t>(f.size()), s);
  };
  std::string bad_ihl = good;
  bad_ihl[0] = 0x44;
  EXPECT_EQ(decode(bad_ihl), PacketKind::Malformed);
  std::string long_total = good;
  long_total[2] = 0x10;  // claims 4 KiB that were not on the wire
  EXPECT_EQ(decode(long_total), PacketKind::Malformed);
  std::string bad_offset = good;
  bad_offset[20 + 12] = 0x30;  // TCP data offset 3 words
  EXPECT_EQ(decode(bad_offset), PacketKind::Malformed);
  std::string zero_total = good;
  zero_total[2] = zero_total[3] = 0;  // segmentation offload: use the captured length
  EXPECT_EQ(decode(zero_total), PacketKind::Tcp);
  EXPECT_EQ(decode(std::string()), PacketKind::Malformed);
  EXPECT_EQ(decode(std::string(1, '\x45')), PacketKind::Malformed);
}

TEST(PcapPacket, LinkTypeNames) {
  EXPECT_TRUE(isSupportedLinkType(link_type::kLinuxSll2));
  EXPECT_FALSE(isSupportedLinkType(105));
  EXPECT_EQ(linkTypeName(link_type::kEthernet), "EN10MB");
  EXPECT_EQ(linkTypeName(link_type::kRawBsd), "RAW");
}

}  // namespace
}  // namespace wa::capture
