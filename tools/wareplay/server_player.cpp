// One connection of the mock server.
#include "wareplay/server_player.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/codec/node/decoder.h"
#include "wa/session/message_decoder.h"
#include "wareplay/message_key.h"

namespace wa::wareplay {
namespace {

std::int64_t epochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> stringAt(const nlohmann::json& json, std::size_t i) {
  if (json.is_array() && json.size() > i && json[i].is_string()) return json[i].get<std::string>();
  return std::nullopt;
}

Duration fromSeconds(double s) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(std::max(0.0, s)));
}

}  // namespace

Duration autoScanDelay(const ServeScript& script, const ServeOptions& options) {
  if (options.auto_scan_after) return *options.auto_scan_after;
  if (options.pacing.speed <= 0 || !script.scan_gap) return Duration::zero();
  return fromSeconds(*script.scan_gap / options.pacing.speed);
}

ServerPlayer::ServerPlayer(std::shared_ptr<const ServeScript> script, ServeOptions options, std::uint64_t conn_id,
                           LoginArbiter* arbiter)
    : script_(std::move(script)),
      options_(std::move(options)),
      conn_id_(conn_id),
      arbiter_(arbiter),
      pacer_(options_.pacing.speed) {
  client_state_.assign(script_->client_items.size(), 0);
  const Session& s = *script_->session;
  // Restores and recordings without a login use the recording's keys; a QR login brings new ones.
  if (s.keys) setLiveKeys(*s.keys);
  // Without a login in the recording, the script starts with the connection.
  if (!s.has_login) phase_ = Phase::LoggedIn;
}

ServerPlayer::~ServerPlayer() = default;

void ServerPlayer::setLiveKeys(const crypto::SessionKeys& keys) {
  live_keys_ = keys;
  live_cipher_ = std::make_unique<crypto::FrameCipher>(keys);
  same_keys_ = script_->session->keys && *script_->session->keys == keys;
}

void ServerPlayer::log(std::string line) { log_.push_back(fmt::format("conn {}: {}", conn_id_, line)); }

std::vector<std::string> ServerPlayer::takeLog() { return std::exchange(log_, {}); }

std::size_t ServerPlayer::remaining() const noexcept { return script_->server_items.size() - next_item_; }

void ServerPlayer::onOpen(TimePoint now) {
  open_time_ = now;
  if (phase_ == Phase::LoggedIn) pacer_.start(now, script_->script_start);
}

void ServerPlayer::reply(const std::string& tag, const std::string& json_text) {
  pending_.push_back({codec::Opcode::Text, tag + "," + json_text, std::nullopt});
}

std::string ServerPlayer::newRef() {
  auto bytes = crypto::randomBytes(18);
  return "1@" + crypto::base64Encode(bytes);
}

std::string ServerPlayer::serverTag() {
  // The next s<N> that the recording's server messages do not use themselves (its Conn is often
  // s1): a tag made up here never repeats one that is replayed later on the same connection.
  for (;;) {
    std::string tag = fmt::format("s{}", ++server_tag_);
    const auto& messages = script_->session->messages;
    const bool recorded = std::any_of(messages.begin(), messages.end(), [&](const RecordedMessage& m) {
      return m.dir == codec::Direction::Receive && m.tag == tag;
    });
    if (!recorded) return tag;
  }
}

void ServerPlayer::onMessage(codec::Opcode op, std::string_view payload, TimePoint now) {
  if (close_) return;
  if (pending_.size() >= options_.max_pending_replies) {
    log(fmt::format("{} replies unread: dropping the client", pending_.size()));
    close_ = true;
    pending_.clear();
    return;
  }
  codec::SplitOptions split;
  split.opcode = op;
  split.dir = codec::Direction::Send;
  codec::Frame f = codec::splitFrame(payload, split);
  if (f.kind == codec::FrameKind::KeepAlive) {
    pending_.push_back({codec::Opcode::Text, fmt::format("!{}", epochMs()), std::nullopt});
    ++stats_.keepalives;
    return;
  }
  if (f.error && (f.tag.empty() || f.kind != codec::FrameKind::Json)) {
    log(fmt::format("ignored a malformed {} message of {} bytes: {}", op == codec::Opcode::Text ? "text" : "binary",
                    payload.size(), codec::describe(*f.error)));
    return;
  }
  std::string tag(f.tag);
  if (f.kind == codec::FrameKind::Json && f.json.is_array() && !f.json.empty() && f.json[0] == "admin" &&
      handleAdmin(f.json, tag, now))
    return;

  std::optional<codec::Node> node;
  if (f.kind == codec::FrameKind::Binary && live_cipher_) {
    std::string plaintext;
    codec::Node decoded;
    if (auto r = session::decryptNode(*live_cipher_, f.body, plaintext, decoded)) {
      node = std::move(decoded);
    } else if (r.error().stage != session::Stage::Decode) {
      log(fmt::format("client message tag {}: {}", tag, session::describe(r.error())));
    }
  }
  std::string key = matchKey(f.kind, &f.json, node ? &*node : nullptr);
  auto it = script_->client_by_key.find(key);
  // Binary frames the recording could not decrypt match any live binary frame, in order.
  if (f.kind == codec::FrameKind::Binary && key != "binary") {
    auto undecrypted = script_->client_by_key.find("binary");
    if (undecrypted != script_->client_by_key.end()) {
      bool pending = false;
      if (it != script_->client_by_key.end())
        for (std::size_t c = key_cursor_[key]; c < it->second.size() && !pending; ++c)
          pending = client_state_[it->second[c]] == 0;
      if (!pending) {
        it = undecrypted;
        key = "binary";
      }
    }
  }
  if (it != script_->client_by_key.end()) {
    // Positions before the cursor are all matched or given up.
    std::size_t& cursor = key_cursor_[key];
    for (; cursor < it->second.size(); ++cursor) {
      std::size_t position = it->second[cursor];
      if (client_state_[position] != 0) continue;
      const auto& m = script_->session->messages[script_->client_items[position]];
      client_state_[position] = 1;
      tags_.bind(m.tag, tag);
      while (first_unmatched_ < client_state_.size() && client_state_[first_unmatched_] != 0) ++first_unmatched_;
      pacer_.noteArrival(script_->ct[m.index], now);
      ++stats_.matched;
      return;
    }
  }
  ++stats_.unrecorded;
  log(fmt::format("unrecorded client message tag {} ({}): answered {}", tag, key, options_.default_reply));
  reply(tag, options_.default_reply);
}

bool ServerPlayer::handleAdmin(const nlohmann::json& json, const std::string& tag, TimePoint now) {
  auto command = stringAt(json, 1).value_or("");
  if (command == "init") {
    client_id_ = stringAt(json, 4).value_or("");
    ref_ = newRef();
    rerefs_ = 0;
    if (phase_ == Phase::Fresh) phase_ = Phase::Initialized;
    showQr(now);
    // The recorded reply's fields (curr, update, ...) with a live status, ref, ttl and time.
    nlohmann::ordered_json r = {{"status", 200}, {"ref", ref_}, {"ttl", options_.ttl_ms}, {"update", false},
                                {"curr", options_.version}, {"time", static_cast<double>(epochMs())}};
    if (script_->init_reply) {
      const auto& recorded = script_->session->messages[*script_->init_reply].json;
      for (const auto& [k, v] : recorded.items())
        if (k != "status" && k != "ref" && k != "ttl" && k != "time") r[k] = nlohmann::ordered_json::parse(v.dump());
    }
    reply(tag, r.dump());
    return true;
  }
  if (command == "Conn" && stringAt(json, 2) == "reref") {
    if (rerefs_ >= options_.max_rerefs) {
      reply(tag, R"({"status":429})");
      return true;
    }
    ++rerefs_;
    ref_ = newRef();
    showQr(now);
    nlohmann::ordered_json r = {{"status", 200}, {"ref", ref_}, {"ttl", options_.ttl_ms}};
    reply(tag, r.dump());
    return true;
  }
  if (command == "Conn" && stringAt(json, 2) == "disconnect") {
    log("client said goodbye");
    close_ = true;
    return true;
  }
  if (command == "test") {
    reply(tag, R"(["Pong",true])");
    return true;
  }
  if (command == "login") {
    handleLogin(json, tag, now);
    return true;
  }
  if (command == "challenge") {
    handleChallengeAnswer(json, tag, now);
    return true;
  }
  return false;
}

void ServerPlayer::showQr(TimePoint now) {
  if (arbiter_) arbiter_->publishRef(ref_, client_id_, conn_id_);
  if (options_.auto_scan && phase_ == Phase::Initialized && script_->recorded_public_key)
    auto_scan_at_ = now + autoScanDelay(*script_, options_);
}

void ServerPlayer::handleLogin(const nlohmann::json& json, const std::string& tag, TimePoint now) {
  const Session& s = *script_->session;
  auto client_token = stringAt(json, 2), server_token = stringAt(json, 3), client_id = stringAt(json, 4);
  auto mode = stringAt(json, 5).value_or("");
  int status = 200;
  if (options_.login_status) {
    status = *options_.login_status;
  } else if (loggedIn() || phase_ == Phase::AwaitChallenge) {
    status = 405;
  } else if (!client_token || !server_token || !client_id || (s.client_token && *s.client_token != *client_token) ||
             (s.server_token && *s.server_token != *server_token) || (s.client_id && *s.client_id != *client_id)) {
    status = 401;
  }
  if (status == 200 && client_id) {
    client_id_ = *client_id;
    if (arbiter_ && !arbiter_->claim(client_id_, conn_id_, mode == "takeover")) status = 409;
    else claimed_ = true;
  }
  if (status != 200) {
    log(fmt::format("login refused with {}", status));
    reply(tag, status == 403 ? R"({"status":403,"tos":2})" : fmt::format(R"({{"status":{}}})", status));
    return;
  }
  if (options_.challenge) {
    challenge_ = crypto::base64Encode(crypto::randomBytes(32));
    login_tag_ = tag;
    phase_ = Phase::AwaitChallenge;
    nlohmann::ordered_json c = {"Cmd", {{"type", "challenge"}, {"challenge", challenge_}}};
    pending_.push_back({codec::Opcode::Text, serverTag() + "," + c.dump(), std::nullopt});
    return;
  }
  reply(tag, R"({"status":200})");
  startLoginSteps(now, std::nullopt);
}

void ServerPlayer::handleChallengeAnswer(const nlohmann::json& json, const std::string& tag, TimePoint now) {
  const Session& s = *script_->session;
  if (phase_ != Phase::AwaitChallenge || !s.keys) {
    reply(tag, R"({"status":400})");
    return;
  }
  auto expected = crypto::answerChallenge(s.keys->mac_key, [&] {
    auto decoded = crypto::base64Decode(challenge_);
    return decoded ? *decoded : crypto::Bytes{};
  }());
  bool ok = stringAt(json, 2) == expected && (!s.server_token || stringAt(json, 3) == *s.server_token) &&
            stringAt(json, 4) == client_id_;
  if (!ok) {
    log("wrong challenge answer: login refused with 401");
    reply(tag, R"({"status":401})");
    reply(login_tag_, R"({"status":401})");
    if (arbiter_ && claimed_) arbiter_->release(client_id_, conn_id_);
    claimed_ = false;
    phase_ = Phase::Initialized;
    return;
  }
  reply(tag, R"({"status":200})");
  reply(login_tag_, R"({"status":200})");
  startLoginSteps(now, std::nullopt);
}

void ServerPlayer::startLoginSteps(TimePoint now, const std::optional<std::string>& secret) {
  const Session& s = *script_->session;
  phase_ = Phase::LoggingIn;
  auto_scan_at_.reset();
  auto recorded = [&](std::optional<std::size_t> index) -> const RecordedMessage* {
    return index ? &s.messages[*index] : nullptr;
  };
  const RecordedMessage* conn = recorded(script_->conn);
  const RecordedMessage* stream = recorded(script_->stream);
  const RecordedMessage* props = recorded(script_->props);

  nlohmann::json conn_body;
  if (conn && conn->json.is_array() && conn->json.size() > 1 && conn->json[1].is_object()) {
    conn_body = conn->json[1];
  } else {
    conn_body = {{"battery", 87},         {"plugged", false},      {"platform", "android"},
                 {"pushname", "Replay"},  {"wid", "15550000000@c.us"}, {"connected", true}};
    if (s.client_token) conn_body["clientToken"] = *s.client_token;
    if (s.server_token) conn_body["serverToken"] = *s.server_token;
    if (s.browser_token) conn_body["browserToken"] = *s.browser_token;
  }
  if (secret) conn_body["secret"] = *secret;
  else conn_body.erase("secret");

  nlohmann::json stream_json = stream && !stream->json.is_null()
                                   ? stream->json
                                   : nlohmann::json::array({"Stream", "update", false, options_.version});
  nlohmann::json props_json =
      props && !props->json.is_null()
          ? props->json
          : nlohmann::json::array({"Props", {{"imageMaxKBytes", 1024}, {"maxParticipants", 257}, {"videoMaxEdge", 960}}});

  struct Planned {
    const RecordedMessage* recorded;
    std::string text;
  };
  std::vector<Planned> plan = {{conn, (conn ? conn->tag : serverTag()) + "," + nlohmann::json::array({"Conn", conn_body}).dump()},
                               {stream, (stream ? stream->tag : serverTag()) + "," + stream_json.dump()},
                               {props, (props ? props->tag : serverTag()) + "," + props_json.dump()}};
  TimePoint at = now;
  double previous_t = -1;
  for (auto& p : plan) {
    Duration gap = options_.login_gap;
    if (options_.pacing.speed > 0 && p.recorded && previous_t >= 0)
      gap = std::max(gap, fromSeconds((script_->ct[p.recorded->index] - previous_t) / options_.pacing.speed));
    if (p.recorded) previous_t = script_->ct[p.recorded->index];
    at += gap;
    steps_.push_back({at, {codec::Opcode::Text, std::move(p.text), std::nullopt}});
  }
}

bool ServerPlayer::onScan(const crypto::Key32& public_key, TimePoint now) {
  if (phase_ != Phase::Initialized) return false;
  auto handshake = crypto::makeServerHandshake(public_key);
  if (!handshake) {
    log(fmt::format("scan refused: {}", handshake.error().message));
    return false;
  }
  if (arbiter_ && !client_id_.empty()) claimed_ = arbiter_->claim(client_id_, conn_id_, /*takeover=*/true);
  setLiveKeys(handshake->keys);
  log("QR scanned: logging in with a fresh secret");
  startLoginSteps(now, crypto::base64Encode(handshake->secret));
  return true;
}

void ServerPlayer::onReplaced(TimePoint now) {
  (void)now;
  claimed_ = false;
  pending_.push_back({codec::Opcode::Text, serverTag() + R"(,["Cmd",{"type":"disconnect","kind":"replaced"}])",
                      std::nullopt});
  close_ = true;
  log("replaced by another connection");
}

std::string ServerPlayer::buildLive(const RecordedMessage& m, bool answers) {
  std::string tag = m.tag;
  if (answers) {
    if (auto live = tags_.live(m.tag)) tag = *live;
  }
  if (m.kind == codec::FrameKind::Binary && !same_keys_) {
    if (live_cipher_ && m.plaintext) {
      auto body = live_cipher_->encryptServerBody(crypto::asBytes(*m.plaintext));
      return tag + "," + std::string(crypto::asChars(body));
    }
    if (!warned_raw_) {
      warned_raw_ = true;
      log("binary messages go out as recorded: the recording's keys are unknown, so they cannot be re-encrypted");
    }
  }
  return replaceTag(m.payload, tag);
}

void ServerPlayer::poll(TimePoint now, std::size_t budget, std::vector<Outgoing>& out) {
  while (budget && !pending_.empty()) {
    out.push_back(std::move(pending_.front()));
    pending_.pop_front();
    --budget;
  }
  if (close_) return;
  // The QR went out with the replies above; the phone scans it after its delay.
  if (auto_scan_at_ && *auto_scan_at_ <= now && pending_.empty()) {
    auto_scan_at_.reset();
    if (phase_ == Phase::Initialized) {
      log("--auto-scan: scanning the QR with the recording's key pair");
      onScan(*script_->recorded_public_key, now);
    }
  }
  while (budget && !steps_.empty() && steps_.front().due <= now) {
    out.push_back(std::move(steps_.front().message));
    steps_.pop_front();
    --budget;
    if (steps_.empty()) {
      phase_ = Phase::LoggedIn;
      pacer_.start(now, script_->script_start);
    }
    // One login step per poll, so each gets its own write.
    return;
  }
  if (phase_ != Phase::LoggedIn) return;
  const auto& items = script_->server_items;
  while (budget && next_item_ < items.size()) {
    const auto& item = items[next_item_];
    if (first_unmatched_ < item.clients_before) {
      if (!gate_since_) gate_since_ = now;
      if (now - *gate_since_ < options_.wait) break;
      const auto& m = script_->session->messages[script_->client_items[first_unmatched_]];
      log(fmt::format("recorded client message #{} (tag {}, {}) did not come: going on", m.index, m.tag, m.key));
      client_state_[first_unmatched_] = 2;
      ++stats_.given_up;
      while (first_unmatched_ < client_state_.size() && client_state_[first_unmatched_] != 0) ++first_unmatched_;
      gate_since_ = now;
      continue;
    }
    gate_since_.reset();
    const auto& m = script_->session->messages[item.index];
    TimePoint due = pacer_.due(script_->ct[m.index]);
    if (due > now) break;
    Outgoing o{m.op, buildLive(m, item.answers), std::nullopt};
    if (!pacer_.asap()) {
      o.due = due;
      stats_.send_errors_us.push_back(std::chrono::duration<double, std::micro>(now - due).count());
    }
    out.push_back(std::move(o));
    --budget;
    ++next_item_;
    ++stats_.script_sent;
  }
}

std::optional<TimePoint> ServerPlayer::nextWake() const {
  if (!pending_.empty()) return TimePoint{};
  if (close_) return std::nullopt;
  if (auto_scan_at_) return *auto_scan_at_;  // still waiting for the scan: nothing else is scheduled
  if (!steps_.empty()) return steps_.front().due;
  if (phase_ != Phase::LoggedIn || next_item_ >= script_->server_items.size()) return std::nullopt;
  const auto& item = script_->server_items[next_item_];
  if (first_unmatched_ < item.clients_before) {
    if (!gate_since_) return TimePoint{};  // poll starts the wait clock
    return *gate_since_ + options_.wait;
  }
  return pacer_.due(script_->ct[item.index]);
}

void ServerPlayer::onClosed(std::string_view reason, TimePoint now) {
  (void)now;
  if (!reason.empty()) log(fmt::format("connection ended: {}", reason));
  if (arbiter_ && claimed_) arbiter_->release(client_id_, conn_id_);
  claimed_ = false;
  close_ = true;
  pending_.clear();
  steps_.clear();
  auto_scan_at_.reset();
}

}  // namespace wa::wareplay
