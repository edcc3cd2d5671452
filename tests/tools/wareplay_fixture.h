// Deterministic recorded sessions for wareplay's tests and benchmark: a restore (optionally with a
// challenge) or a QR login, JSON and binary queries, binary and JSON pushes, a keep-alive and a
// goodbye, built with the real crypto so every frame decrypts. Writes capture JSONL, HAR, pcap and
// the key file. (Header-only: tests/tools/*.cpp files other than *_test.cpp are not built.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/capture/jsonl_writer.h"
#include "wa/capture/message.h"
#include "wa/testing/pcap_writer.h"
#include "wa/codec/node/encoder.h"
#include "wa/codec/node/node.h"
#include "wa/testing/ws_encoder.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/session.h"

namespace wa::wareplay::fixture {

enum class Login : std::uint8_t { Restore, Qr, None };

struct Spec {
  Login login = Login::Restore;
  bool challenge = false;      ///< restore: the server challenges, the client answers
  int rerefs = 0;              ///< QR login: rerefs before the scan
  std::size_t pushes = 4;      ///< binary pushes after the queries
  std::size_t queries = 0;     ///< extra JSON queries with their replies, after the pushes
  double gap = 0.01;           ///< seconds between messages
  bool keepalive = true;       ///< a ?,, / !<ms> pair in the middle
  bool goodbye = true;
};

inline crypto::Key32 filledKey(std::uint8_t seed) {
  crypto::Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + 1);
  return k;
}

inline crypto::SessionKeys sessionKeys() { return {filledKey(1), filledKey(2)}; }
inline crypto::Key32 clientPrivateKey() { return filledKey(3); }
inline crypto::Key32 serverPrivateKey() { return filledKey(4); }

inline const char* kClientId = "AAECAwQFBgcICQoLDA0ODw==";
inline const char* kClientToken = "1@ZmFrZS1jbGllbnQtdG9rZW4tZm9yLXRlc3Rz";
inline const char* kServerToken = "1@ZmFrZS1zZXJ2ZXItdG9rZW4tZm9yLXRlc3Rz";
inline const char* kBrowserToken = "1@ZmFrZS1icm93c2VyLXRva2VuLWZvci10ZXN0cw==";

/// A recorded session and its keys.
struct Recording {
  std::vector<capture::CaptureMessage> messages;
  crypto::KeyEntry keys;

  [[nodiscard]] std::string jsonl() const {
    std::string out;
    for (const auto& m : messages) capture::appendCaptureJsonl(m, out);
    return out;
  }

  [[nodiscard]] std::string keyFile() const { return crypto::writeKeyFile(keys); }

  /// Chrome's HAR export of the same messages (one WebSocket entry).
  [[nodiscard]] std::string har() const {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& m : messages) {
      nlohmann::ordered_json j;
      j["type"] = m.dir == codec::Direction::Send ? "send" : "receive";
      j["time"] = m.t;
      j["opcode"] = m.op == codec::Opcode::Text ? 1 : 2;
      j["data"] = m.op == codec::Opcode::Text ? m.payload : crypto::base64Encode(crypto::asBytes(m.payload));
      list.push_back(std::move(j));
    }
    nlohmann::ordered_json entry = {{"request", {{"method", "GET"}, {"url", "wss://web.whatsapp.com/ws"}}},
                                    {"_resourceType", "websocket"},
                                    {"_webSocketMessages", list}};
    nlohmann::ordered_json doc = {{"log", {{"version", "1.2"}, {"entries", {entry}}}}};
    return doc.dump(1);
  }

  /// A pcap of the same messages over plaintext ws:// (handshake, masked client frames).
  [[nodiscard]] std::string pcap() const {
    testing::PcapWriter writer;
    auto client = capture::parseIpEndpoint("10.0.0.2", 50123).value();
    auto server = capture::parseIpEndpoint("10.0.0.1", 80).value();
    std::uint32_t cseq = 1000, sseq = 5000;
    double t = messages.empty() ? 0 : messages.front().t - 0.01;
    auto send = [&](bool from_client, const std::string& bytes, double at) {
      testing::TcpPacket p;
      p.src = from_client ? client : server;
      p.dst = from_client ? server : client;
      p.seq = from_client ? cseq : sseq;
      p.ack = from_client ? sseq : cseq;
      p.flags = capture::tcp_flag::kAck | capture::tcp_flag::kPsh;
      writer.writeTcp(at, p, codec::asBytes(bytes));
      (from_client ? cseq : sseq) += static_cast<std::uint32_t>(bytes.size());
    };
    testing::TcpPacket syn;
    syn.src = client;
    syn.dst = server;
    syn.seq = cseq - 1;
    syn.flags = capture::tcp_flag::kSyn;
    writer.writeTcp(t, syn, {});
    testing::TcpPacket synack;
    synack.src = server;
    synack.dst = client;
    synack.seq = sseq - 1;
    synack.ack = cseq;
    synack.flags = capture::tcp_flag::kSyn | capture::tcp_flag::kAck;
    writer.writeTcp(t, synack, {});
    send(true,
         "GET /ws HTTP/1.1\r\nHost: web.whatsapp.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
         "Origin: https://web.whatsapp.com\r\n\r\n",
         t);
    send(false,
         "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
         t);
    testing::WsEncoderOptions masked;
    masked.mask = true;
    testing::WsEncoder client_encoder(masked), server_encoder;
    for (const auto& m : messages) {
      bool from_client = m.dir == codec::Direction::Send;
      auto& encoder = from_client ? client_encoder : server_encoder;
      send(from_client, encoder.encode(m.op, codec::asBytes(m.payload)), m.t);
    }
    return writer.take();
  }
};

/// Builds the recording described by `spec`.
inline Recording makeRecording(const Spec& spec) {
  Recording r;
  crypto::SessionKeys keys = sessionKeys();
  crypto::FrameCipher cipher(keys);
  std::uint8_t iv_counter = 0;
  auto nextIv = [&] {
    crypto::Iv iv{};
    iv.fill(++iv_counter);
    return iv;
  };
  double t = 1589356438.0;
  auto add = [&](codec::Direction dir, codec::Opcode op, std::string payload) {
    capture::CaptureMessage m;
    m.t = t;
    m.dir = dir;
    m.conn = "0";
    m.op = op;
    m.payload = std::move(payload);
    r.messages.push_back(std::move(m));
    t += spec.gap;
  };
  auto send = [&](const std::string& text) { add(codec::Direction::Send, codec::Opcode::Text, text); };
  auto receive = [&](const std::string& text) { add(codec::Direction::Receive, codec::Opcode::Text, text); };
  auto encode = [](const codec::Node& node) { return codec::encodeNode(node, codec::EncodeStyle::Server).value(); };
  auto sendNode = [&](const std::string& tag, std::uint8_t metric, const codec::Node& node) {
    auto body = cipher.encryptClientBody(metric, 0x80, crypto::asBytes(encode(node)), nextIv());
    add(codec::Direction::Send, codec::Opcode::Binary, tag + "," + std::string(crypto::asChars(body)));
  };
  auto receiveNode = [&](const std::string& tag, const codec::Node& node) {
    auto body = cipher.encryptServerBody(crypto::asBytes(encode(node)), nextIv());
    add(codec::Direction::Receive, codec::Opcode::Binary, tag + "," + std::string(crypto::asChars(body)));
  };

  r.keys.enc_key = keys.enc_key;
  r.keys.mac_key = keys.mac_key;
  r.keys.client_id = kClientId;
  r.keys.client_token = kClientToken;
  r.keys.server_token = kServerToken;
  r.keys.browser_token = kBrowserToken;

  nlohmann::ordered_json conn = {{"battery", 87},
                                 {"browserToken", kBrowserToken},
                                 {"clientToken", kClientToken},
                                 {"serverToken", kServerToken},
                                 {"wid", "15550001111@c.us"},
                                 {"pushname", "Test User"},
                                 {"platform", "android"},
                                 {"phone", {{"device_manufacturer", "Acme"}, {"device_model", "Phone 1"}}}};
  std::string base = "1589356438";
  int seq = 0;
  auto tag = [&] { return fmt::format("{}.--{}", base, seq++); };

  if (spec.login != Login::None) {
    std::string init = tag();
    send(fmt::format(R"({},,["admin","init",[0,4,2088],["Windows","Chrome","10"],"{}",true])", init, kClientId));
    receive(fmt::format(
        R"({},{{"status":200,"ref":"1@recordedref0","ttl":20000,"update":false,"curr":"0.4.2088","time":1589356438123.0}})",
        init));
  }
  if (spec.login == Login::Restore) {
    std::string login = tag();
    send(fmt::format(R"({},,["admin","login","{}","{}","{}","takeover"])", login, kClientToken, kServerToken, kClientId));
    if (spec.challenge) {
      crypto::Bytes challenge(32);
      for (std::size_t i = 0; i < challenge.size(); ++i) challenge[i] = static_cast<std::uint8_t>(i * 3);
      std::string challenge_b64 = crypto::base64Encode(challenge);
      receive(fmt::format(R"(s1,["Cmd",{{"type":"challenge","challenge":"{}"}}])", challenge_b64));
      std::string answer_tag = tag();
      send(fmt::format(R"({},,["admin","challenge","{}","{}","{}"])", answer_tag,
                       crypto::answerChallenge(keys.mac_key, challenge), kServerToken, kClientId));
      receive(answer_tag + R"(,{"status":200})");
    }
    receive(login + R"(,{"status":200})");
  } else if (spec.login == Login::Qr) {
    for (int i = 0; i < spec.rerefs; ++i) {
      std::string reref = tag();
      send(reref + R"(,,["admin","Conn","reref"])");
      receive(fmt::format(R"({},{{"status":200,"ref":"1@recordedref{}","ttl":20000}})", reref, i + 1));
    }
    auto client_public = crypto::x25519PublicKey(clientPrivateKey());
    auto handshake = crypto::makeServerHandshake(client_public, serverPrivateKey(), keys).value();
    conn["secret"] = crypto::base64Encode(handshake.secret);
    r.keys.private_key = clientPrivateKey();
  }
  if (spec.login != Login::None) {
    receive("s1," + nlohmann::ordered_json::array({"Conn", conn}).dump());
    receive(R"(s2,["Stream","update",false,"0.4.2088"])");
    receive(R"(s3,["Props",{"imageMaxKBytes":1024,"maxParticipants":257,"videoMaxEdge":960}])");
  }

  // A JSON query and its reply, then a binary query and its binary reply.
  std::string exist = tag();
  send(exist + R"(,,["query","exist","15550002222@c.us"])");
  receive(exist + R"(,{"status":200,"jid":"15550002222@c.us"})");
  std::string chats = tag();
  sendNode(chats, 5, codec::makeParentNode("query", {{"type", "chat"}, {"epoch", "1"}}, {}));
  receiveNode(chats, codec::makeParentNode("response", {{"type", "chat"}},
                                           {codec::makeNode("chat", {{"jid", "15550002222@c.us"},
                                                                     {"count", "0"},
                                                                     {"t", "1589356000"}})}));
  if (spec.keepalive) {
    send("?,,");
    receive("!1589356438500");
  }
  for (std::size_t i = 0; i < spec.pushes; ++i) {
    auto from = fmt::format("1555000{:04}@c.us", 3000 + i);
    receiveNode(fmt::format("1589356439-{}", i),
                codec::makeParentNode("action", {{"add", "relay"}},
                                      {codec::makeNode("presence", {{"type", "available"}, {"from", from}})}));
  }
  receive(R"(s4,["Presence",{"id":"15550002222@c.us","type":"available"}])");
  for (std::size_t i = 0; i < spec.queries; ++i) {
    std::string q = tag();
    auto jid = fmt::format("1555000{:04}@c.us", 5000 + i % 1000);
    send(fmt::format(R"({},,["query","status","{}"])", q, jid));
    receive(fmt::format(R"({},{{"status":200,"jid":"{}","text":"at work"}})", q, jid));
  }
  std::string read = tag();
  sendNode(read, 11, codec::makeParentNode("action", {{"type", "set"}, {"epoch", "2"}},
                                           {codec::makeNode("read", {{"jid", "15550002222@c.us"}, {"count", "1"}})}));
  receive(read + R"(,{"status":200})");
  if (spec.goodbye) send(R"(goodbye,,["admin","Conn","disconnect"])");
  return r;
}

}  // namespace wa::wareplay::fixture
