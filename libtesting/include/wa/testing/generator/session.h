// Whole generated sessions: a login with a real `secret` for a generated client key, then
// contacts, chats, history, live messages, presence, receipts, media and keep-alives, as the
// WebSocket messages a capture would hold, with the keys that decrypt them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/message.h"
#include "wa/codec/node/node.h"
#include "wa/crypto/bytes.h"
#include "wa/crypto/session.h"

namespace wa::testing {

/// The secrets of one generated session (all made up from the seed).
struct SessionSecrets {
  crypto::Key32 client_private_key{};
  crypto::Key32 client_public_key{};
  crypto::Bytes secret;  ///< the 144-byte Conn secret (new logins)
  crypto::SessionKeys keys;
  std::string client_id;  ///< base64 of 16 bytes
  std::string client_token, server_token, browser_token;
  std::string wid;  ///< the phone's own JID
  std::string push_name;
};

/// One WebSocket message of the session, and what it means in clear (for tests).
struct SessionMessage {
  double t = 0;  ///< epoch seconds
  codec::Direction dir = codec::Direction::Send;
  codec::Opcode op = codec::Opcode::Text;
  std::string payload;  ///< the whole WebSocket payload: "tag,..." (binary frames encrypted)
  std::string tag;
  /// The plaintext node of a binary frame; empty for text frames.
  std::optional<codec::Node> node;
  std::uint8_t metric = 0, flags = 0;  ///< client binary frames
};

struct SessionOptions {
  std::uint64_t seed = 1;
  double start_time = 1589356438.0;
  bool restore = false;  ///< log in with tokens (no secret in the capture) instead of a QR scan
  std::size_t contacts = 60;
  std::size_t chats = 25;
  std::size_t history_chunks = 4;
  std::size_t live_messages = 20;
  std::size_t client_messages = 6;
  std::size_t presences = 8;
  std::size_t keepalives = 3;
  bool logout = true;  ///< end with goodbye,,["admin","Conn","disconnect"]
};

struct GeneratedSession {
  SessionSecrets secrets;
  std::vector<SessionMessage> messages;
};

/// `options` with the sizes of `wa-corpus-gen session --size large`: about 3 MB of pcap per
/// session (500 contacts, 200 chats, 40 history chunks, 2000 live messages, ...), the unit of the
/// benchmarks' large captures.
SessionOptions withLargeSizes(SessionOptions options);

/// Generates a session. Deterministic: the same options give the same bytes.
GeneratedSession generateSession(const SessionOptions& options);

/// The project's key file for the session: privateKey + secret (new login) or encKey + macKey
/// (restore), plus the tokens and ids.
std::string sessionKeyFile(const SessionSecrets& secrets);

}  // namespace wa::testing
