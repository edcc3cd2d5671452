// TCP reassembly: sequence arithmetic modulo 2^32, first-seen-wins overlaps, bounded buffering,
// holes that wait for late segments.
#include "wa/capture/tcp_reassembler.h"

#include <algorithm>
#include <cstring>

#include <arpa/inet.h>
#include <fmt/format.h>

namespace wa::capture {
namespace {

/// Segments further ahead of the stream than this are treated as garbage, not as a huge gap.
constexpr std::uint64_t kMaxAhead = std::uint64_t{1} << 30;

/// A run of stream bytes: captured bytes followed by `missing` bytes that were not captured.
struct Span {
  const std::uint8_t* data = nullptr;
  std::uint64_t size = 0;
  std::uint64_t missing = 0;
  std::uint64_t source = 0;  // source offset of data[0]

  [[nodiscard]] std::uint64_t length() const noexcept { return size + missing; }
  [[nodiscard]] Span front(std::uint64_t n) const noexcept {
    Span s = *this;
    s.size = std::min(n, size);
    s.missing = n - s.size;
    return s;
  }
  void dropFront(std::uint64_t n) noexcept {
    const std::uint64_t d = std::min(n, size);
    data += d;
    size -= d;
    source += d;
    missing -= n - d;
  }
};

}  // namespace

namespace detail {

/// Out-of-order bytes waiting for the hole before them.
struct TcpPiece {
  std::string data;
  std::uint64_t missing = 0;
  std::uint64_t source = 0;
  [[nodiscard]] std::uint64_t length() const noexcept { return data.size() + missing; }
};

/// One direction of a connection.
struct TcpHalfStream {
  bool started = false;
  std::uint32_t base = 0;      // sequence number of stream offset 0
  std::uint64_t offset = 0;    // next stream offset to deliver
  std::uint64_t acked = 0;     // highest stream offset the peer acknowledged
  bool fin_known = false;
  std::uint64_t fin_offset = 0;
  bool ended = false;
  bool start_missing = false;  // offset 0 is the first byte seen, not the first byte sent
  bool start_reported = false;
  std::map<std::uint64_t, TcpPiece> pending;
  std::size_t buffered = 0;    // pending data bytes

  /// Stream offset of a sequence number, taken as the nearest to the current offset (mod 2^32).
  [[nodiscard]] std::int64_t relative(std::uint32_t seq) const noexcept {
    const auto d = static_cast<std::int32_t>(seq - (base + static_cast<std::uint32_t>(offset)));
    return static_cast<std::int64_t>(offset) + d;
  }
};

}  // namespace detail

using detail::TcpHalfStream;
using detail::TcpPiece;

struct TcpReassembler::Connection {
  IpEndpoint endpoint[2];  // initiator, responder
  TcpHalfStream side[2];
  std::unique_ptr<TcpStreamHandler> handler;
  bool ignored = false;
  bool mid_stream = false;
  bool fin_seen[2]{};
  bool lingering = false;  // both FINs known, holes left: waiting for late segments
  std::uint64_t linger_until = 0;  // stats.segments at which a lingering connection closes
};

namespace {

/// Operations on one direction of a connection.
class StreamOps {
 public:
  StreamOps(TcpReassembler::Connection& c, TcpSide side, TcpStats& stats, double t, std::uint64_t source)
      : c_(c), side_(side), hs_(c.side[static_cast<std::size_t>(side)]), stats_(stats), t_(t), source_(source) {}

  /// Tells the handler once, before anything else of this side, that its start is missing.
  void reportStart() {
    if (!hs_.start_missing || hs_.start_reported) return;
    hs_.start_reported = true;
    c_.handler->onStartMissing(side_, TcpChunkInfo{hs_.offset, t_, source_});
  }

  void gap(std::uint64_t n, std::uint64_t source) {
    if (n == 0) return;
    reportStart();
    ++stats_.gaps;
    stats_.gap_bytes += n;
    c_.handler->onGap(side_, n, TcpChunkInfo{hs_.offset, t_, source});
    hs_.offset += n;
  }

  void deliver(const Span& s) {
    reportStart();
    if (s.size != 0) {
      c_.handler->onData(side_, ByteView(s.data, static_cast<std::size_t>(s.size)), TcpChunkInfo{hs_.offset, t_, s.source});
      hs_.offset += s.size;
    }
    if (s.missing != 0) gap(s.missing, s.source + s.size);
  }

  /// Delivers buffered pieces that start at or before the current offset.
  void drain() {
    while (!hs_.pending.empty()) {
      auto it = hs_.pending.begin();
      if (it->first > hs_.offset) break;
      const std::uint64_t start = it->first;
      TcpPiece piece = std::move(it->second);
      hs_.pending.erase(it);
      hs_.buffered -= piece.data.size();
      Span s{reinterpret_cast<const std::uint8_t*>(piece.data.data()), piece.data.size(), piece.missing, piece.source};
      const std::uint64_t end = start + s.length();
      if (end <= hs_.offset) {
        stats_.retransmitted_bytes += s.length();
        continue;
      }
      s.dropFront(hs_.offset - start);
      deliver(s);
    }
    checkEnd();
  }

  void checkEnd() {
    if (hs_.fin_known && !hs_.ended && hs_.offset >= hs_.fin_offset) {
      hs_.ended = true;
      c_.handler->onEnd(side_, TcpChunkInfo{hs_.offset, t_, source_});
    }
  }

  /// Buffers the parts of `s` (at stream offset `start`) that no buffered piece covers yet.
  void insert(std::uint64_t start, Span s) {
    const std::uint64_t end = start + s.length();
    std::uint64_t cur = start;
    auto it = hs_.pending.upper_bound(start);
    if (it != hs_.pending.begin()) {
      auto prev = std::prev(it);
      cur = std::max(cur, prev->first + prev->second.length());
    }
    while (cur < end) {
      if (it == hs_.pending.end() || it->first > cur) {
        const std::uint64_t piece_end = it == hs_.pending.end() ? end : std::min(end, it->first);
        Span part = s;
        part.dropFront(cur - start);
        part = part.front(piece_end - cur);
        TcpPiece piece{std::string(reinterpret_cast<const char*>(part.data), static_cast<std::size_t>(part.size)),
                    part.missing, part.source};
        hs_.buffered += piece.data.size();
        hs_.pending.emplace_hint(it, cur, std::move(piece));
        cur = piece_end;
      } else {
        const std::uint64_t covered_end = it->first + it->second.length();
        if (covered_end > cur) stats_.retransmitted_bytes += std::min(covered_end, end) - cur;
        cur = std::max(cur, covered_end);
        ++it;
      }
    }
  }

  void accept(std::uint32_t seq, Span s, std::size_t cap) {
    if (s.length() == 0) return;
    std::int64_t start = hs_.relative(seq);
    if (start == static_cast<std::int64_t>(hs_.offset) && hs_.pending.empty()) {
      if (hs_.acked > hs_.offset) ++stats_.late_segments;
      deliver(s);
      checkEnd();
      return;
    }
    for (;;) {
      if (start < static_cast<std::int64_t>(hs_.offset)) {
        const std::uint64_t cut = hs_.offset - static_cast<std::uint64_t>(start);
        if (cut >= s.length()) {
          stats_.retransmitted_bytes += s.length();
          return;
        }
        stats_.retransmitted_bytes += cut;
        s.dropFront(cut);
        start = static_cast<std::int64_t>(hs_.offset);
      }
      const auto ustart = static_cast<std::uint64_t>(start);
      if (ustart - hs_.offset > kMaxAhead) {
        ++stats_.implausible_segments;
        return;
      }
      if (ustart == hs_.offset) {
        if (hs_.acked > hs_.offset) ++stats_.late_segments;
        // Deliver up to the first buffered piece (seen first, so it wins); buffer the rest.
        const std::uint64_t limit =
            hs_.pending.empty() ? s.length() : std::min(s.length(), hs_.pending.begin()->first - ustart);
        Span head = s.front(limit);
        s.dropFront(limit);
        deliver(head);
        if (s.length() != 0) insert(hs_.offset, s);
        drain();
        return;
      }
      if (hs_.buffered + s.size <= cap) {
        ++stats_.out_of_order_segments;
        insert(ustart, s);
        return;
      }
      // Over the cap: give up on the oldest hole so that memory stays bounded.
      ++stats_.forced_gaps;
      if (!hs_.pending.empty()) {
        gap(hs_.pending.begin()->first - hs_.offset, source_);
        drain();
      } else {
        gap(ustart - hs_.offset, source_);
      }
    }
  }

  void fin(std::uint32_t fin_seq) {
    if (!hs_.fin_known) {
      const std::int64_t at = hs_.relative(fin_seq);
      hs_.fin_known = true;
      hs_.fin_offset = std::max<std::int64_t>(at, static_cast<std::int64_t>(hs_.offset));
    }
    checkEnd();
  }

  /// The peer acknowledged up to `ack`. Only remembered: the covered bytes may still be captured
  /// later (the capture's order is not the wire's), so a hole waits for its data or the end.
  void acknowledged(std::uint32_t ack) {
    std::int64_t target = hs_.relative(ack);
    if (target <= static_cast<std::int64_t>(hs_.offset)) return;
    if (static_cast<std::uint64_t>(target) - hs_.offset > kMaxAhead) return;
    if (hs_.fin_known) target = std::min<std::int64_t>(target, static_cast<std::int64_t>(hs_.fin_offset));
    if (static_cast<std::uint64_t>(target) > hs_.acked) {
      if (static_cast<std::uint64_t>(target) > hs_.offset && hs_.acked <= hs_.offset) ++stats_.acked_unseen;
      hs_.acked = static_cast<std::uint64_t>(target);
    }
  }

  /// The connection is over: holes before acknowledged data or the FIN are lost for good.
  void fillAcknowledged() {
    while (hs_.offset < hs_.acked) {
      std::uint64_t boundary = 0;
      if (!hs_.pending.empty()) {
        boundary = hs_.pending.begin()->first;
      } else if (hs_.fin_known && hs_.fin_offset > hs_.offset) {
        boundary = hs_.fin_offset;
      } else {
        break;
      }
      if (boundary > hs_.offset) gap(std::min(boundary, hs_.acked) - hs_.offset, source_);
      drain();
    }
    checkEnd();
  }

  /// Connection over: deliver everything buffered behind gaps, then report a lost tail.
  void flush() {
    if (!hs_.started) return;
    fillAcknowledged();
    while (!hs_.pending.empty()) {
      gap(hs_.pending.begin()->first - hs_.offset, source_);
      drain();
    }
    std::uint64_t tail_end = hs_.offset;
    if (hs_.fin_known) {
      tail_end = std::max(tail_end, hs_.fin_offset);
    } else if (hs_.acked > hs_.offset + 1) {
      tail_end = hs_.acked - 1;  // the last acknowledged sequence number may be a lost FIN
    }
    gap(tail_end - hs_.offset, source_);
    checkEnd();
  }

 private:
  TcpReassembler::Connection& c_;
  TcpSide side_;
  TcpHalfStream& hs_;
  TcpStats& stats_;
  double t_;
  std::uint64_t source_;
};

std::uint64_t load64(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, p, 8);
  return v;
}

bool lessEndpoint(const IpEndpoint& a, const IpEndpoint& b) noexcept {
  const int c = std::memcmp(a.address.data(), b.address.data(), a.address.size());
  return c < 0 || (c == 0 && a.port < b.port);
}

std::string describeFlow(const IpEndpoint& from, const IpEndpoint& to) {
  return fmt::format("{} -> {}", toString(from), toString(to));
}

}  // namespace

std::size_t TcpReassembler::KeyHash::operator()(const Key& key) const noexcept {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ (static_cast<std::uint64_t>(key.port_lo) << 16 | key.port_hi);
  const std::uint64_t words[4] = {load64(key.address_lo.data()), load64(key.address_lo.data() + 8),
                                  load64(key.address_hi.data()), load64(key.address_hi.data() + 8)};
  for (std::uint64_t w : words) {
    h ^= w;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return static_cast<std::size_t>(h);
}

TcpReassembler::TcpReassembler(TcpConnectionSink& sink, TcpReassemblerOptions options)
    : sink_(&sink), options_(options) {}

TcpReassembler::~TcpReassembler() = default;

std::size_t TcpReassembler::activeConnections() const noexcept { return connections_.size(); }

void TcpReassembler::open(const Key& key, const TcpSegment& seg, bool from_syn_ack) {
  if (connections_.size() >= options_.max_connections) {
    ++stats_.refused_connections;
    sink_->onError(seg.src, seg.dst, seg.t,
                   Error{ErrorCode::LimitExceeded, Stage::Capture, seg.source_offset,
                         fmt::format("tcp connection {} refused: more than {} connections open at once",
                                     describeFlow(seg.src, seg.dst), options_.max_connections)});
    return;
  }
  auto c = std::make_unique<Connection>();
  if (from_syn_ack) {
    c->endpoint[0] = seg.dst;
    c->endpoint[1] = seg.src;
    c->side[0].started = true;
    c->side[0].base = seg.ack;  // the SYN-ACK acknowledges the initiator's ISN + 1
    c->side[1].started = true;
    c->side[1].base = seg.seq + 1;
  } else {
    c->endpoint[0] = seg.src;
    c->endpoint[1] = seg.dst;
    c->side[0].started = true;
    c->side[0].base = seg.seq + 1;
  }
  ++stats_.connections;
  c->handler = sink_->onOpen(TcpConnectionInfo{c->endpoint[0], c->endpoint[1], seg.t, seg.source_offset});
  if (!c->handler) c->ignored = true;
  connections_.emplace(key, std::move(c));
}

void TcpReassembler::openMidStream(const Key& key, const TcpSegment& seg) {
  if (connections_.size() >= options_.max_connections) {
    ++stats_.refused_connections;
    ++stats_.ignored_segments;
    return;
  }
  auto c = std::make_unique<Connection>();
  c->endpoint[0] = seg.src;
  c->endpoint[1] = seg.dst;
  c->mid_stream = true;
  c->side[0].started = true;
  c->side[0].start_missing = true;
  c->side[0].base = seg.seq;
  ++stats_.mid_stream_connections;
  if ((seg.flags & tcp_flag::kAck) != 0) {
    // The acknowledgement names the next byte the peer sends: the peer's stream starts there.
    c->side[1].started = true;
    c->side[1].start_missing = true;
    c->side[1].base = seg.ack;
    ++stats_.mid_stream_connections;
  }
  ++stats_.connections;
  c->handler = sink_->onOpen(TcpConnectionInfo{c->endpoint[0], c->endpoint[1], seg.t, seg.source_offset});
  if (!c->handler) c->ignored = true;
  connections_.emplace(key, std::move(c));
}

void TcpReassembler::closeConnection(Connection& c, TcpCloseReason reason, double t, std::uint64_t source_offset) {
  if (!c.handler) return;
  for (TcpSide side : {TcpSide::Initiator, TcpSide::Responder}) StreamOps(c, side, stats_, t, source_offset).flush();
  c.handler->onClose(reason, TcpChunkInfo{0, t, source_offset});
  c.handler.reset();
}

void TcpReassembler::process(const TcpSegment& seg) {
  ++stats_.segments;
  last_t_ = seg.t;
  last_source_offset_ = seg.source_offset;
  if (!lingering_.empty()) closeLingering();
  Key key;
  const bool src_low = lessEndpoint(seg.src, seg.dst);
  const IpEndpoint& lo = src_low ? seg.src : seg.dst;
  const IpEndpoint& hi = src_low ? seg.dst : seg.src;
  key.address_lo = lo.address;
  key.address_hi = hi.address;
  key.port_lo = lo.port;
  key.port_hi = hi.port;
  key.v6 = seg.src.v6;

  const bool syn = (seg.flags & tcp_flag::kSyn) != 0;
  const bool ack = (seg.flags & tcp_flag::kAck) != 0;
  const bool rst = (seg.flags & tcp_flag::kRst) != 0;
  const bool fin = (seg.flags & tcp_flag::kFin) != 0;
  const bool has_payload = !seg.payload.empty() || seg.missing_tail != 0;

  auto it = connections_.find(key);
  if (it != connections_.end()) {
    Connection& c = *it->second;
    const bool same_syn = c.endpoint[0] == seg.src && c.side[0].started && c.side[0].base == seg.seq + 1;
    if ((syn && !ack && !same_syn) || (syn && ack && c.mid_stream)) {
      closeConnection(c, TcpCloseReason::Replaced, seg.t, seg.source_offset);
      connections_.erase(it);
      it = connections_.end();
    }
  }
  if (it == connections_.end()) {
    if (!syn && recently_closed_.count(key) != 0) {
      // Late retransmissions, ACKs, or data in flight after a RST: nothing to report.
      ++stats_.ignored_segments;
      return;
    }
    if (syn) {
      open(key, seg, /*from_syn_ack=*/ack);
      it = connections_.find(key);
      if (it == connections_.end()) return;
    } else if (has_payload) {
      openMidStream(key, seg);
      it = connections_.find(key);
      if (it == connections_.end()) return;
    } else {
      ++stats_.ignored_segments;
      return;
    }
  }

  Connection& c = *it->second;
  const TcpSide side = seg.src == c.endpoint[0] ? TcpSide::Initiator : TcpSide::Responder;
  const auto si = static_cast<std::size_t>(side);
  if (c.ignored) {
    ++stats_.ignored_segments;
    if (fin) c.fin_seen[si] = true;
    if (rst || (c.fin_seen[0] && c.fin_seen[1])) eraseConnection(it);
    return;
  }
  TcpHalfStream& hs = c.side[si];
  if (syn && ack && side == TcpSide::Responder && !hs.started) {
    hs.started = true;
    hs.base = seg.seq + 1;
  }
  if (rst) {
    closeConnection(c, TcpCloseReason::Reset, seg.t, seg.source_offset);
    eraseConnection(it);
    return;
  }
  if (!hs.started) {
    if (!has_payload && !fin) {
      ++stats_.ignored_segments;
      return;
    }
    // Responder data before any SYN-ACK or initiator ACK: its stream starts where it is first seen.
    ++stats_.mid_stream_connections;
    hs.started = true;
    hs.start_missing = true;
    hs.base = seg.seq;
  }

  const std::uint32_t data_seq = seg.seq + (syn ? 1u : 0u);
  {
    StreamOps dir(c, side, stats_, seg.t, seg.source_offset);
    if (has_payload) {
      dir.accept(data_seq,
                 Span{seg.payload.data(), seg.payload.size(), seg.missing_tail, seg.source_offset},
                 options_.max_buffered_per_direction);
    }
    if (fin) dir.fin(data_seq + static_cast<std::uint32_t>(seg.payload.size()) + seg.missing_tail);
  }
  if (ack && !syn) {
    const TcpSide peer = side == TcpSide::Initiator ? TcpSide::Responder : TcpSide::Initiator;
    TcpHalfStream& other = c.side[static_cast<std::size_t>(peer)];
    if (!other.started) {
      // No SYN-ACK captured: the initiator's acknowledgement names the responder's ISN + 1.
      if (side == TcpSide::Initiator) {
        other.started = true;
        other.base = seg.ack;
      }
    } else {
      StreamOps(c, peer, stats_, seg.t, seg.source_offset).acknowledged(seg.ack);
    }
  }
  if (!c.handler->wantsData()) {
    c.handler.reset();
    c.ignored = true;
    for (std::size_t k = 0; k < 2; ++k) {
      c.side[k].pending.clear();
      c.side[k].buffered = 0;
      c.fin_seen[k] = c.side[k].fin_known;
    }
    if (c.fin_seen[0] && c.fin_seen[1]) eraseConnection(it);
    return;
  }
  if (c.side[0].ended && c.side[1].ended) {
    c.handler->onClose(TcpCloseReason::Fin, TcpChunkInfo{0, seg.t, seg.source_offset});
    eraseConnection(it);
    return;
  }
  if (c.side[0].fin_known && c.side[1].fin_known && !c.lingering) {
    // Both sides said goodbye but bytes are missing before a FIN: they may still come late.
    c.lingering = true;
    c.linger_until = stats_.segments + options_.close_grace_segments;
    lingering_.emplace_back(key, c.linger_until);
  }
}

void TcpReassembler::closeLingering() {
  while (!lingering_.empty() && lingering_.front().second <= stats_.segments) {
    const auto [key, until] = lingering_.front();
    lingering_.pop_front();
    auto it = connections_.find(key);
    if (it == connections_.end() || !it->second->lingering || it->second->linger_until != until) continue;
    closeConnection(*it->second, TcpCloseReason::Fin, last_t_, last_source_offset_);
    eraseConnection(it);
  }
}

void TcpReassembler::eraseConnection(ConnectionMap::iterator it) {
  const Key key = it->first;
  connections_.erase(it);
  if (!recently_closed_.insert(key).second) return;
  closed_order_.push_back(key);
  if (closed_order_.size() > kRecentlyClosed) {
    recently_closed_.erase(closed_order_.front());
    closed_order_.pop_front();
  }
}

void TcpReassembler::finish(double t, std::uint64_t source_offset) {
  for (auto& [key, c] : connections_) closeConnection(*c, TcpCloseReason::EndOfCapture, t, source_offset);
  connections_.clear();
}

// ---------------------------------------------------------------------------------------------

std::string toString(const IpEndpoint& endpoint) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!endpoint.v6) {
    inet_ntop(AF_INET, endpoint.address.data(), buf, sizeof buf);
    return fmt::format("{}:{}", buf, endpoint.port);
  }
  inet_ntop(AF_INET6, endpoint.address.data(), buf, sizeof buf);
  return fmt::format("[{}]:{}", buf, endpoint.port);
}

std::optional<IpEndpoint> parseIpEndpoint(std::string_view address, std::uint16_t port) {
  IpEndpoint e;
  e.port = port;
  const std::string text(address);
  if (inet_pton(AF_INET, text.c_str(), e.address.data()) == 1) return e;
  if (inet_pton(AF_INET6, text.c_str(), e.address.data()) == 1) {
    e.v6 = true;
    return e;
  }
  return std::nullopt;
}

}  // namespace wa::capture
