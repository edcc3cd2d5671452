// Session key derivation from the Conn `secret`, its inverse for mock servers, challenge and logout.
#include "wa/crypto/session.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace wa::crypto {
namespace {

constexpr std::size_t kExpandedSize = 80;
constexpr std::size_t kHmacOffset = 32;
constexpr std::size_t kKeysOffset = 64;
constexpr std::size_t kKeysSize = kSecretSize - kKeysOffset;  // 64 bytes of keys + 16 of padding

// sse = HKDF(X25519(private, public), salt = 32 zeros, info = "", 80).
Expected<Bytes> expandShared(const Key32& private_key, const Key32& public_key) {
  auto shared = x25519(private_key, public_key);
  if (!shared) return tl::unexpected(shared.error());
  const Key32 salt{};
  auto sse = hkdfSha256(*shared, salt, {}, kExpandedSize);
  secureWipe(*shared);
  return sse;
}

Key32 slice32(ByteView bytes, std::size_t offset) {
  Key32 out{};
  std::memcpy(out.data(), bytes.data() + offset, out.size());
  return out;
}

Sha256Digest secretHmac(ByteView sse, ByteView server_public, ByteView encrypted_keys) {
  HmacSha256 hmac(sse.subspan(32, 32));
  hmac.update(server_public);
  hmac.update(encrypted_keys);
  return hmac.finish();
}

}  // namespace

Expected<SessionKeys> deriveSessionKeys(const Key32& private_key, ByteView secret) {
  if (secret.size() != kSecretSize) return tl::unexpected(detail::wrongLength("secret", secret.size(), kSecretSize));
  const Key32 server_public = slice32(secret, 0);
  auto sse = expandShared(private_key, server_public);
  if (!sse) return tl::unexpected(sse.error());
  const Sha256Digest expected = secretHmac(*sse, secret.first(32), secret.subspan(kKeysOffset));
  if (!constantTimeEqual(expected, secret.subspan(kHmacOffset, 32))) {
    secureWipe(*sse);
    return makeError(ErrorCode::AuthenticationFailed, Stage::Hmac, kHmacOffset,
                     "this secret was not made for this private key");
  }
  const Key32 aes_key = slice32(*sse, 0);
  Iv iv{};
  std::memcpy(iv.data(), sse->data() + 64, iv.size());
  secureWipe(*sse);
  auto keys = aes256CbcDecrypt(aes_key, iv, secret.subspan(kKeysOffset));
  if (!keys) {
    Error e = keys.error();
    e.offset += kKeysOffset;
    e.message = "the session keys in the secret have invalid padding";
    return tl::unexpected(std::move(e));
  }
  if (keys->size() != 64) {
    const std::size_t size = keys->size();
    secureWipe(*keys);
    return makeError(ErrorCode::BadPadding, Stage::Decrypt, kKeysOffset + 64,
                     fmt::format("the secret holds {} bytes of keys where 64 are needed", size));
  }
  SessionKeys out;
  out.enc_key = slice32(*keys, 0);
  out.mac_key = slice32(*keys, 32);
  secureWipe(*keys);
  return out;
}

Expected<ServerHandshake> makeServerHandshake(const Key32& client_public_key, const Key32& server_private_key,
                                              const SessionKeys& keys) {
  ServerHandshake out;
  out.server_key_pair.private_key = server_private_key;
  out.server_key_pair.public_key = x25519PublicKey(server_private_key);
  out.keys = keys;
  auto sse = expandShared(server_private_key, client_public_key);
  if (!sse) return tl::unexpected(sse.error());
  const Key32 aes_key = slice32(*sse, 0);
  Iv iv{};
  std::memcpy(iv.data(), sse->data() + 64, iv.size());
  std::uint8_t plain[64];
  std::memcpy(plain, keys.enc_key.data(), 32);
  std::memcpy(plain + 32, keys.mac_key.data(), 32);
  Bytes encrypted = aes256CbcEncrypt(aes_key, iv, plain);
  secureWipe(plain);
  const Sha256Digest mac = secretHmac(*sse, out.server_key_pair.public_key, encrypted);
  secureWipe(*sse);
  out.secret.reserve(kSecretSize);
  out.secret.insert(out.secret.end(), out.server_key_pair.public_key.begin(), out.server_key_pair.public_key.end());
  out.secret.insert(out.secret.end(), mac.begin(), mac.end());
  out.secret.insert(out.secret.end(), encrypted.begin(), encrypted.end());
  static_assert(kKeysSize == 80);
  return out;
}

Expected<ServerHandshake> makeServerHandshake(const Key32& client_public_key) {
  const X25519KeyPair server = generateX25519KeyPair();
  SessionKeys keys;
  keys.enc_key = randomKey32();
  keys.mac_key = randomKey32();
  return makeServerHandshake(client_public_key, server.private_key, keys);
}

std::string answerChallenge(const Key32& mac_key, ByteView challenge) {
  return base64Encode(hmacSha256(mac_key, challenge));
}

Expected<std::string> answerChallengeBase64(const Key32& mac_key, std::string_view challenge_base64) {
  auto challenge = base64Decode(challenge_base64);
  if (!challenge) {
    Error e = challenge.error();
    e.message = "challenge: " + e.message;
    return tl::unexpected(std::move(e));
  }
  return answerChallenge(mac_key, *challenge);
}

std::string logoutToken(const SessionKeys& keys) { return base64Encode(hmacSha256(keys.mac_key, keys.enc_key)); }

}  // namespace wa::crypto
