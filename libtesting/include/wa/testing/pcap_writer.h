// Writing pcap/pcapng files of TCP conversations in memory, for tests, benchmarks and the corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/error.h"
#include "wa/capture/tcp_reassembler.h"

namespace wa::testing {

using capture::IpEndpoint;
using support::asBytes;
using support::ByteView;
namespace tcp_flag = capture::tcp_flag;


/// Link types the writer can produce (the LINKTYPE_* value stored in the file).
enum class PcapLinkType : std::uint16_t {
  Null = 0,         ///< BSD loopback, address family in little-endian host order (2 / 30)
  Ethernet = 1,     ///< Ethernet II, optionally with one 802.1Q tag
  RawDlt12 = 12,    ///< raw IP under the DLT_RAW number of most systems
  RawDlt14 = 14,    ///< raw IP under OpenBSD's DLT_RAW number
  Raw = 101,        ///< LINKTYPE_RAW
  Loop = 108,       ///< OpenBSD loopback, address family in network order (2 / 24)
  LinuxSll = 113,   ///< Linux cooked v1
  LinuxSll2 = 276,  ///< Linux cooked v2
};

enum class PcapFileFormat : std::uint8_t {
  Pcap,            ///< classic pcap, microsecond timestamps
  PcapNanosecond,  ///< classic pcap, nanosecond timestamps
  Pcapng,          ///< pcapng: section header, one interface, enhanced packet blocks (microseconds)
};

struct PcapWriterOptions {
  PcapLinkType link = PcapLinkType::Ethernet;
  PcapFileFormat format = PcapFileFormat::Pcap;
  bool big_endian = false;                 ///< write the file in big-endian byte order
  std::uint32_t snaplen = 262144;          ///< longer packets are cut; their wire length is kept
  std::optional<std::uint16_t> vlan{};     ///< Ethernet only: add an 802.1Q tag with this id
};

/// The headers of one TCP packet.
struct TcpPacket {
  IpEndpoint src;
  IpEndpoint dst;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = tcp_flag::kAck;
  std::uint16_t window = 65535;
};

/// Accumulates a capture file in memory. IPv4 and TCP checksums are computed; IPv4 ids count up.
class PcapWriter {
 public:
  explicit PcapWriter(PcapWriterOptions options = {});

  /// One packet given as its link-layer frame. `wire_length` 0 means frame.size().
  void writeFrame(double t, ByteView frame, std::uint32_t wire_length = 0);
  /// One TCP packet: link-layer, IPv4 or IPv6 (from the endpoints) and TCP headers around `payload`.
  void writeTcp(double t, const TcpPacket& packet, ByteView payload);
  /// The link-layer frame writeTcp() would write (for tests that then damage it).
  std::string buildTcpFrame(const TcpPacket& packet, ByteView payload);
  /// pcapng only (ignored otherwise): a raw block of this type and body (padded to 4 bytes), e.g.
  /// a name resolution or decryption secrets block that readers must skip.
  void writePcapngBlock(std::uint32_t type, ByteView body);

  [[nodiscard]] const std::string& bytes() const noexcept { return out_; }
  /// Moves the file out; the writer is empty afterwards (no header).
  std::string take() noexcept { return std::move(out_); }
  [[nodiscard]] std::size_t packets() const noexcept { return packets_; }
  [[nodiscard]] const PcapWriterOptions& options() const noexcept { return options_; }

 private:
  void put16(std::uint16_t v);
  void put32(std::uint32_t v);

  PcapWriterOptions options_;
  std::string out_;
  std::string frame_;
  std::size_t packets_ = 0;
  std::uint16_t ip_id_ = 1;
};

struct TcpConversationOptions {
  std::size_t segment_size = 1460;          ///< payload bytes per segment at most
  std::uint32_t client_isn = 0x10000000;    ///< initial sequence numbers (try 0xffffff00 for wrap-around)
  std::uint32_t server_isn = 0x20000000;
  double packet_interval = 0.0001;          ///< seconds between consecutive packets
  std::size_t retransmit_every = 0;         ///< every Nth data segment is written again after the next one
  std::size_t reorder_every = 0;            ///< every Nth data segment is written after the one following it
  /// Every Nth data segment is written only after the peer's ACK that covers it (capture-side
  /// reordering: several NIC queues, port mirrors, merged files).
  std::size_t after_ack_every = 0;
  bool ack_after_send = true;               ///< the receiver writes a pure ACK after each send()
};

/// Writes one TCP connection between a client and a server, with proper sequence and
/// acknowledgement numbers. Times passed in are lower bounds: packets never go back in time.
class TcpConversationWriter {
 public:
  /// `out` must outlive the writer.
  TcpConversationWriter(PcapWriter& out, IpEndpoint client, IpEndpoint server, TcpConversationOptions options = {});

  /// SYN, SYN-ACK, ACK.
  void open(double t);
  /// The bytes of one side, cut into segments (with the configured injections).
  void send(bool from_client, ByteView data, double t);
  void send(bool from_client, std::string_view data, double t) { send(from_client, asBytes(data), t); }
  /// `n` bytes of one side that were sent but are missing from the capture (the peer still ACKs them).
  void skip(bool from_client, std::size_t n);
  /// One segment at an explicit stream offset of a side (for overlaps and odd orders); does not
  /// move the side's next sequence number unless it extends it.
  void sendAt(bool from_client, std::uint64_t stream_offset, ByteView data, double t);
  /// FIN from the client, FIN-ACK from the server, final ACK.
  void close(double t);
  /// A RST from one side.
  void reset(bool from_client, double t);
  /// While false, packets are not written (a capture not running yet) but sequence numbers and
  /// time advance as if they were.
  void setCapturing(bool capturing) noexcept { capturing_ = capturing; }

  [[nodiscard]] std::uint32_t nextSeq(bool from_client) const noexcept;
  /// Time of the last packet written.
  [[nodiscard]] double now() const noexcept { return now_; }

 private:
  void packet(bool from_client, std::uint32_t seq, std::uint8_t flags, ByteView payload, double t);
  double tick(double t);

  PcapWriter* out_;
  IpEndpoint endpoint_[2];  // client, server
  TcpConversationOptions options_;
  std::uint32_t isn_[2];
  std::uint64_t sent_[2] = {0, 0};  // stream bytes of each side so far (client, server)
  std::size_t data_segments_ = 0;
  std::size_t late_counter_ = 0;
  double now_ = 0;
  bool started_ = false;
  bool capturing_ = true;
};

}  // namespace wa::testing
