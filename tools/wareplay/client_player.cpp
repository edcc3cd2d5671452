// The client side of a replay.
#include "wareplay/client_player.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/codec/node/decoder.h"
#include "wa/session/message_decoder.h"
#include "wareplay/message_key.h"

namespace wa::wareplay {
namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ClientPlayer::ClientPlayer(std::shared_ptr<const Session> session, ClientOptions options)
    : session_(std::move(session)), options_(std::move(options)), pacer_(options_.pacing.speed) {
  const Session& s = *session_;
  std::vector<double> times;
  times.reserve(s.messages.size());
  for (const auto& m : s.messages) times.push_back(m.t);
  ct_ = compressGaps(times, options_.pacing.max_gap);
  for (const auto& m : s.messages) {
    if (m.role == Role::KeepAlive || m.role == Role::KeepAliveReply) continue;
    if (m.fromClient()) sends_.push_back(m.index);
    else expected_.push_back(m.index);
  }
  state_.assign(expected_.size(), State::Pending);
  entries_.resize(expected_.size());
  for (std::size_t p = 0; p < expected_.size(); ++p) {
    const auto& m = s.messages[expected_[p]];
    entries_[p].recorded = m.index;
    entries_[p].recorded_tag = m.tag;
    entries_[p].key = m.key;
    entries_[p].verdict = Verdict::Missing;
  }
  if (options_.tag_shift) {
    tag_shift_ = *options_.tag_shift;
  } else if (!s.messages.empty() && s.messages.front().t > 0) {
    auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    tag_shift_ = static_cast<std::int64_t>(now - s.messages.front().t);
  }
  if (s.new_login) {
    // The recording's key pair when the key file has it (what `serve --auto-scan` scans).
    auto private_key = options_.private_key ? options_.private_key : s.private_key;
    if (private_key)
      key_pair_ = crypto::X25519KeyPair{*private_key, crypto::x25519PublicKey(*private_key)};
    else
      key_pair_ = crypto::generateX25519KeyPair();
  } else if (s.keys) {
    setLiveKeys(*s.keys);
  }
}

ClientPlayer::~ClientPlayer() = default;

void ClientPlayer::setLiveKeys(const crypto::SessionKeys& keys) {
  live_keys_ = keys;
  live_cipher_ = std::make_unique<crypto::FrameCipher>(keys);
  same_keys_ = session_->keys && *session_->keys == keys;
}

void ClientPlayer::log(std::string line) { log_.push_back(std::move(line)); }

std::vector<std::string> ClientPlayer::takeLog() { return std::exchange(log_, {}); }

std::optional<std::string> ClientPlayer::takeQr() { return std::exchange(qr_, std::nullopt); }

void ClientPlayer::onOpen(TimePoint now) {
  opened_ = true;
  open_time_ = last_progress_ = now;
  next_keepalive_ = now + options_.keepalive;
  progress_t_ = ct_.empty() ? 0 : ct_.front();
  pacer_.start(now, progress_t_);
}

bool ClientPlayer::gateOpen(std::size_t message_index) const {
  return first_pending_ >= expected_.size() || expected_[first_pending_] > message_index;
}

bool ClientPlayer::waiting() const {
  if (next_send_ < sends_.size()) return !gateOpen(sends_[next_send_]);
  return first_pending_ < expected_.size();
}

TimePoint ClientPlayer::waitDeadline() const {
  TimePoint from = last_progress_;
  // A recorded pause is not a stall: the wait starts when the message is due (never, with --asap).
  if (first_pending_ < expected_.size()) from = std::max(from, pacer_.due(ct_[expected_[first_pending_]]));
  return from + options_.timeout;
}

StalledWait ClientPlayer::stall() const {
  StalledWait st;
  st.timeout = seconds(options_.timeout);
  if (first_pending_ >= expected_.size()) return st;
  const auto& m = session_->messages[expected_[first_pending_]];
  st.recorded = m.index;
  st.tag = m.tag;
  st.key = m.key;
  if (!pacer_.asap()) st.due = seconds(pacer_.due(ct_[m.index]) - open_time_);
  // A server pacing at --speed 1 sends it `gap` after the last progress; the client waited `waited`.
  double gap = ct_[m.index] - progress_t_;
  double waited = seconds(waitDeadline() - last_progress_);  // not `now`: a late timer does not count
  bool awaits_scan = key_pair_ && !live_keys_ && !qr_ref_.empty();
  if (login_refused_) {
    st.cause = "login-refused";
    st.explanation = fmt::format("the server refused the login with {}", *login_refused_);
    switch (*login_refused_) {
      case 401:
        st.explanation += ": it does not take the recorded clientToken, serverToken and clientId (or the "
                          "challenge answer)";
        break;
      case 405: st.explanation += ": this connection had logged in already"; break;
      case 409:
        st.explanation += ": another connection holds this login (serve --shared-login lets many hold it)";
        break;
      default: break;
    }
  } else if (awaits_scan) {
    st.cause = "scan";
    if (options_.posts_scan)
      st.explanation = "the QR was not scanned: the post to --scan did not log in (see its scan: line)";
    else if (gap > waited)
      st.explanation = fmt::format(
          "the QR was not scanned within {:.3f}s, and the recording's phone took {:.3f}s: serve --auto-scan takes "
          "as long unless it runs with --asap (give both sides --asap or the same --speed, or a longer --timeout); "
          "without --auto-scan, serve needs --control ADDR:PORT and this client --scan http://ADDR:PORT/scan",
          waited, gap);
    else
      st.explanation = "the QR was not scanned: serve with --auto-scan, or with --control ADDR:PORT and run this "
                       "client with --scan http://ADDR:PORT/scan";
  } else if (gap > waited) {
    st.cause = "pacing";
    st.explanation = fmt::format(
        "pacing: the recording has {:.3f}s before this message, and a server that paces by the recorded times "
        "more slowly than this client (serve without --asap or --speed) sends it that late: give both sides the "
        "same --speed (or --asap), or a longer --timeout",
        gap);
  }
  return st;
}

void ClientPlayer::advancePending() {
  while (first_pending_ < expected_.size() && state_[first_pending_] != State::Pending) ++first_pending_;
}

std::string ClientPlayer::buildLive(const RecordedMessage& m) {
  std::string live_tag = tags_.liveFor(m.tag, tag_shift_);
  if (m.kind == codec::FrameKind::Json && m.role == Role::ChallengeAnswer && live_challenge_ && live_keys_ &&
      m.json.is_array() && m.json.size() > 2) {
    auto answer = crypto::answerChallengeBase64(live_keys_->mac_key, *live_challenge_);
    if (answer) {
      nlohmann::json j = m.json;
      j[2] = *answer;
      return live_tag + (m.two_commas ? ",," : ",") + j.dump();
    }
    log(fmt::format("cannot answer the live challenge: {}", answer.error().message));
  }
  if (m.kind == codec::FrameKind::Binary && live_cipher_ && m.plaintext && !same_keys_) {
    auto plain = crypto::asBytes(*m.plaintext);
    if (m.metric) {
      auto body = live_cipher_->encryptClientBody(*m.metric, m.flags.value_or(0), plain);
      return live_tag + "," + std::string(crypto::asChars(body));
    }
    auto body = live_cipher_->encryptServerBody(plain);
    return live_tag + (m.two_commas ? ",," : ",") + std::string(crypto::asChars(body));
  }
  return replaceTag(m.payload, live_tag);
}

void ClientPlayer::poll(TimePoint now, std::size_t budget, std::vector<Outgoing>& out) {
  if (done_ || !opened_) return;
  while (!immediate_.empty() && budget) {
    out.push_back(std::move(immediate_.front()));
    immediate_.erase(immediate_.begin());
    --budget;
  }
  if (waiting() && now >= waitDeadline()) {
    stalled_ = stall();
    std::string line = describeStall(*stalled_);
    if (!stalled_->explanation.empty()) line += "; likely cause: " + stalled_->explanation;
    log(std::move(line));
    finish(now, /*timed_out=*/true);
    return;
  }
  if (options_.keepalive.count() > 0 && now >= next_keepalive_ && budget) {
    out.push_back({codec::Opcode::Text, "?,,", std::nullopt});
    ++keepalives_;
    --budget;
    next_keepalive_ = now + options_.keepalive;
  }
  while (budget && next_send_ < sends_.size()) {
    const auto& m = session_->messages[sends_[next_send_]];
    if (!gateOpen(m.index)) break;
    TimePoint due = pacer_.due(ct_[m.index]);
    if (due > now) break;
    Outgoing o{m.op, buildLive(m), std::nullopt};
    if (!pacer_.asap()) {
      o.due = due;
      send_errors_us_.push_back(std::chrono::duration<double, std::micro>(now - due).count());
    }
    out.push_back(std::move(o));
    --budget;
    ++next_send_;
    ++sent_;
    last_progress_ = now;
    progress_t_ = std::max(progress_t_, ct_[m.index]);
  }
  // A QR login: once the client only waits for the Conn, show the latest ref (what a user scans).
  if (key_pair_ && !live_keys_ && live_ref_ && *live_ref_ != qr_ref_ && session_->client_id &&
      first_pending_ < expected_.size() && session_->messages[expected_[first_pending_]].role == Role::Conn &&
      (next_send_ == sends_.size() || !gateOpen(sends_[next_send_]))) {
    qr_ref_ = *live_ref_;
    qr_ = *live_ref_ + "," + crypto::base64Encode(key_pair_->public_key) + "," + *session_->client_id;
  }
  if (next_send_ == sends_.size() && first_pending_ == expected_.size()) {
    if (!linger_until_) linger_until_ = now + options_.linger;
    if (now >= *linger_until_) finish(now, false);
  }
}

std::optional<TimePoint> ClientPlayer::nextWake() const {
  if (done_ || !opened_) return std::nullopt;
  std::optional<TimePoint> wake;
  auto consider = [&](TimePoint t) {
    if (!wake || t < *wake) wake = t;
  };
  if (!immediate_.empty()) consider(TimePoint{});
  if (options_.keepalive.count() > 0) consider(next_keepalive_);
  if (waiting()) consider(waitDeadline());
  if (next_send_ < sends_.size() && gateOpen(sends_[next_send_]))
    consider(pacer_.due(ct_[sends_[next_send_]]));
  if (next_send_ == sends_.size() && first_pending_ == expected_.size())
    consider(linger_until_ ? *linger_until_ : TimePoint{});
  return wake;
}

void ClientPlayer::match(std::size_t position, std::string_view live_tag, const MessageView& live, TimePoint now) {
  const auto& m = session_->messages[expected_[position]];
  MessageView recorded{m.tag, m.kind, &m.json, m.node ? &*m.node : nullptr, m.payload};
  // Tags were rewritten on purpose: compare the live tag mapped back to the recording's.
  auto back = tags_.recorded(live_tag);
  MessageView live_view = live;
  std::string mapped = back ? *back : std::string(live_tag);
  live_view.tag = mapped;
  auto result = compareMessages(recorded, live_view, options_.ignore);
  auto& e = entries_[position];
  e.verdict = result.equal ? Verdict::Matched : Verdict::Differs;
  e.live_tag = std::string(live_tag);
  e.at = seconds(now - open_time_);
  e.diff = std::move(result.diff);
  state_[position] = State::Matched;
  advancePending();
  pacer_.noteArrival(ct_[m.index], now);
  last_progress_ = now;
  progress_t_ = std::max(progress_t_, ct_[m.index]);
  // A refused login or challenge answer: the replay stalls, and the timeout says why.
  if ((m.role == Role::LoginReply || m.role == Role::ChallengeReply) && live.json && live.json->is_object()) {
    auto status = live.json->find("status");
    if (status != live.json->end() && status->is_number_integer() && *status != 200)
      login_refused_ = status->get<int>();
  }
}

void ClientPlayer::onMessage(codec::Opcode op, std::string_view payload, TimePoint now) {
  if (done_) return;
  codec::SplitOptions split;
  split.opcode = op;
  split.dir = codec::Direction::Receive;
  codec::Frame f = codec::splitFrame(payload, split);
  if (f.kind == codec::FrameKind::Pong) {
    ++pongs_;
    return;
  }
  std::optional<codec::Node> node;
  if (f.kind == codec::FrameKind::Binary && live_cipher_) {
    std::string plaintext;
    codec::Node decoded;
    if (auto r = session::decryptNode(*live_cipher_, f.body, plaintext, decoded))
      node = std::move(decoded);
    else
      log(fmt::format("live message tag {}: {}", f.tag, session::describe(r.error())));
  }
  std::string key = matchKey(f.kind, &f.json, node ? &*node : nullptr);
  MessageView live{f.tag, f.kind, &f.json, node ? &*node : nullptr, payload};

  // Live protocol state: challenge, keys from a QR login's Conn, refs for the QR.
  if (f.kind == codec::FrameKind::Json && f.json.is_array() && f.json.size() > 1 && f.json[1].is_object()) {
    const auto& head = f.json[0];
    const auto& body = f.json[1];
    if (head == "Cmd" && body.value("type", "") == "challenge" && body.contains("challenge") &&
        body["challenge"].is_string()) {
      live_challenge_ = body["challenge"].get<std::string>();
      bool recorded_answer = std::any_of(session_->messages.begin(), session_->messages.end(),
                                         [](const RecordedMessage& m) { return m.role == Role::ChallengeAnswer; });
      if (!recorded_answer) {
        if (live_keys_ && session_->server_token && session_->client_id) {
          auto answer = crypto::answerChallengeBase64(live_keys_->mac_key, *live_challenge_);
          if (answer) {
            nlohmann::json j = {"admin", "challenge", *answer, *session_->server_token, *session_->client_id};
            auto tag = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count()) +
                       ".--c";
            immediate_.push_back({codec::Opcode::Text, tag + "," + j.dump(), std::nullopt});
            log("answered a live challenge the recording does not have");
          }
        } else {
          log("the server sent a challenge and there are no keys to answer it");
        }
      }
    } else if (head == "Conn" && body.contains("secret") && body["secret"].is_string() && key_pair_) {
      auto secret = crypto::base64Decode(body["secret"].get<std::string>());
      auto keys = secret ? crypto::deriveSessionKeys(key_pair_->private_key, *secret)
                         : tl::unexpected(secret.error());
      if (keys) setLiveKeys(*keys);
      else log(fmt::format("live Conn secret: {}", keys.error().message));
    }
  }
  if (f.kind == codec::FrameKind::Json && f.json.is_object() && f.json.contains("ref") && f.json["ref"].is_string())
    live_ref_ = f.json["ref"].get<std::string>();

  // Replies by tag: the live tag maps back to a recorded client tag.
  std::optional<std::size_t> position;
  if (auto recorded_tag = tags_.recorded(f.tag)) {
    for (std::size_t p = first_pending_; p < expected_.size(); ++p) {
      if (state_[p] == State::Pending && session_->messages[expected_[p]].tag == *recorded_tag) {
        position = p;
        break;
      }
    }
  }
  // Pushes by kind and description: the first pending message with the same key whose tag is not
  // the tag of a client request (those are replies and wait for their tag).
  if (!position) {
    for (std::size_t p = first_pending_; p < expected_.size(); ++p) {
      if (state_[p] != State::Pending) continue;
      const auto& m = session_->messages[expected_[p]];
      if (m.key != key || tags_.live(m.tag)) continue;
      position = p;
      break;
    }
  }
  // Binary frames the recording could not decrypt match any live binary frame, in order.
  if (!position && f.kind == codec::FrameKind::Binary) {
    for (std::size_t p = first_pending_; p < expected_.size(); ++p) {
      const auto& m = session_->messages[expected_[p]];
      if (state_[p] == State::Pending && m.kind == codec::FrameKind::Binary && !m.node) {
        position = p;
        break;
      }
    }
  }
  if (position) {
    match(*position, f.tag, live, now);
    return;
  }
  ReportEntry e;
  e.verdict = Verdict::Unexpected;
  e.live_tag = std::string(f.tag);
  e.key = key;
  e.at = seconds(now - open_time_);
  e.content = renderForCompare(live, options_.ignore);
  unexpected_.push_back(std::move(e));
}

void ClientPlayer::finish(TimePoint now, bool timed_out) {
  if (done_) return;
  done_ = true;
  timed_out_ = timed_out_ || timed_out;
  close_time_ = now;
  for (std::size_t p = 0; p < expected_.size(); ++p)
    if (state_[p] == State::Pending) state_[p] = State::Missing;
}

void ClientPlayer::onClosed(std::string_view reason, TimePoint now) {
  if (done_) return;
  bool complete = next_send_ == sends_.size() && first_pending_ == expected_.size();
  if (!reason.empty() && !complete) network_error_ = std::string(reason);
  else if (!complete) log("the server closed the connection before the replay ended");
  finish(now, false);
}

Report ClientPlayer::report() const {
  Report r;
  r.session = session_->source;
  r.entries = entries_;
  r.entries.insert(r.entries.end(), unexpected_.begin(), unexpected_.end());
  r.sent = sent_;
  r.not_sent = sends_.size() - next_send_;
  r.keepalives = keepalives_;
  r.pongs = pongs_;
  r.timed_out = timed_out_;
  r.stalled = stalled_;
  r.network_error = network_error_;
  std::vector<double> errors = send_errors_us_;
  r.timing = summarizeTiming(errors);
  if (opened_) r.elapsed = seconds((done_ ? close_time_ : last_progress_) - open_time_);
  return r;
}

}  // namespace wa::wareplay
