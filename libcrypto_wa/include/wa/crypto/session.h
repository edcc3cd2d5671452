// Session keys from the login handshake: the client derives encKey/macKey from `secret`, a mock
// server builds a `secret` for a client's public key; plus the challenge answer and logout token.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {

/// The `secret` of the Conn message: server public key [0:32], HMAC [32:64], encrypted keys [64:144]
/// (docs/protocol.md "Key generation").
inline constexpr std::size_t kSecretSize = 144;

/// The two keys of a logged-in session: encKey encrypts binary frames in both directions, macKey
/// signs them.
struct SessionKeys {
  Key32 enc_key{};
  Key32 mac_key{};
  friend bool operator==(const SessionKeys&, const SessionKeys&) = default;
};

/// Client side: X25519(private_key, secret[0:32]) -> HKDF-SHA256(salt = 32 zeros, info = "", 80)
/// = sse; checks HMAC-SHA256(sse[32:64], secret[0:32] || secret[64:144]) == secret[32:64], then
/// AES-256-CBC-decrypts secret[64:144] with key sse[0:32] and IV sse[64:80].
/// Errors (never quoting key material):
///  - Invalid, stage Key, offset 0: "secret: 143 bytes where 144 are needed";
///  - Invalid, stage Key, offset 0: the server key in the secret has small order;
///  - AuthenticationFailed, stage Hmac, offset 32: "this secret was not made for this private key";
///  - BadPadding, stage Decrypt, offset 128: the keys decrypted but their padding is wrong.
Expected<SessionKeys> deriveSessionKeys(const Key32& private_key, ByteView secret);

/// What a mock server sends and keeps for one login.
struct ServerHandshake {
  X25519KeyPair server_key_pair;
  SessionKeys keys;  ///< the keys the client will derive from `secret`
  Bytes secret;      ///< 144 bytes, to be sent base64-encoded in the Conn message
};

/// Server side with fresh randomness: a new server key pair and new encKey/macKey.
/// Fails (Invalid, stage Key) when the client key has small order.
Expected<ServerHandshake> makeServerHandshake(const Key32& client_public_key);

/// Server side, reproducible: builds the `secret` for the given server private key and keys.
/// The inverse of deriveSessionKeys: deriveSessionKeys(client_private, result.secret) == keys.
Expected<ServerHandshake> makeServerHandshake(const Key32& client_public_key, const Key32& server_private_key,
                                              const SessionKeys& keys);

/// The challenge answer: base64(HMAC-SHA256(macKey, challenge)), challenge being the decoded bytes.
std::string answerChallenge(const Key32& mac_key, ByteView challenge);
/// The same from the base64 text the server sends; fails (Invalid, stage Key) when the text
/// is not base64, with the message "challenge: not base64 (...)".
Expected<std::string> answerChallengeBase64(const Key32& mac_key, std::string_view challenge_base64);

/// The logout token for dyn.web.whatsapp.com/logout: base64(HMAC-SHA256(macKey, encKey)).
std::string logoutToken(const SessionKeys& keys);

}  // namespace wa::crypto
