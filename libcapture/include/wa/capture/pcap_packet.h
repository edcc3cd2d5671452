// Decoding one captured packet down to its TCP segment: link layer, IPv4/IPv6, TCP header.
#pragma once

#include <cstdint>
#include <string_view>

#include "wa/capture/error.h"
#include "wa/capture/tcp_reassembler.h"

namespace wa::capture {

/// Link-layer header types as pcap_datalink() reports them (DLT_* values).
namespace link_type {
inline constexpr int kNull = 0;        ///< BSD loopback: 4-byte address family, host byte order
inline constexpr int kEthernet = 1;    ///< Ethernet II, with any number (<= 4) of 802.1Q/802.1ad tags
inline constexpr int kRaw = 12;        ///< raw IPv4/IPv6 (DLT_RAW on most systems)
inline constexpr int kRawBsd = 14;     ///< raw IP (DLT_RAW on OpenBSD)
inline constexpr int kRawLinktype = 101;  ///< LINKTYPE_RAW, should libpcap pass it through unmapped
inline constexpr int kLoop = 108;      ///< OpenBSD loopback: 4-byte address family, network order
inline constexpr int kLinuxSll = 113;  ///< Linux cooked capture v1 (16-byte header)
inline constexpr int kIpv4 = 228;      ///< raw IPv4
inline constexpr int kIpv6 = 229;      ///< raw IPv6
inline constexpr int kLinuxSll2 = 276; ///< Linux cooked capture v2 (20-byte header)
}  // namespace link_type

/// True for the link types decodePacket() understands.
bool isSupportedLinkType(int dlt) noexcept;
/// "EN10MB", "LINUX_SLL", ... or "DLT <n>".
std::string_view linkTypeName(int dlt) noexcept;

/// What a packet turned out to be.
enum class PacketKind : std::uint8_t {
  Tcp,              ///< `out` holds the segment
  NotIp,            ///< ARP, LLC, other ethertypes or address families
  NotTcp,           ///< IP but another transport (UDP, ICMP, ESP, ...)
  Fragment,         ///< an IPv4 fragment or IPv6 fragment header (not reassembled)
  Truncated,        ///< headers cut off by the snapshot length
  Malformed,        ///< impossible header values
  UnsupportedLink,  ///< a link type this decoder does not know
};

/// Decodes one packet. `frame` holds the captured bytes, `wire_length` the length on the wire
/// (pcap's len). On Tcp, `out` gets addresses, ports, sequence numbers, flags, the captured
/// payload (a view into `frame`) and missing_tail = payload bytes beyond the snapshot length;
/// Ethernet padding is cut off using the IP length. t and source_offset are left alone.
/// IPv6 extension headers (hop-by-hop, routing, destination options, AH, mobility) are skipped;
/// an atomic fragment header (offset 0, no more fragments) is skipped too. An IPv4 total length
/// of 0 (segmentation offload) means "the captured length".
PacketKind decodePacket(int dlt, ByteView frame, std::uint32_t wire_length, TcpSegment& out) noexcept;

}  // namespace wa::capture
