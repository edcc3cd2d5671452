// HTTP upgrade detection, then per-direction deframing and inflation of one WebSocket connection.
#include "wa/capture/ws/connection_decoder.h"

#include <fmt/format.h>

namespace wa::capture {
namespace {

std::size_t index(StreamSide side) noexcept { return static_cast<std::size_t>(side); }
StreamSide other(StreamSide side) noexcept { return side == StreamSide::A ? StreamSide::B : StreamSide::A; }

/// True while `head` could still become "GET " or "HTTP/" (the only starts an upgrade can have).
/// The port of an "addr:port" or "[v6]:port" endpoint name; 0 when there is none.
unsigned portOf(std::string_view endpoint) noexcept {
  const auto colon = endpoint.rfind(':');
  if (colon == std::string_view::npos) return 0;
  unsigned port = 0;
  for (char c : endpoint.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return 0;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  return port;
}

bool plausibleStart(std::string_view head) noexcept {
  constexpr std::string_view kGet = "GET ";
  constexpr std::string_view kHttp = "HTTP/";
  const std::size_t g = std::min(head.size(), kGet.size());
  const std::size_t h = std::min(head.size(), kHttp.size());
  return head.substr(0, g) == kGet.substr(0, g) || head.substr(0, h) == kHttp.substr(0, h);
}

}  // namespace

WsConnectionDecoder::WsConnectionDecoder(std::string endpoint_a, std::string endpoint_b,
                                         MessageQueue& out, WsConnectionCounters& counters,
                                         WsConnectionOptions options)
    : endpoint_{std::move(endpoint_a), std::move(endpoint_b)},
      conn_(endpoint_[0]),
      out_(&out),
      counters_(&counters),
      options_(options) {}

std::string_view WsConnectionDecoder::directionName(StreamSide side) const noexcept {
  if (!client_) return side == StreamSide::A ? "side a" : "side b";
  return side == *client_ ? "client-to-server" : "server-to-client";
}

Direction WsConnectionDecoder::direction(StreamSide side) const noexcept {
  if (!client_) return Direction::Unknown;
  return side == *client_ ? Direction::Send : Direction::Receive;
}

void WsConnectionDecoder::startMissing(StreamSide side) { side_[index(side)].start_missing = true; }

void WsConnectionDecoder::data(StreamSide side, ByteView bytes, const WsChunkInfo& info) {
  if (bytes.empty()) return;
  switch (state_) {
    case State::Handshake: handshakeData(side, bytes, info); break;
    case State::Open: openData(side, bytes, info); break;
    default: side_[index(side)].offset += bytes.size(); break;
  }
}

void WsConnectionDecoder::handshakeData(StreamSide side, ByteView bytes, const WsChunkInfo& info) {
  Side& s = side_[index(side)];
  const std::size_t n = bytes.size();
  if (s.start_missing && !s.parsed && s.head.empty() &&
      !plausibleStart(asChars(bytes.first(std::min<std::size_t>(n, 5))))) {
    // The capture began after this side's upgrade: decode the frames without it.
    openMidStream(side, info, {});
    openData(side, bytes, info);
    return;
  }
  if (s.parsed) {
    if (s.pending_bytes + n > options_.max_pending) {
      failConnection(ErrorCode::LimitExceeded,
                     fmt::format("more than {} websocket bytes from one side before the upgrade completed",
                                 options_.max_pending),
                     info);
      return;
    }
    s.pending.push_back(PendingChunk{info, std::string(asChars(bytes)), 0});
    s.pending_bytes += n;
    s.offset += n;
    return;
  }
  const std::size_t before = s.head.size();
  const std::size_t room = options_.max_http_head > before ? options_.max_http_head - before : 0;
  s.head.append(asChars(bytes.first(std::min(n, room))));
  s.offset += n;
  if (!plausibleStart(s.head)) {
    skipConnection();
    return;
  }
  const auto end = findHeadEnd(s.head, s.searched);
  s.searched = s.head.size();
  if (!end) {
    if (s.head.size() >= options_.max_http_head) skipConnection();
    return;
  }
  const std::size_t used = *end - before;  // bytes of this chunk that belong to the head
  s.head.resize(*end);
  auto parsed = parseHttpHead(s.head);
  if (!parsed) {
    skipConnection();
    return;
  }
  s.parsed = std::move(*parsed);
  if (s.parsed->is_request) {
    if (client_ || !checkUpgradeRequest(*s.parsed)) {
      skipConnection();
      return;
    }
    client_ = side;
    conn_ = endpoint_[index(side)];
  }
  if (used < n) {
    const ByteView rest = bytes.subspan(used);
    s.pending.push_back(PendingChunk{WsChunkInfo{info.t, info.source_offset + used}, std::string(asChars(rest)), 0});
    s.pending_bytes += rest.size();
  }
  tryOpen(info);
}

void WsConnectionDecoder::tryOpen(const WsChunkInfo& info) {
  if (!side_[0].parsed || !side_[1].parsed) return;
  if (!client_ || !side_[index(other(*client_))].parsed || side_[index(other(*client_))].parsed->is_request) {
    skipConnection();
    return;
  }
  const StreamSide client = *client_;
  const StreamSide server = other(client);
  const HttpHead& response_head = *side_[index(server)].parsed;
  auto response = checkUpgradeResponse(response_head);
  if (!response) {
    if (response_head.status != 101) {
      ++counters_->refused_upgrades;
      state_ = State::NotWebSocket;
      side_[0] = Side{};
      side_[1] = Side{};
      return;
    }
    failConnection(response.error().code, fmt::format("websocket upgrade response: {}", response.error().message),
                   info);
    return;
  }
  if (!response->extensions.others.empty()) {
    failConnection(ErrorCode::Unsupported,
                   fmt::format("websocket extension \"{}\" was accepted; its framing is not supported",
                               response->extensions.others.front()),
                   info);
    return;
  }
  const auto request = checkUpgradeRequest(*side_[index(client)].parsed);
  if (request && response->accept != computeAcceptKey(request->key)) ++counters_->accept_mismatches;
  deflate_ = response->extensions.deflate;
  state_ = State::Open;
  ++counters_->websocket_connections;
  if (deflate_) ++counters_->deflate_connections;

  for (StreamSide sd : {client, server}) {
    Side& s = side_[index(sd)];
    s.deframer.emplace(deframerOptions(sd, sd == client ? MaskPolicy::Required : MaskPolicy::Forbidden,
                                       deflate_.has_value()),
                       s.parsed->size);
    if (deflate_) {
      const bool reset = sd == client ? deflate_->client_no_context_takeover : deflate_->server_no_context_takeover;
      s.inflater.emplace(reset, options_.max_inflated_size);
    }
    s.head = std::string();
  }
  // Bytes that arrived before the upgrade completed: the server's first (its frames may share the
  // 101 segment), then the client's.
  for (StreamSide sd : {server, client}) {
    replayPending(sd, info);
  }
}

WsDeframerOptions WsConnectionDecoder::deframerOptions(StreamSide side, MaskPolicy mask, bool allow_rsv1) {
  WsDeframerOptions o;
  o.max_message_size = options_.max_message_size;
  o.mask = mask;
  o.allow_rsv1 = allow_rsv1;
  if (options_.check_frame) {
    // The decoder owns the deframers and does not move (copy and move are deleted).
    o.check_payload = [this, side](Opcode op, ByteView payload, bool complete) {
      return options_.check_frame(conn_, direction(side), op, payload, complete);
    };
  }
  return o;
}

// The chunks (and gaps) held for `side` before its deframer existed, in order, then its end if it
// has ended (`info`: where the caller is).
void WsConnectionDecoder::replayPending(StreamSide side, const WsChunkInfo& info) {
  Side& s = side_[index(side)];
  std::vector<PendingChunk> pending = std::move(s.pending);
  s.pending.clear();
  s.pending_bytes = 0;
  for (const PendingChunk& c : pending) {
    if (c.gap != 0) {
      s.deframer->skip(c.gap, c.info, scratch_);
    } else {
      s.deframer->feed(asBytes(c.bytes), c.info, scratch_);
    }
    drain(side);
  }
  if (s.ended) {
    s.deframer->finish(info, scratch_);
    drain(side);
  }
}

void WsConnectionDecoder::openMidStream(StreamSide trigger, const WsChunkInfo& info, std::string trigger_reason) {
  ++counters_->mid_stream_connections;
  mid_stream_ = true;
  state_ = State::Open;
  // A request head seen tells the client; otherwise the side with the higher (ephemeral) port is
  // taken until a frame's MASK bit tells (learnClient()).
  client_confirmed_ = client_.has_value();
  if (!client_) client_ = portOf(endpoint_[0]) >= portOf(endpoint_[1]) ? StreamSide::A : StreamSide::B;
  conn_ = endpoint_[index(*client_)];
  for (StreamSide sd : {StreamSide::A, StreamSide::B}) {
    Side& s = side_[index(sd)];
    const MaskPolicy mask = !client_confirmed_ ? MaskPolicy::Any
                            : sd == *client_   ? MaskPolicy::Required
                                               : MaskPolicy::Forbidden;
    s.deframer.emplace(deframerOptions(sd, mask, /*allow_rsv1=*/true), s.parsed ? s.parsed->size : s.offset);
    // Whether permessage-deflate is on is unknown; if it is, its history began before the capture.
    s.inflater.emplace(/*reset_per_message=*/false, options_.max_inflated_size);
    s.inflater->forgetHistory("with the start of the connection, which was not captured");
    if (!s.parsed) {
      if (sd != trigger && !s.start_missing && s.offset == 0) {
        s.expect_head = true;  // nothing seen yet from a side whose start is known: its head may come
      } else {
        std::string reason = sd == trigger && !trigger_reason.empty() ? std::move(trigger_reason)
                             : s.start_missing                         ? "stream start not captured"
                                                                       : "websocket upgrade not captured";
        s.deframer->startUnknown(std::move(reason));
      }
    }
    s.head = std::string();
  }
  // Bytes held behind a complete head are frames: feed them now.
  for (StreamSide sd : {StreamSide::A, StreamSide::B}) {
    replayPending(sd, info);
  }
}

void WsConnectionDecoder::learnClient(StreamSide side, bool masked) {
  if (!mid_stream_ || client_confirmed_) return;
  client_confirmed_ = true;
  client_ = masked ? side : other(side);
  conn_ = endpoint_[index(*client_)];
  side_[index(*client_)].deframer->setMaskPolicy(MaskPolicy::Required);
  side_[index(other(*client_))].deframer->setMaskPolicy(MaskPolicy::Forbidden);
}

void WsConnectionDecoder::midStreamHead(StreamSide side, ByteView bytes, const WsChunkInfo& info) {
  Side& s = side_[index(side)];
  const std::size_t n = bytes.size();
  if (s.head.empty()) s.head_info = info;
  const std::size_t before = s.head.size();
  const std::size_t room = options_.max_http_head > before ? options_.max_http_head - before : 0;
  s.head.append(asChars(bytes.first(std::min(n, room))));
  s.offset += n;
  std::optional<std::size_t> end;
  if (plausibleStart(s.head)) {
    end = findHeadEnd(s.head, s.searched);
    s.searched = s.head.size();
    if (!end && s.head.size() < options_.max_http_head) return;  // more of the head to come
  }
  std::optional<HttpHead> head;
  if (end) {
    if (auto parsed = parseHttpHead(std::string_view(s.head).substr(0, *end))) head = std::move(*parsed);
  }
  s.expect_head = false;
  if (!head) {
    // Not an HTTP head after all: frames whose start is unknown.
    const std::string held = std::move(s.head);
    s.head = std::string();
    s.deframer->startUnknown(s.start_missing ? "stream start not captured" : "websocket upgrade not captured");
    s.deframer->feed(asBytes(held), s.head_info, scratch_);
    if (n > room) s.deframer->feed(bytes.subspan(room), WsChunkInfo{info.t, info.source_offset + room}, scratch_);
    drain(side);
    return;
  }
  // The head tells who the client is and, in a response, whether messages are compressed.
  if (!client_confirmed_) {
    client_confirmed_ = true;
    client_ = head->is_request ? side : other(side);
    conn_ = endpoint_[index(*client_)];
  }
  if (!head->is_request) {
    if (auto response = checkUpgradeResponse(*head); response && response->extensions.deflate) {
      deflate_ = response->extensions.deflate;
      for (StreamSide sd : {StreamSide::A, StreamSide::B}) {
        Side& t = side_[index(sd)];
        if (t.inflated) continue;  // messages already depend on the history as it was
        const bool reset = sd == *client_ ? deflate_->client_no_context_takeover : deflate_->server_no_context_takeover;
        t.inflater.emplace(reset, options_.max_inflated_size);
        if (sd != side) t.inflater->forgetHistory("with the start of the connection, which was not captured");
      }
    }
  }
  side_[index(*client_)].deframer->setMaskPolicy(MaskPolicy::Required);
  side_[index(other(*client_))].deframer->setMaskPolicy(MaskPolicy::Forbidden);
  s.deframer.emplace(deframerOptions(side, side == *client_ ? MaskPolicy::Required : MaskPolicy::Forbidden,
                                     /*allow_rsv1=*/true),
                     *end);
  const std::size_t used = *end - before;  // bytes of this chunk that belong to the head
  s.head = std::string();
  if (used < n) {
    s.deframer->feed(bytes.subspan(used), WsChunkInfo{info.t, info.source_offset + used}, scratch_);
    drain(side);
  }
}

void WsConnectionDecoder::openData(StreamSide side, ByteView bytes, const WsChunkInfo& info) {
  Side& s = side_[index(side)];
  if (s.expect_head) {
    midStreamHead(side, bytes, info);
    return;
  }
  s.offset += bytes.size();
  if (s.deframer->failed()) return;
  s.deframer->feed(bytes, info, scratch_);
  if (!scratch_.empty()) drain(side);
}

void WsConnectionDecoder::gap(StreamSide side, std::uint64_t length, const WsChunkInfo& info) {
  if (length == 0) return;
  Side& s = side_[index(side)];
  switch (state_) {
    case State::Handshake:
      if (s.parsed) {
        s.pending.push_back(PendingChunk{info, {}, length});
        s.offset += length;
        return;
      }
      // The head is lost: decode the connection's frames without it.
      openMidStream(side, info,
                    fmt::format("{} bytes missing at stream offset {} before the http head was complete", length,
                                s.offset));
      s.offset += length;
      s.deframer->skip(length, info, scratch_);
      drain(side);
      return;
    case State::Open:
      if (s.expect_head) {
        s.expect_head = false;
        s.head = std::string();
        s.deframer->startUnknown(
            fmt::format("{} bytes missing at stream offset {} before the http head was complete", length, s.offset));
      }
      s.offset += length;
      s.deframer->skip(length, info, scratch_);
      drain(side);
      return;
    default:
      s.offset += length;
      return;
  }
}

void WsConnectionDecoder::end(StreamSide side, const WsChunkInfo& info) {
  Side& s = side_[index(side)];
  if (s.ended) return;
  s.ended = true;
  if (state_ == State::Open) {
    s.deframer->finish(info, scratch_);
    drain(side);
  }
}

void WsConnectionDecoder::finish(const WsChunkInfo& info) {
  if (state_ == State::Open) {
    for (StreamSide sd : {StreamSide::A, StreamSide::B}) {
      side_[index(sd)].deframer->finish(info, scratch_);
      drain(sd);
    }
    return;
  }
  if (state_ != State::Handshake) return;
  if (client_) {
    ++counters_->incomplete_handshakes;
    const Side& server = side_[index(other(*client_))];
    const bool lost_something = !server.head.empty() || side_[0].pending_bytes != 0 || side_[1].pending_bytes != 0;
    if (lost_something) {
      failConnection(ErrorCode::Truncated, "websocket upgrade incomplete: no complete response to the request", info);
      return;
    }
    state_ = State::Failed;
    return;
  }
  skipConnection();
}

void WsConnectionDecoder::drain(StreamSide side) {
  Side& s = side_[index(side)];
  for (WsMessage& m : scratch_) {
    CaptureMessage& cm = out_->push();
    cm.t = m.t;
    cm.op = m.op;
    cm.source_offset = m.source_offset;
    if (!m.error) learnClient(side, m.masked);
    cm.dir = direction(side);
    cm.conn = conn_;
    if (m.error) {
      if (m.compressed && s.inflater)
        s.inflater->forgetHistory(fmt::format("with the bytes lost at {} stream offset {}", directionName(side),
                                              m.stream_offset));
      Error e = std::move(*m.error);
      e.message = fmt::format("{} stream offset {}: {}", directionName(side), e.offset, e.message);
      e.offset = m.source_offset;
      cm.error = std::move(e);
      ++counters_->error_records;
    } else if (m.compressed && s.inflater) {
      s.inflated = true;
      auto inflated = s.inflater->inflate(asBytes(m.payload));
      if (inflated) {
        cm.payload = std::move(*inflated);
        ++counters_->messages;
        ++counters_->compressed_messages;
      } else {
        Error e = std::move(inflated.error());
        e.message = fmt::format("{} stream offset {}: {} (at compressed byte {})", directionName(side),
                                m.stream_offset, e.message, e.offset);
        e.offset = m.source_offset;
        cm.error = std::move(e);
        ++counters_->error_records;
      }
    } else {
      cm.payload.swap(m.payload);
      ++counters_->messages;
    }
    // The buffer the queue gave back goes on to the deframer's next message.
    if (s.deframer) s.deframer->recycle(m.payload);
  }
  scratch_.clear();
}

void WsConnectionDecoder::failConnection(ErrorCode code, std::string message, const WsChunkInfo& info, Stage stage) {
  CaptureMessage& cm = out_->push();
  cm.t = info.t;
  cm.conn = conn_;
  cm.source_offset = info.source_offset;
  cm.error = Error{code, stage, info.source_offset, std::move(message)};
  ++counters_->error_records;
  state_ = State::Failed;
  side_[0] = Side{};
  side_[1] = Side{};
}

void WsConnectionDecoder::skipConnection() {
  ++counters_->non_websocket_connections;
  state_ = State::NotWebSocket;
  side_[0] = Side{};
  side_[1] = Side{};
}

}  // namespace wa::capture
