// Link-layer, IPv4/IPv6 and TCP header decoding (RFC 791, RFC 8200 §4, RFC 9293 §3.1).
#include "wa/capture/pcap_packet.h"

#include <algorithm>
#include <cstring>

namespace wa::capture {
namespace {

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}
std::uint32_t le32(const std::uint8_t* p) noexcept {
  return static_cast<std::uint32_t>(p[3]) << 24 | static_cast<std::uint32_t>(p[2]) << 16 |
         static_cast<std::uint32_t>(p[1]) << 8 | p[0];
}

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;

bool isVlanTag(std::uint16_t ethertype) noexcept {
  return ethertype == 0x8100 || ethertype == 0x88a8 || ethertype == 0x9100;
}

/// Address family values of BSD-style loopback headers for IPv6 (Linux, NetBSD/OpenBSD, FreeBSD, macOS).
bool isAfInet6(std::uint32_t af) noexcept { return af == 10 || af == 24 || af == 28 || af == 30; }

struct Cursor {
  const std::uint8_t* p;
  std::size_t captured;  // bytes available from p
  bool truncated_frame;  // the capture cut the frame (captured < wire length)
};

PacketKind decodeTcp(const Cursor& c, std::uint64_t wire_payload, TcpSegment& out) noexcept {
  if (c.captured < 20) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  const std::size_t header = static_cast<std::size_t>(c.p[12] >> 4) * 4;
  if (header < 20) return PacketKind::Malformed;
  if (c.captured < header) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  if (wire_payload < header) return PacketKind::Malformed;
  out.src.port = be16(c.p);
  out.dst.port = be16(c.p + 2);
  out.seq = be32(c.p + 4);
  out.ack = be32(c.p + 8);
  out.flags = c.p[13];
  const std::uint64_t payload_wire = wire_payload - header;
  const std::uint64_t payload_captured = std::min<std::uint64_t>(c.captured - header, payload_wire);
  out.payload = ByteView(c.p + header, static_cast<std::size_t>(payload_captured));
  out.missing_tail = static_cast<std::uint32_t>(std::min<std::uint64_t>(payload_wire - payload_captured, 0xffffffffu));
  return PacketKind::Tcp;
}

PacketKind decodeIpv4(Cursor c, TcpSegment& out) noexcept {
  if (c.captured < 20) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  if ((c.p[0] >> 4) != 4) return PacketKind::Malformed;
  const std::size_t header = static_cast<std::size_t>(c.p[0] & 0x0f) * 4;
  if (header < 20) return PacketKind::Malformed;
  if (c.captured < header) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  std::uint64_t total = be16(c.p + 2);
  if (total == 0) total = c.captured;  // segmentation offload reports 0
  if (total < header) return PacketKind::Malformed;
  if (total > c.captured && !c.truncated_frame) return PacketKind::Malformed;
  const std::uint16_t frag = be16(c.p + 6);
  if ((frag & 0x2000) != 0 || (frag & 0x1fff) != 0) return PacketKind::Fragment;
  if (c.p[9] != 6) return PacketKind::NotTcp;
  out.src = IpEndpoint{};
  out.dst = IpEndpoint{};
  std::memcpy(out.src.address.data(), c.p + 12, 4);
  std::memcpy(out.dst.address.data(), c.p + 16, 4);
  const Cursor tcp{c.p + header, std::min<std::uint64_t>(c.captured, total) - header, c.truncated_frame};
  return decodeTcp(tcp, total - header, out);
}

PacketKind decodeIpv6(Cursor c, TcpSegment& out) noexcept {
  if (c.captured < 40) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  if ((c.p[0] >> 4) != 6) return PacketKind::Malformed;
  std::uint64_t payload = be16(c.p + 4);
  if (payload == 0) payload = c.captured - 40;  // jumbogram or segmentation offload
  if (payload + 40 > c.captured && !c.truncated_frame) return PacketKind::Malformed;
  std::uint8_t next = c.p[6];
  out.src = IpEndpoint{};
  out.dst = IpEndpoint{};
  out.src.v6 = out.dst.v6 = true;
  std::memcpy(out.src.address.data(), c.p + 8, 16);
  std::memcpy(out.dst.address.data(), c.p + 24, 16);
  std::size_t pos = 40;
  const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(c.captured, 40 + payload));
  for (int headers = 0; headers < 16; ++headers) {
    if (next == 6) {
      const Cursor tcp{c.p + pos, available - pos, c.truncated_frame};
      return decodeTcp(tcp, 40 + payload - pos, out);
    }
    std::size_t length = 0;
    switch (next) {
      case 0: case 43: case 60: case 135: case 139: case 140:  // hop-by-hop, routing, dest. options, mobility, HIP, shim6
        if (available - pos < 2) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
        length = (static_cast<std::size_t>(c.p[pos + 1]) + 1) * 8;
        break;
      case 51:  // authentication header
        if (available - pos < 2) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
        length = (static_cast<std::size_t>(c.p[pos + 1]) + 2) * 4;
        break;
      case 44: {  // fragment
        if (available - pos < 8) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
        const std::uint16_t frag = be16(c.p + pos + 2);
        if ((frag & 0xfff8) != 0 || (frag & 1) != 0) return PacketKind::Fragment;
        length = 8;
        break;
      }
      default:
        return PacketKind::NotTcp;
    }
    if (length > available - pos) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
    next = c.p[pos];
    pos += length;
  }
  return PacketKind::Malformed;
}

PacketKind decodeIp(Cursor c, TcpSegment& out) noexcept {
  if (c.captured < 1) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
  switch (c.p[0] >> 4) {
    case 4: return decodeIpv4(c, out);
    case 6: return decodeIpv6(c, out);
    default: return PacketKind::NotIp;
  }
}

/// After a link header that ends in an ethertype at `type_at`, with VLAN tags possibly following.
PacketKind decodeEthertype(Cursor c, std::size_t type_at, TcpSegment& out) noexcept {
  std::size_t pos = type_at;
  for (int tags = 0;; ++tags) {
    if (c.captured < pos + 2) return c.truncated_frame ? PacketKind::Truncated : PacketKind::Malformed;
    const std::uint16_t type = be16(c.p + pos);
    if (isVlanTag(type) && tags < 4) {
      pos += 4;
      continue;
    }
    pos += 2;
    const Cursor ip{c.p + pos, c.captured - pos, c.truncated_frame};
    if (type == kEtherIpv4) return decodeIpv4(ip, out);
    if (type == kEtherIpv6) return decodeIpv6(ip, out);
    return PacketKind::NotIp;
  }
}

}  // namespace

bool isSupportedLinkType(int dlt) noexcept {
  switch (dlt) {
    case link_type::kNull: case link_type::kEthernet: case link_type::kRaw: case link_type::kRawBsd:
    case link_type::kRawLinktype: case link_type::kLoop: case link_type::kLinuxSll: case link_type::kIpv4:
    case link_type::kIpv6: case link_type::kLinuxSll2:
      return true;
    default:
      return false;
  }
}

std::string_view linkTypeName(int dlt) noexcept {
  switch (dlt) {
    case link_type::kNull: return "NULL";
    case link_type::kEthernet: return "EN10MB";
    case link_type::kRaw: case link_type::kRawBsd: case link_type::kRawLinktype: return "RAW";
    case link_type::kLoop: return "LOOP";
    case link_type::kLinuxSll: return "LINUX_SLL";
    case link_type::kIpv4: return "IPV4";
    case link_type::kIpv6: return "IPV6";
    case link_type::kLinuxSll2: return "LINUX_SLL2";
    default: return "unsupported";
  }
}

PacketKind decodePacket(int dlt, ByteView frame, std::uint32_t wire_length, TcpSegment& out) noexcept {
  const Cursor c{frame.data(), frame.size(), frame.size() < wire_length};
  auto truncatedOr = [&](PacketKind otherwise) { return c.truncated_frame ? PacketKind::Truncated : otherwise; };
  switch (dlt) {
    case link_type::kEthernet:
      return decodeEthertype(c, 12, out);
    case link_type::kLinuxSll:
      return decodeEthertype(c, 14, out);
    case link_type::kLinuxSll2: {
      // Protocol type first, then 18 more header bytes; VLAN tags (TCI, inner type) follow the header.
      if (c.captured < 20) return truncatedOr(PacketKind::Malformed);
      std::uint16_t type = be16(c.p);
      std::size_t pos = 20;
      for (int tags = 0; isVlanTag(type) && tags < 4; ++tags) {
        if (c.captured < pos + 4) return truncatedOr(PacketKind::Malformed);
        type = be16(c.p + pos + 2);
        pos += 4;
      }
      const Cursor ip{c.p + pos, c.captured - pos, c.truncated_frame};
      if (type == kEtherIpv4) return decodeIpv4(ip, out);
      if (type == kEtherIpv6) return decodeIpv6(ip, out);
      return PacketKind::NotIp;
    }
    case link_type::kNull:
    case link_type::kLoop: {
      if (c.captured < 4) return truncatedOr(PacketKind::Malformed);
      const std::uint32_t a = le32(c.p), b = be32(c.p);
      const Cursor ip{c.p + 4, c.captured - 4, c.truncated_frame};
      if (a == 2 || b == 2) return decodeIpv4(ip, out);
      if (isAfInet6(a) || isAfInet6(b)) return decodeIpv6(ip, out);
      return PacketKind::NotIp;
    }
    case link_type::kRaw:
    case link_type::kRawBsd:
    case link_type::kRawLinktype:
    case link_type::kIpv4:
    case link_type::kIpv6:
      return decodeIp(c, out);
    default:
      return PacketKind::UnsupportedLink;
  }
}

}  // namespace wa::capture
