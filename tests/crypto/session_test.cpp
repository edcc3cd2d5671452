// Tests for session key derivation (client), secret construction (mock server), challenge and logout.
// The fixed vectors were computed once with an independent implementation (Python's cryptography
// and hmac modules) following docs/protocol.md.
#include "wa/crypto/session.h"

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::hex;
using test::hexArray;
using test::Succeeds;
using test::toHex;

Key32 counting(std::uint8_t first) {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(first + i);
  return k;
}

const Key32 kClientPrivate = counting(0x01);
const Key32 kServerPrivate = counting(0x21);
const SessionKeys kKeys{counting(0x40), counting(0x80)};
constexpr std::string_view kSecretHex =
    "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b7c08f042dfd4730221c78845c9167032ccefdac2d90dbc54"
    "b1102f4e15b3912c9d703a43151282524c9eb461698dbc08bead74fa964b3b780cd89e5c3bc9776eea9072218f4076848f0f410e48181e3b"
    "96fdeaefe3e95b509cd5d2e364c30877dad369cc7462850e726ca1c2ff12657f";

TEST(Session, ClientDerivesKnownKeys) {
  EXPECT_EQ(toHex(x25519PublicKey(kClientPrivate)), "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c");
  auto keys = deriveSessionKeys(kClientPrivate, hex(kSecretHex));
  ASSERT_THAT(keys, Succeeds());
  EXPECT_EQ(*keys, kKeys);
}

TEST(Session, ServerBuildsTheSameSecret) {
  auto handshake = makeServerHandshake(x25519PublicKey(kClientPrivate), kServerPrivate, kKeys);
  ASSERT_THAT(handshake, Succeeds());
  EXPECT_EQ(toHex(handshake->secret), kSecretHex);
  EXPECT_EQ(handshake->server_key_pair.public_key, x25519PublicKey(kServerPrivate));
}

TEST(Session, RandomServerHandshakeRoundTrips) {
  const X25519KeyPair client = generateX25519KeyPair();
  auto handshake = makeServerHandshake(client.public_key);
  ASSERT_THAT(handshake, Succeeds());
  EXPECT_EQ(handshake->secret.size(), kSecretSize);
  auto keys = deriveSessionKeys(client.private_key, handshake->secret);
  ASSERT_THAT(keys, Succeeds());
  EXPECT_EQ(*keys, handshake->keys);
  EXPECT_NE(handshake->keys.enc_key, handshake->keys.mac_key);
}

TEST(Session, WrongLength) {
  EXPECT_THAT(deriveSessionKeys(kClientPrivate, Bytes(143)),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0, "secret: 143 bytes where 144 are needed"));
  EXPECT_THAT(deriveSessionKeys(kClientPrivate, Bytes(145)), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
  EXPECT_THAT(deriveSessionKeys(kClientPrivate, {}), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
}

TEST(Session, WrongPrivateKeyFailsTheHmac) {
  EXPECT_THAT(deriveSessionKeys(counting(0x02), hex(kSecretHex)),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Hmac, 32,
                               "this secret was not made for this private key"));
}

TEST(Session, AnyFlippedByteFailsTheHmac) {
  const Bytes good = hex(kSecretHex);
  for (std::size_t i : {0u, 31u, 32u, 63u, 64u, 100u, 143u}) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    auto keys = deriveSessionKeys(kClientPrivate, bad);
    ASSERT_FALSE(keys.has_value()) << i;
    EXPECT_EQ(keys.error().code, ErrorCode::AuthenticationFailed) << i;
  }
}

TEST(Session, BadPaddingAfterAValidHmac) {
  // A server that pads wrongly: encrypt 80 bytes without valid padding, with a correct HMAC.
  const Key32 client_pub = x25519PublicKey(kClientPrivate);
  const Key32 shared = *x25519(kServerPrivate, client_pub);
  const Key32 zeros{};
  const Bytes sse = *hkdfSha256(shared, zeros, {}, 80);
  Key32 aes_key{};
  std::copy_n(sse.begin(), 32, aes_key.begin());
  Iv iv{};
  std::copy_n(sse.begin() + 64, 16, iv.begin());
  Bytes plain(80, 0x00);  // last byte 0: never valid PKCS#7
  Bytes ct(80);
  Aes256CbcEncryptor enc(aes_key);
  ASSERT_TRUE(enc.encryptBlocks(iv, plain, ct));
  const Key32 server_pub = x25519PublicKey(kServerPrivate);
  HmacSha256 hmac(ByteView(sse).subspan(32, 32));
  hmac.update(server_pub);
  hmac.update(ct);
  const Sha256Digest mac = hmac.finish();
  Bytes secret(kSecretSize);
  std::copy(server_pub.begin(), server_pub.end(), secret.begin());
  std::copy(mac.begin(), mac.end(), secret.begin() + 32);
  std::copy(ct.begin(), ct.end(), secret.begin() + 64);
  EXPECT_THAT(deriveSessionKeys(kClientPrivate, secret), FailsWith(ErrorCode::BadPadding, Stage::Decrypt, 128));
}

TEST(Session, SmallOrderServerKey) {
  Bytes secret = hex(kSecretHex);
  std::fill_n(secret.begin(), 32, 0);
  EXPECT_THAT(deriveSessionKeys(kClientPrivate, secret), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
  EXPECT_THAT(makeServerHandshake(Key32{}), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
}

TEST(Session, ChallengeAnswer) {
  const std::string challenge = "challenge-bytes-0123456789";
  EXPECT_EQ(answerChallenge(kKeys.mac_key, asBytes(challenge)), "0Yfsrtt3LCQPiqtD9+uSbOGRLMRD71gvom26k9QeKI8=");
  auto answer = answerChallengeBase64(kKeys.mac_key, "Y2hhbGxlbmdlLWJ5dGVzLTAxMjM0NTY3ODk=");
  ASSERT_THAT(answer, Succeeds());
  EXPECT_EQ(*answer, "0Yfsrtt3LCQPiqtD9+uSbOGRLMRD71gvom26k9QeKI8=");
  EXPECT_THAT(answerChallengeBase64(kKeys.mac_key, "!!"),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0,
                               "challenge: not base64 (unexpected character at offset 0)"));
}

TEST(Session, LogoutToken) { EXPECT_EQ(logoutToken(kKeys), "NgnOYcewPHnxAjshJYsPAPrQVfSDBE88o84v5HtVYA8="); }

}  // namespace
}  // namespace wa::crypto
