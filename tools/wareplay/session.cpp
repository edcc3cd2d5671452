// Loading a recording: capture reader, connection choice, frame split, roles, decryption.
#include "wareplay/session.h"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/capture/pcap_reader.h"
#include "wa/codec/node/decoder.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/session/message_decoder.h"
#include "wareplay/message_key.h"

namespace wa::wareplay {
namespace {

using codec::Direction;
using codec::FrameKind;

bool isArrayOf(const nlohmann::json& json, std::string_view first, std::string_view second = {}) {
  if (!json.is_array() || json.empty() || !json[0].is_string() || json[0].get_ref<const std::string&>() != first)
    return false;
  if (second.empty()) return true;
  return json.size() > 1 && json[1].is_string() && json[1].get_ref<const std::string&>() == second;
}

std::optional<std::string> stringAt(const nlohmann::json& json, std::size_t i) {
  if (json.is_array() && json.size() > i && json[i].is_string()) return json[i].get<std::string>();
  return std::nullopt;
}

std::optional<std::string> stringField(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(name);
  if (it != object.end() && it->is_string()) return it->get<std::string>();
  return std::nullopt;
}

Role clientRole(const RecordedMessage& m) {
  if (m.kind == FrameKind::KeepAlive) return Role::KeepAlive;
  if (m.kind != FrameKind::Json) return Role::Script;
  const auto& j = m.json;
  if (isArrayOf(j, "admin", "init")) return Role::Init;
  if (isArrayOf(j, "admin", "login")) return Role::Login;
  if (isArrayOf(j, "admin", "challenge")) return Role::ChallengeAnswer;
  if (isArrayOf(j, "admin", "test")) return Role::Test;
  if (isArrayOf(j, "admin", "Conn") && j.size() > 2 && j[2].is_string()) {
    if (j[2] == "reref") return Role::Reref;
    if (j[2] == "disconnect") return Role::Goodbye;
  }
  return Role::Script;
}

Role replyRole(Role request) {
  switch (request) {
    case Role::Init: return Role::InitReply;
    case Role::Reref: return Role::RerefReply;
    case Role::Login: return Role::LoginReply;
    case Role::ChallengeAnswer: return Role::ChallengeReply;
    case Role::Test: return Role::TestReply;
    default: return Role::Script;
  }
}

void decryptBinary(RecordedMessage& m, crypto::FrameCipher* cipher) {
  if (m.kind != FrameKind::Binary) return;
  if (!cipher) {
    m.problem = "no keys";
    return;
  }
  std::string plaintext;
  codec::Node node;
  auto decoded = session::decryptNode(*cipher, std::string_view(m.payload).substr(m.body_offset), plaintext, node);
  if (!decoded) {
    // A node that does not decode still has its plaintext; a failed check has none.
    if (decoded.error().stage == session::Stage::Decode) m.plaintext = std::move(plaintext);
    m.problem = session::describe(decoded.error());
    return;
  }
  m.plaintext = std::move(plaintext);
  m.node = std::move(node);
}

}  // namespace

std::string_view toString(Role role) noexcept {
  switch (role) {
    case Role::Script: return "script";
    case Role::KeepAlive: return "keepalive";
    case Role::KeepAliveReply: return "keepalive-reply";
    case Role::Init: return "init";
    case Role::InitReply: return "init-reply";
    case Role::Reref: return "reref";
    case Role::RerefReply: return "reref-reply";
    case Role::Login: return "login";
    case Role::LoginReply: return "login-reply";
    case Role::Challenge: return "challenge";
    case Role::ChallengeAnswer: return "challenge-answer";
    case Role::ChallengeReply: return "challenge-reply";
    case Role::Test: return "test";
    case Role::TestReply: return "test-reply";
    case Role::Goodbye: return "goodbye";
    case Role::Conn: return "conn";
    case Role::Stream: return "stream";
    case Role::Props: return "props";
  }
  return "?";
}

LoginKind loginKind(const Session& session) noexcept {
  if (session.restore) return LoginKind::Restore;
  // An init without a login: the server waits for the phone (mock server: onScan).
  if (session.has_login) return LoginKind::NewLogin;
  return LoginKind::None;
}

tools::Outcome<Session> buildSession(std::vector<capture::CaptureMessage> records, const crypto::KeyEntry& keys,
                             std::string source) {
  Session s;
  s.source = std::move(source);
  s.messages.reserve(records.size());
  for (auto& r : records) {
    RecordedMessage m;
    m.index = s.messages.size();
    m.t = r.t;
    m.op = r.op;
    codec::Frame f = capture::splitFrame(r, /*parse_json=*/true);
    if (f.dir == Direction::Unknown) {
      s.warnings.push_back(fmt::format("{}: message at offset {}: direction unknown, skipped", s.source,
                                       r.source_offset));
      continue;
    }
    m.dir = f.dir;
    m.kind = f.kind;
    m.tag = std::string(f.tag);
    m.two_commas = f.two_commas;
    m.metric = f.metric;
    m.flags = f.flags;
    m.body_offset = f.body_offset;
    if (f.error && f.kind != FrameKind::Json) {
      s.warnings.push_back(fmt::format("{}: message {} (tag {}): {}", s.source, m.index, m.tag,
                                       codec::describe(*f.error)));
    }
    m.json = std::move(f.json);
    m.payload = std::move(r.payload);
    s.messages.push_back(std::move(m));
  }

  // Tokens and ids from the key file first; the recording fills what is missing.
  s.client_id = keys.client_id;
  s.client_token = keys.client_token;
  s.server_token = keys.server_token;
  s.browser_token = keys.browser_token;
  s.private_key = keys.private_key;

  // Roles: client requests first, their replies by tag, then the first Conn/Stream/Props/challenge.
  std::map<std::string, Role, std::less<>> request_by_tag;
  bool seen_conn = false, seen_stream = false, seen_props = false;
  std::optional<std::string> conn_secret;
  for (auto& m : s.messages) {
    if (m.fromClient()) {
      m.role = clientRole(m);
      if (m.role != Role::Script && m.role != Role::KeepAlive) request_by_tag[m.tag] = m.role;
      if (m.role == Role::Init) {
        s.has_login = true;
        if (!s.client_id) s.client_id = stringAt(m.json, 4);
      } else if (m.role == Role::Login) {
        s.has_login = s.restore = true;
        if (!s.client_token) s.client_token = stringAt(m.json, 2);
        if (!s.server_token) s.server_token = stringAt(m.json, 3);
        if (!s.client_id) s.client_id = stringAt(m.json, 4);
      }
      continue;
    }
    if (m.kind == FrameKind::Pong) {
      m.role = Role::KeepAliveReply;
      continue;
    }
    if (auto it = request_by_tag.find(m.tag); it != request_by_tag.end() && m.kind == FrameKind::Json) {
      m.role = replyRole(it->second);
      request_by_tag.erase(it);
      continue;
    }
    if (m.kind != FrameKind::Json) continue;
    if (isArrayOf(m.json, "Cmd") && m.json.size() > 1 && stringField(m.json[1], "type") == "challenge") {
      m.role = Role::Challenge;
    } else if (!seen_conn && isArrayOf(m.json, "Conn") && m.json.size() > 1 && m.json[1].is_object()) {
      seen_conn = true;
      m.role = Role::Conn;
      const auto& c = m.json[1];
      if (auto secret = stringField(c, "secret")) {
        s.new_login = true;
        conn_secret = secret;
      }
      if (!s.client_token) s.client_token = stringField(c, "clientToken");
      if (!s.server_token) s.server_token = stringField(c, "serverToken");
      if (!s.browser_token) s.browser_token = stringField(c, "browserToken");
    } else if (!seen_stream && isArrayOf(m.json, "Stream")) {
      seen_stream = true;
      m.role = Role::Stream;
    } else if (!seen_props && isArrayOf(m.json, "Props")) {
      seen_props = true;
      m.role = Role::Props;
    }
  }

  // Keys: given, or derived from the private key and the recorded Conn secret.
  if (keys.enc_key && keys.mac_key) {
    s.keys = crypto::SessionKeys{*keys.enc_key, *keys.mac_key};
  } else if (keys.private_key) {
    crypto::KeyEntry entry = keys;
    if (!entry.secret && conn_secret) {
      auto bytes = crypto::base64Decode(*conn_secret);
      if (bytes) entry.secret = std::move(*bytes);
    }
    auto derived = entry.sessionKeys();
    if (!derived) return tools::fail(tools::kExitUsage, fmt::format("keys: {}", derived.error().message));
    s.keys = *derived;
  }

  std::optional<crypto::FrameCipher> cipher;
  if (s.keys) cipher.emplace(*s.keys);
  std::size_t undecrypted = 0;
  for (auto& m : s.messages) {
    decryptBinary(m, cipher ? &*cipher : nullptr);
    if (m.kind == FrameKind::Binary && !m.node) {
      ++undecrypted;
      if (s.keys)
        s.warnings.push_back(fmt::format("{}: message {} (tag {}): {}", s.source, m.index, m.tag, m.problem));
    }
    m.key = matchKey(m.kind, &m.json, m.node ? &*m.node : nullptr);
  }
  if (undecrypted && !s.keys)
    s.warnings.push_back(fmt::format("{}: {} binary messages not decrypted (no keys): matched in order, content not compared",
                                     s.source, undecrypted));
  if (s.messages.empty()) return tools::fail(tools::kExitUsage, fmt::format("{}: no messages to replay", s.source));
  return s;
}

tools::Outcome<Session> loadSession(const LoadOptions& options) {
  crypto::KeyEntry keys;
  std::optional<crypto::KeyFile> key_file;
  if (!options.keys_path.empty()) {
    auto parsed = crypto::readKeyFile(options.keys_path);
    if (!parsed) {
      int code = parsed.error().code == crypto::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
      return tools::fail(code, fmt::format("{}: {}", options.keys_path, parsed.error().message));
    }
    key_file = std::move(*parsed);
  }

  auto source = capture::openFileSource(options.path);
  if (!source) return tools::fail(tools::kExitIo, source.error().message);  // it names the path
  auto detected = capture::detectSource(std::move(*source));
  if (!detected) return tools::fail(tools::kExitIo, fmt::format("{}: {}", options.path, detected.error().message));
  capture::CaptureFormat format =
      options.format == capture::CaptureFormat::Unknown ? detected->format : options.format;
  std::unique_ptr<capture::CaptureReader> reader;
  std::vector<std::string> reader_warnings;
  capture::PcapReader* pcap = nullptr;
  if (format == capture::CaptureFormat::Pcap || format == capture::CaptureFormat::PcapNg) {
    auto opened = capture::PcapReader::open(std::move(detected->source));
    if (!opened) return tools::fail(tools::kExitUsage, fmt::format("{}: {}", options.path, codec::describe(opened.error())));
    pcap = opened->get();
    reader = std::move(*opened);
  } else {
    auto opened = capture::openCaptureReader(std::move(detected->source), format);
    if (!opened) {
      int code = opened.error().code == codec::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
      return tools::fail(code, fmt::format("{}: {}", options.path, codec::describe(opened.error())));
    }
    reader = std::move(*opened);
  }

  std::vector<capture::CaptureMessage> records;
  std::string conn = options.conn;
  std::map<std::string, std::size_t> other_conns;
  std::size_t errors = 0, control = 0;
  capture::CaptureMessage m;
  while (reader->read(m)) {
    if (m.error) {
      ++errors;
      reader_warnings.push_back(fmt::format("{}: skipped record: {}", options.path, codec::describe(*m.error)));
      continue;
    }
    if (m.op != codec::Opcode::Text && m.op != codec::Opcode::Binary) {
      ++control;
      continue;
    }
    if (conn.empty()) conn = m.conn;
    if (m.conn != conn) {
      ++other_conns[m.conn];
      continue;
    }
    records.push_back(std::move(m));
    m = {};
  }
  if (pcap)
    for (auto& w : pcap->warnings()) reader_warnings.push_back(fmt::format("{}: {}", options.path, w));
  if (records.empty()) {
    if (!options.conn.empty())
      return tools::fail(tools::kExitUsage, fmt::format("{}: connection \"{}\" has no messages", options.path, options.conn));
    return tools::fail(tools::kExitUsage, fmt::format("{}: no WebSocket messages found", options.path));
  }
  if (!other_conns.empty() && options.conn.empty())
    reader_warnings.push_back(fmt::format("{}: capture has {} connections; replaying \"{}\" (choose another with --conn)",
                                          options.path, other_conns.size() + 1, conn));

  if (key_file) keys = key_file->forConnection(conn);
  auto session = buildSession(std::move(records), keys, options.path);
  if (!session) return session;
  session->conn = conn;
  session->warnings.insert(session->warnings.begin(), reader_warnings.begin(), reader_warnings.end());
  (void)errors;
  (void)control;
  return session;
}

}  // namespace wa::wareplay
