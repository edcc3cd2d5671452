// In-memory pcap/pcapng writer and a TCP conversation generator on top of it.
#include "wa/testing/pcap_writer.h"

#include <algorithm>
#include <cmath>

namespace wa::testing {
namespace {

void append16be(std::string& s, std::uint16_t v) {
  s.push_back(static_cast<char>(v >> 8));
  s.push_back(static_cast<char>(v & 0xff));
}
void append32be(std::string& s, std::uint32_t v) {
  append16be(s, static_cast<std::uint16_t>(v >> 16));
  append16be(s, static_cast<std::uint16_t>(v & 0xffff));
}
void append32le(std::string& s, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t checksumAdd(std::uint32_t sum, const std::uint8_t* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  return sum;
}
std::uint16_t checksumFinish(std::uint32_t sum) noexcept {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

void appendMac(std::string& s, const IpEndpoint& e) {
  const std::uint8_t last = e.v6 ? e.address[15] : e.address[3];
  const std::uint8_t mac[6] = {0x02, 0x00, 0x5e, 0x00, 0x00, last};
  s.append(reinterpret_cast<const char*>(mac), 6);
}

constexpr std::uint32_t kBlockShb = 0x0A0D0D0A;
constexpr std::uint32_t kBlockIdb = 1;
constexpr std::uint32_t kBlockEpb = 6;

}  // namespace

PcapWriter::PcapWriter(PcapWriterOptions options) : options_(options) {
  const auto link = static_cast<std::uint16_t>(options_.link);
  if (options_.format == PcapFileFormat::Pcapng) {
    put32(kBlockShb);
    put32(28);
    put32(0x1A2B3C4D);
    put16(1);
    put16(0);
    put32(0xffffffff);  // section length: unknown
    put32(0xffffffff);
    put32(28);
    put32(kBlockIdb);
    put32(20);
    put16(link);
    put16(0);
    put32(options_.snaplen);
    put32(20);
    return;
  }
  put32(options_.format == PcapFileFormat::PcapNanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
  put16(2);
  put16(4);
  put32(0);
  put32(0);
  put32(options_.snaplen);
  put32(link);
}

void PcapWriter::put16(std::uint16_t v) {
  if (options_.big_endian) {
    append16be(out_, v);
  } else {
    out_.push_back(static_cast<char>(v & 0xff));
    out_.push_back(static_cast<char>(v >> 8));
  }
}

void PcapWriter::put32(std::uint32_t v) {
  if (options_.big_endian) {
    append32be(out_, v);
  } else {
    append32le(out_, v);
  }
}

void PcapWriter::writeFrame(double t, ByteView frame, std::uint32_t wire_length) {
  const auto caplen = static_cast<std::uint32_t>(std::min<std::size_t>(frame.size(), options_.snaplen));
  const std::uint32_t wire = wire_length != 0 ? wire_length : static_cast<std::uint32_t>(frame.size());
  const bool nanos = options_.format == PcapFileFormat::PcapNanosecond;
  const double unit = nanos ? 1e9 : 1e6;
  double whole = std::floor(t);
  auto sub = static_cast<std::int64_t>(std::llround((t - whole) * unit));
  if (sub >= static_cast<std::int64_t>(unit)) {
    whole += 1;
    sub -= static_cast<std::int64_t>(unit);
  }
  const auto sec = static_cast<std::uint64_t>(whole);
  if (options_.format == PcapFileFormat::Pcapng) {
    const std::uint32_t padded = (caplen + 3) & ~3u;
    const std::uint32_t length = 32 + padded;
    const std::uint64_t ts = sec * 1000000u + static_cast<std::uint64_t>(sub);
    put32(kBlockEpb);
    put32(length);
    put32(0);
    put32(static_cast<std::uint32_t>(ts >> 32));
    put32(static_cast<std::uint32_t>(ts & 0xffffffff));
    put32(caplen);
    put32(wire);
    out_.append(reinterpret_cast<const char*>(frame.data()), caplen);
    out_.append(padded - caplen, '\0');
    put32(length);
  } else {
    put32(static_cast<std::uint32_t>(sec));
    put32(static_cast<std::uint32_t>(sub));
    put32(caplen);
    put32(wire);
    out_.append(reinterpret_cast<const char*>(frame.data()), caplen);
  }
  ++packets_;
}

void PcapWriter::writePcapngBlock(std::uint32_t type, ByteView body) {
  if (options_.format != PcapFileFormat::Pcapng) return;
  const auto padded = static_cast<std::uint32_t>((body.size() + 3) & ~std::size_t{3});
  const std::uint32_t length = 12 + padded;
  put32(type);
  put32(length);
  out_.append(reinterpret_cast<const char*>(body.data()), body.size());
  out_.append(padded - body.size(), '\0');
  put32(length);
}

std::string PcapWriter::buildTcpFrame(const TcpPacket& packet, ByteView payload) {
  std::string f;
  const bool v6 = packet.src.v6;
  const std::uint16_t ethertype = v6 ? 0x86dd : 0x0800;
  switch (options_.link) {
    case PcapLinkType::Ethernet:
      appendMac(f, packet.dst);
      appendMac(f, packet.src);
      if (options_.vlan) {
        append16be(f, 0x8100);
        append16be(f, static_cast<std::uint16_t>(*options_.vlan & 0x0fff));
      }
      append16be(f, ethertype);
      break;
    case PcapLinkType::LinuxSll:
      append16be(f, 0);  // packet type: to us
      append16be(f, 1);  // ARPHRD_ETHER
      append16be(f, 6);
      appendMac(f, packet.src);
      f.append(2, '\0');
      append16be(f, ethertype);
      break;
    case PcapLinkType::LinuxSll2:
      append16be(f, ethertype);
      append16be(f, 0);
      append32be(f, 1);  // interface index
      append16be(f, 1);  // ARPHRD_ETHER
      f.push_back(0);    // packet type
      f.push_back(6);
      appendMac(f, packet.src);
      f.append(2, '\0');
      break;
    case PcapLinkType::Null:
      append32le(f, v6 ? 30 : 2);
      break;
    case PcapLinkType::Loop:
      append32be(f, v6 ? 24 : 2);
      break;
    case PcapLinkType::Raw:
    case PcapLinkType::RawDlt12:
    case PcapLinkType::RawDlt14:
      break;
  }
  const std::size_t tcp_length = 20 + payload.size();
  std::uint32_t pseudo = 0;
  if (v6) {
    append32be(f, 0x60000000);
    append16be(f, static_cast<std::uint16_t>(tcp_length));
    f.push_back(6);
    f.push_back(64);
    f.append(reinterpret_cast<const char*>(packet.src.address.data()), 16);
    f.append(reinterpret_cast<const char*>(packet.dst.address.data()), 16);
    pseudo = checksumAdd(pseudo, packet.src.address.data(), 16);
    pseudo = checksumAdd(pseudo, packet.dst.address.data(), 16);
  } else {
    const std::size_t ip_at = f.size();
    f.push_back(0x45);
    f.push_back(0);
    append16be(f, static_cast<std::uint16_t>(20 + tcp_length));
    append16be(f, ip_id_++);
    append16be(f, 0x4000);  // don't fragment
    f.push_back(64);
    f.push_back(6);
    append16be(f, 0);
    f.append(reinterpret_cast<const char*>(packet.src.address.data()), 4);
    f.append(reinterpret_cast<const char*>(packet.dst.address.data()), 4);
    const std::uint16_t ip_sum =
        checksumFinish(checksumAdd(0, reinterpret_cast<const std::uint8_t*>(f.data()) + ip_at, 20));
    f[ip_at + 10] = static_cast<char>(ip_sum >> 8);
    f[ip_at + 11] = static_cast<char>(ip_sum & 0xff);
    pseudo = checksumAdd(pseudo, packet.src.address.data(), 4);
    pseudo = checksumAdd(pseudo, packet.dst.address.data(), 4);
  }
  pseudo += 6;
  pseudo += static_cast<std::uint32_t>(tcp_length);
  const std::size_t tcp_at = f.size();
  append16be(f, packet.src.port);
  append16be(f, packet.dst.port);
  append32be(f, packet.seq);
  append32be(f, packet.ack);
  f.push_back(0x50);
  f.push_back(static_cast<char>(packet.flags));
  append16be(f, packet.window);
  append16be(f, 0);
  append16be(f, 0);
  f.append(reinterpret_cast<const char*>(payload.data()), payload.size());
  const std::uint16_t tcp_sum =
      checksumFinish(checksumAdd(pseudo, reinterpret_cast<const std::uint8_t*>(f.data()) + tcp_at, tcp_length));
  f[tcp_at + 16] = static_cast<char>(tcp_sum >> 8);
  f[tcp_at + 17] = static_cast<char>(tcp_sum & 0xff);
  return f;
}

void PcapWriter::writeTcp(double t, const TcpPacket& packet, ByteView payload) {
  frame_ = buildTcpFrame(packet, payload);
  writeFrame(t, asBytes(frame_));
}

// ---------------------------------------------------------------------------------------------

TcpConversationWriter::TcpConversationWriter(PcapWriter& out, IpEndpoint client, IpEndpoint server,
                                             TcpConversationOptions options)
    : out_(&out), endpoint_{client, server}, options_(options), isn_{options.client_isn, options.server_isn} {}

std::uint32_t TcpConversationWriter::nextSeq(bool from_client) const noexcept {
  const std::size_t i = from_client ? 0 : 1;
  return isn_[i] + 1 + static_cast<std::uint32_t>(sent_[i]);
}

double TcpConversationWriter::tick(double t) {
  now_ = started_ ? std::max(t, now_ + options_.packet_interval) : t;
  started_ = true;
  return now_;
}

void TcpConversationWriter::packet(bool from_client, std::uint32_t seq, std::uint8_t flags, ByteView payload, double t) {
  const std::size_t i = from_client ? 0 : 1;
  TcpPacket p;
  p.src = endpoint_[i];
  p.dst = endpoint_[1 - i];
  p.seq = seq;
  p.ack = (flags & tcp_flag::kAck) != 0 ? nextSeq(!from_client) : 0;
  p.flags = flags;
  const double at = tick(t);
  if (capturing_) out_->writeTcp(at, p, payload);
}

void TcpConversationWriter::open(double t) {
  packet(true, isn_[0], tcp_flag::kSyn, {}, t);
  packet(false, isn_[1], tcp_flag::kSyn | tcp_flag::kAck, {}, t);
  packet(true, isn_[0] + 1, tcp_flag::kAck, {}, t);
}

void TcpConversationWriter::send(bool from_client, ByteView data, double t) {
  const std::size_t i = from_client ? 0 : 1;
  const std::size_t step = std::max<std::size_t>(options_.segment_size, 1);
  const std::uint32_t base = nextSeq(from_client);
  const std::size_t count = (data.size() + step - 1) / step;
  // Order of segment indices as written, with the configured reordering and retransmissions.
  std::vector<std::size_t> order;
  order.reserve(count + count / 2 + 1);
  for (std::size_t k = 0; k < count;) {
    ++data_segments_;
    if (options_.reorder_every != 0 && data_segments_ % options_.reorder_every == 0 && k + 1 < count) {
      ++data_segments_;
      order.push_back(k + 1);
      order.push_back(k);
      k += 2;
      continue;
    }
    order.push_back(k++);
  }
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> written;
  written.reserve(order.size() * 2);
  std::size_t duplicate = kNone;  // segment to write again after the next one
  std::size_t position = 0;
  for (std::size_t k : order) {
    written.push_back(k);
    if (duplicate != kNone) {
      written.push_back(duplicate);
      duplicate = kNone;
    }
    ++position;
    if (options_.retransmit_every != 0 && position % options_.retransmit_every == 0) duplicate = k;
  }
  if (duplicate != kNone) written.push_back(duplicate);
  std::vector<std::size_t> late;  // written after the peer's acknowledgement of them
  auto write = [&](std::size_t k) {
    const std::size_t at = k * step;
    const std::size_t n = std::min(step, data.size() - at);
    const auto flags = static_cast<std::uint8_t>(tcp_flag::kAck | (k + 1 == count ? tcp_flag::kPsh : 0));
    packet(from_client, base + static_cast<std::uint32_t>(at), flags, data.subspan(at, n), t);
  };
  for (std::size_t k : written) {
    if (options_.after_ack_every != 0 && ++late_counter_ % options_.after_ack_every == 0) {
      late.push_back(k);
      continue;
    }
    write(k);
  }
  sent_[i] += data.size();
  if (options_.ack_after_send && !data.empty()) packet(!from_client, nextSeq(!from_client), tcp_flag::kAck, {}, t);
  for (std::size_t k : late) write(k);
}

void TcpConversationWriter::skip(bool from_client, std::size_t n) { sent_[from_client ? 0 : 1] += n; }

void TcpConversationWriter::sendAt(bool from_client, std::uint64_t stream_offset, ByteView data, double t) {
  const std::size_t i = from_client ? 0 : 1;
  packet(from_client, isn_[i] + 1 + static_cast<std::uint32_t>(stream_offset),
         static_cast<std::uint8_t>(tcp_flag::kAck | tcp_flag::kPsh), data, t);
  sent_[i] = std::max<std::uint64_t>(sent_[i], stream_offset + data.size());
}

void TcpConversationWriter::close(double t) {
  packet(true, nextSeq(true), tcp_flag::kFin | tcp_flag::kAck, {}, t);
  sent_[0] += 1;  // the FIN takes one sequence number
  packet(false, nextSeq(false), tcp_flag::kFin | tcp_flag::kAck, {}, t);
  sent_[1] += 1;
  packet(true, nextSeq(true), tcp_flag::kAck, {}, t);
}

void TcpConversationWriter::reset(bool from_client, double t) {
  packet(from_client, nextSeq(from_client), tcp_flag::kRst | tcp_flag::kAck, {}, t);
}

}  // namespace wa::testing
