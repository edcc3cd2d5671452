// Generates whole sessions: login, pushes, preempted contacts and chats, history, live traffic.
#include "wa/testing/generator/session.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/testing/generator/node_corpus.h"
#include "wa/codec/node/encoder.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"
#include "wa/crypto/primitives.h"

namespace wa::testing {
namespace {

// Ordered: objects are written in the order the real server writes their keys.
using json = nlohmann::ordered_json;

crypto::Key32 key32(Random& rng) {
  crypto::Key32 k{};
  std::string b = rng.bytes(32);
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

crypto::Iv iv16(Random& rng) {
  crypto::Iv v{};
  std::string b = rng.bytes(16);
  std::copy(b.begin(), b.end(), v.begin());
  return v;
}

std::string b64(std::string_view s) { return crypto::base64Encode(crypto::asBytes(s)); }
std::string b64(const crypto::Bytes& s) { return crypto::base64Encode(s); }

class Builder {
 public:
  explicit Builder(const SessionOptions& options)
      : options_(options), rng_(options.seed * 7919 + 17), nodes_(options.seed, static_cast<std::uint64_t>(options.start_time)),
        t_(options.start_time) {}

  GeneratedSession build() {
    makeSecrets();
    cipher_.emplace(session_.secrets.keys);
    login();
    preempt();
    traffic();
    if (options_.logout) sendText("goodbye", R"(["admin","Conn","disconnect"])", /*two_commas=*/true);
    return std::move(session_);
  }

 private:
  void advance(double lo, double hi) {
    t_ += lo + static_cast<double>(rng_.below(1000000)) / 1e6 * (hi - lo);
  }

  std::string clientTag() {
    return fmt::format("{}.--{}", static_cast<std::uint64_t>(t_), client_seq_++);
  }

  void push(codec::Direction dir, codec::Opcode op, std::string tag, std::string payload,
            std::optional<codec::Node> node = std::nullopt, std::uint8_t metric = 0, std::uint8_t flags = 0) {
    SessionMessage m;
    m.t = t_;
    m.dir = dir;
    m.op = op;
    m.tag = std::move(tag);
    m.payload = std::move(payload);
    m.node = std::move(node);
    m.metric = metric;
    m.flags = flags;
    session_.messages.push_back(std::move(m));
  }

  // Client JSON as WA-Web writes it ("tag,,JSON"), or with one comma.
  void sendText(const std::string& tag, const std::string& body, bool two_commas = true) {
    push(codec::Direction::Send, codec::Opcode::Text, tag, tag + (two_commas ? ",," : ",") + body);
  }
  void receiveText(const std::string& tag, const std::string& body) {
    push(codec::Direction::Receive, codec::Opcode::Text, tag, tag + "," + body);
  }

  void receiveNode(const std::string& tag, codec::Node node) {
    auto plain = codec::encodeNode(node, codec::EncodeStyle::Server);
    auto body = cipher_->encryptServerBody(crypto::asBytes(*plain), iv16(rng_));
    std::string payload = tag + ",";
    payload.append(reinterpret_cast<const char*>(body.data()), body.size());
    push(codec::Direction::Receive, codec::Opcode::Binary, tag, std::move(payload), std::move(node));
  }

  void sendNode(const std::string& tag, codec::Node node, std::uint8_t metric, std::uint8_t flags) {
    auto plain = codec::encodeNode(node, codec::EncodeStyle::WebClient);
    auto body = cipher_->encryptClientBody(metric, flags, crypto::asBytes(*plain), iv16(rng_));
    std::string payload = tag + ",";
    payload.append(reinterpret_cast<const char*>(body.data()), body.size());
    push(codec::Direction::Send, codec::Opcode::Binary, tag, std::move(payload), std::move(node), metric, flags);
  }

  void makeSecrets() {
    auto& s = session_.secrets;
    s.client_private_key = key32(rng_);
    s.client_private_key[0] &= 248;
    s.client_private_key[31] = static_cast<std::uint8_t>((s.client_private_key[31] & 127) | 64);
    s.client_public_key = crypto::x25519PublicKey(s.client_private_key);
    crypto::Key32 server_private = key32(rng_);
    s.keys.enc_key = key32(rng_);
    s.keys.mac_key = key32(rng_);
    auto handshake = crypto::makeServerHandshake(s.client_public_key, server_private, s.keys);
    s.secret = handshake->secret;
    s.client_id = b64(rng_.bytes(16));
    s.client_token = b64(rng_.bytes(20));
    s.server_token = "1@" + b64(rng_.bytes(60));
    s.browser_token = "1@" + b64(rng_.bytes(60));
    s.wid = fakeUserJid(rng_);
    s.push_name = fakeName(rng_, false);
  }

  void login() {
    const auto& s = session_.secrets;
    std::string init_tag = clientTag();
    sendText(init_tag,
             json::array({"admin", "init", {2, 2019, 6}, {"Linux", "Chrome", "x86_64"}, s.client_id, true}).dump());
    advance(0.05, 0.2);
    std::string ref = "1@" + b64(rng_.bytes(48));
    receiveText(init_tag, json{{"status", 200},
                               {"ref", ref},
                               {"ttl", 20000},
                               {"update", false},
                               {"curr", "2.2019.6"},
                               {"time", static_cast<std::uint64_t>(t_ * 1000)}}
                              .dump());
    json conn = {{"ref", ref},
                 {"wid", s.wid},
                 {"connected", true},
                 {"isResponse", "false"},
                 {"serverToken", s.server_token},
                 {"browserToken", s.browser_token},
                 {"clientToken", s.client_token},
                 {"lc", "US"},
                 {"lg", "en"},
                 {"locales", "en-US"},
                 {"is24h", true},
                 {"secret", nullptr},
                 {"protoVersion", {0, 17}},
                 {"binVersion", 10},
                 {"battery", 20 + rng_.below(80)},
                 {"plugged", rng_.chance(30)},
                 {"platform", "android"},
                 {"features", {{"KEY_PARTICIPANT", true}, {"FLAGS", "EAE"}}},
                 {"phone",
                  {{"wa_version", "2.20.123"},
                   {"mcc", "000"},
                   {"mnc", "000"},
                   {"os_version", "10"},
                   {"device_manufacturer", "Generic"},
                   {"device_model", "Phone"},
                   {"os_build_number", "QP1A.190711.020"}}},
                 {"pushname", s.push_name},
                 {"tos", 0}};
    if (options_.restore) {
      advance(0.02, 0.1);
      std::string login_tag = clientTag();
      sendText(login_tag, json::array({"admin", "login", s.client_token, s.server_token, s.client_id, "takeover"}).dump());
      advance(0.1, 0.4);
      receiveText(login_tag, R"({"status":200})");
      conn.erase("secret");  // a restored login gets no secret
    } else {
      conn["secret"] = b64(s.secret);
      advance(3.0, 12.0);  // the user scans the QR code
    }
    advance(0.05, 0.2);
    receiveText("s1", json::array({"Conn", conn}).dump());
    advance(0.01, 0.05);
    receiveText("s2", R"(["Stream","update",false,"2.2019.6"])");
    advance(0.01, 0.05);
    receiveText("s3", R"(["Props",{"imageMaxKBytes":1024,"maxParticipants":257,"videoMaxEdge":960,)"
                      R"("imageMaxEdge":1600,"statusVideoMaxDuration":30,"frequentlyForwardedMax":5,)"
                      R"("suspiciousLinks":1,"fwdUiStartTs":0,"groupDescLength":512,"multicastLimitGlobal":5}])");
  }

  std::string serverTag() { return fmt::format("{}-{}", static_cast<std::uint64_t>(t_), server_seq_++); }

  void preempt() {
    advance(0.2, 0.6);
    receiveNode(fmt::format("preempt-{}-{}", static_cast<std::uint64_t>(t_), server_seq_++),
                nodes_.contactsResponse(options_.contacts));
    advance(0.05, 0.3);
    receiveNode(fmt::format("preempt-{}-{}", static_cast<std::uint64_t>(t_), server_seq_++),
                nodes_.chatsResponse(options_.chats));
    for (std::size_t i = 0; i < options_.history_chunks; ++i) {
      advance(0.05, 0.5);
      std::string tag = clientTag();
      sendNode(tag, nodes_.query(), /*metric=*/7, /*flags=*/0x80);  // QUERY_MESSAGES
      advance(0.1, 0.6);
      receiveNode(tag, nodes_.historyChunk(5 + rng_.below(20)));
    }
  }

  void traffic() {
    std::size_t live = options_.live_messages, sends = options_.client_messages, presences = options_.presences,
                keepalives = options_.keepalives;
    double next_keepalive = t_ + 20.0;
    while (live + sends + presences > 0) {
      advance(0.2, 6.0);
      if (keepalives > 0 && t_ >= next_keepalive) {
        sendText("?", "", /*two_commas=*/true);
        session_.messages.back().payload = "?,,";
        advance(0.03, 0.15);
        push(codec::Direction::Receive, codec::Opcode::Text, fmt::format("!{}", static_cast<std::uint64_t>(t_ * 1000)),
             fmt::format("!{}", static_cast<std::uint64_t>(t_ * 1000)));
        next_keepalive = t_ + 20.0;
        --keepalives;
        continue;
      }
      std::size_t pick = rng_.below(live + sends + presences);
      if (pick < live) {
        --live;
        switch (rng_.below(4)) {
          case 0: receiveNode(serverTag(), nodes_.receipt()); break;
          case 1: receiveNode(serverTag(), nodes_.presence()); break;
          default: receiveNode(serverTag(), nodes_.liveMessage()); break;
        }
        if (rng_.chance(30)) {
          advance(0.02, 0.1);
          receiveText(serverTag(), json::array({"Msg", {{"cmd", "ack"}, {"ack", 1 + rng_.below(3)},
                                                          {"id", fakeMessageId(rng_)}, {"from", session_.secrets.wid},
                                                          {"to", fakeUserJid(rng_)}, {"t", static_cast<std::uint64_t>(t_)}}})
                                           .dump());
        }
      } else if (pick < live + sends) {
        --sends;
        codec::Node action = nodes_.clientMessage();
        std::string id;
        // The message id is the tag of a message send.
        if (!action.children.empty()) id = fakeMessageId(rng_);
        if (id.empty()) id = clientTag();
        sendNode(id, std::move(action), /*metric=*/16, /*flags=*/0x80);  // MESSAGE
        advance(0.1, 0.5);
        receiveText(id, fmt::format(R"({{"status":200,"t":{}}})", static_cast<std::uint64_t>(t_)));
      } else {
        --presences;
        receiveText(serverTag(), json::array({"Presence", {{"id", fakeUserJid(rng_)},
                                                            {"type", rng_.chance(50) ? "available" : "composing"},
                                                            {"t", static_cast<std::uint64_t>(t_)}}})
                                         .dump());
      }
    }
  }

  SessionOptions options_;
  Random rng_;
  NodeGenerator nodes_;
  double t_;
  std::uint64_t client_seq_ = 0, server_seq_ = 0;
  std::optional<crypto::FrameCipher> cipher_;
  GeneratedSession session_;
};

}  // namespace

SessionOptions withLargeSizes(SessionOptions options) {
  options.contacts = 500;
  options.chats = 200;
  options.history_chunks = 40;
  options.live_messages = 2000;
  options.client_messages = 200;
  options.presences = 300;
  options.keepalives = 100;
  return options;
}

GeneratedSession generateSession(const SessionOptions& options) { return Builder(options).build(); }

std::string sessionKeyFile(const SessionSecrets& secrets) {
  crypto::KeyEntry entry;
  entry.private_key = secrets.client_private_key;
  entry.secret = secrets.secret;
  entry.enc_key = secrets.keys.enc_key;
  entry.mac_key = secrets.keys.mac_key;
  entry.client_id = secrets.client_id;
  entry.client_token = secrets.client_token;
  entry.server_token = secrets.server_token;
  entry.browser_token = secrets.browser_token;
  entry.wid = secrets.wid;
  return crypto::writeKeyFile(entry);
}

}  // namespace wa::testing
