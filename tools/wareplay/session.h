// A recorded session: the messages of one connection of a capture, split, decrypted and given
// their role in the login protocol, ready to be replayed from either side.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wa/capture/detect.h"
#include "wa/capture/message.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/node/node.h"
#include "wa/crypto/key_files.h"
#include "wa/crypto/session.h"
#include "common/failure.h"

namespace wa::wareplay {

/// What a recorded message does in the protocol (docs/man/wareplay.md, "Login").
/// Everything that is not Script is played live by the mock server and the client.
enum class Role : std::uint8_t {
  Script,            ///< replayed as recorded
  KeepAlive,         ///< client `?,,`
  KeepAliveReply,    ///< server `!<ms>`
  Init,              ///< client ["admin","init",...]
  InitReply,         ///< the reply to Init (by tag)
  Reref,             ///< client ["admin","Conn","reref"]
  RerefReply,
  Login,             ///< client ["admin","login",clientToken,serverToken,clientId,...]
  LoginReply,
  Challenge,         ///< server ["Cmd",{"type":"challenge",...}]
  ChallengeAnswer,   ///< client ["admin","challenge",answer,serverToken,clientId]
  ChallengeReply,
  Test,              ///< client ["admin","test"]
  TestReply,
  Goodbye,           ///< client ["admin","Conn","disconnect"]
  Conn,              ///< the first server ["Conn",{...}]
  Stream,            ///< the first server ["Stream",...]
  Props,             ///< the first server ["Props",{...}]
};

std::string_view toString(Role role) noexcept;

/// One recorded WebSocket message with everything replay needs precomputed.
struct RecordedMessage {
  std::size_t index = 0;  ///< position in Session::messages
  double t = 0;           ///< capture time, epoch seconds
  codec::Direction dir = codec::Direction::Send;  ///< Send: client to server
  codec::Opcode op = codec::Opcode::Text;
  std::string payload;  ///< the message as captured
  codec::FrameKind kind = codec::FrameKind::Empty;
  std::string tag;
  bool two_commas = false;
  std::optional<std::uint8_t> metric;  ///< client binary frames
  std::optional<std::uint8_t> flags;
  std::size_t body_offset = 0;  ///< where the JSON text or the encrypted body starts in payload
  nlohmann::json json;          ///< Json frames: the parsed body (null when it did not parse)
  std::optional<std::string> plaintext;  ///< Binary frames: the node bytes, when keys are known
  std::optional<codec::Node> node;       ///< ... and their decoding
  std::string problem;  ///< why a binary frame has no node (no keys, hmac mismatch, ...)
  Role role = Role::Script;
  std::string key;  ///< matchKey() of the message

  [[nodiscard]] bool fromClient() const noexcept { return dir == codec::Direction::Send; }
};

/// A loaded recording.
struct Session {
  std::string source;  ///< file name, for messages
  std::string conn;    ///< the connection replayed
  std::vector<RecordedMessage> messages;
  std::optional<crypto::SessionKeys> keys;  ///< the recording's encKey/macKey
  /// The recorded client's X25519 private key (key file `privateKey`): a QR login replays with its
  /// key pair, so `serve --auto-scan` can scan the QR it shows.
  std::optional<crypto::Key32> private_key;
  std::optional<std::string> client_id;
  std::optional<std::string> client_token;
  std::optional<std::string> server_token;
  std::optional<std::string> browser_token;
  bool has_login = false;  ///< the recording holds Init or Login
  bool new_login = false;  ///< its Conn carries a `secret` (a QR login)
  bool restore = false;    ///< it holds Login (a restored session)
  std::vector<std::string> warnings;  ///< skipped records, other connections, undecryptable frames
};

/// What a live client must do to log in, as the recording did.
enum class LoginKind : std::uint8_t {
  None,      ///< no login recorded: the script starts with the connection
  Restore,   ///< `admin login` with the recorded tokens
  NewLogin,  ///< init, then a scan of the QR (the server waits for it)
};
LoginKind loginKind(const Session& session) noexcept;

/// How to load a session.
struct LoadOptions {
  std::string path;  ///< "-" is standard input
  capture::CaptureFormat format = capture::CaptureFormat::Unknown;
  std::string conn;       ///< empty: the first connection in the capture
  std::string keys_path;  ///< optional key file (DESIGN.md "Keys")
};

/// Reads a capture in any format wadecode reads and builds the session of one connection.
/// Fails with exit 3 when the file cannot be read, 2 when the key file is unusable, the format
/// is not readable, or the connection has no messages. Records the reader flags as errors, and
/// messages whose direction cannot be told, are skipped with a warning.
tools::Outcome<Session> loadSession(const LoadOptions& options);

/// Builds a session from messages already read (tests, the benchmark): splits, classifies and
/// decrypts with `keys` (which may carry tokens and a private key).
tools::Outcome<Session> buildSession(std::vector<capture::CaptureMessage> messages, const crypto::KeyEntry& keys,
                             std::string source = "<memory>");

}  // namespace wa::wareplay
