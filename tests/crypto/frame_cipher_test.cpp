// Tests for frame bodies in both directions: a fixed vector, round trips and every error.
#include "wa/crypto/frame_cipher.h"

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::hex;
using test::Succeeds;
using test::toHex;

Key32 counting(std::uint8_t first) {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(first + i);
  return k;
}

const SessionKeys kKeys{counting(0x40), counting(0x80)};
Iv fixedIv() {
  Iv iv{};
  for (std::size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<std::uint8_t>(0xa0 + i);
  return iv;
}
constexpr std::string_view kPlain = "frame plaintext: a binary node goes here";
// HMAC[32] iv[16] ct, computed with an independent implementation.
constexpr std::string_view kBodyHex =
    "7b78370e748ae7edf5c4889909f15b19dfb39678f5d084f8213762326f6a8627a0a1a2a3a4a5a6a7a8a9aaabacadaeafa517614a71ac87"
    "bfbfb1bb0b277ba5520b31de467598be04069375a3126976ed7b1f18c142b452586bc228c23488e8ce";

TEST(FrameCipher, EncryptsTheKnownServerBody) {
  FrameCipher cipher(kKeys);
  EXPECT_EQ(toHex(cipher.encryptServerBody(asBytes(kPlain), fixedIv())), kBodyHex);
}

TEST(FrameCipher, DecryptsTheKnownServerBody) {
  FrameCipher cipher(kKeys);
  auto plain = cipher.decryptServerBody(hex(kBodyHex));
  ASSERT_THAT(plain, Succeeds());
  EXPECT_EQ(asChars(*plain), kPlain);
  EXPECT_THAT(cipher.verifyServerBody(hex(kBodyHex)), Succeeds());
  auto again = decryptServerBody(kKeys, hex(kBodyHex));
  ASSERT_THAT(again, Succeeds());
  EXPECT_EQ(*again, *plain);
}

TEST(FrameCipher, ClientBodyCarriesMetricAndFlags) {
  FrameCipher cipher(kKeys);
  const Bytes body = cipher.encryptClientBody(16, 0x80, asBytes(kPlain), fixedIv());
  EXPECT_EQ(body[0], 16);
  EXPECT_EQ(body[1], 0x80);
  EXPECT_EQ(toHex(ByteView(body).subspan(2)), kBodyHex);
  auto frame = cipher.decryptClientBody(body);
  ASSERT_THAT(frame, Succeeds());
  EXPECT_EQ(frame->metric, 16);
  EXPECT_EQ(frame->flags, 0x80);
  EXPECT_EQ(asChars(frame->plaintext), kPlain);
  auto one_shot = decryptClientBody(kKeys, body);
  ASSERT_THAT(one_shot, Succeeds());
  EXPECT_EQ(one_shot->plaintext, frame->plaintext);
}

TEST(FrameCipher, RoundTripsEverySizeWithRandomIvs) {
  FrameCipher cipher(kKeys);
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 100u, 1024u, 40000u, 70000u}) {
    const Bytes plain = test::pattern(n);
    const Bytes a = cipher.encryptServerBody(plain);
    const Bytes b = cipher.encryptServerBody(plain);
    EXPECT_NE(a, b) << n;  // fresh IVs
    EXPECT_EQ(a.size(), kFrameHeaderSize + (n / 16 + 1) * 16);
    auto back = cipher.decryptServerBody(a);
    ASSERT_THAT(back, Succeeds());
    EXPECT_EQ(*back, plain) << n;
  }
}

TEST(FrameCipher, DecryptIntoACallerBuffer) {
  FrameCipher cipher(kKeys);
  const Bytes body = hex(kBodyHex);
  Bytes out(body.size() - kFrameHeaderSize);
  auto n = cipher.decryptServerBodyInto(body, out);
  ASSERT_THAT(n, Succeeds());
  EXPECT_EQ(asChars(ByteView(out).first(*n)), kPlain);
  Bytes small(out.size() - 1);
  EXPECT_THAT(cipher.decryptServerBodyInto(body, small), FailsWith(ErrorCode::Invalid, Stage::Decrypt, 0));
}

TEST(FrameCipher, TooShort) {
  FrameCipher cipher(kKeys);
  EXPECT_THAT(cipher.decryptServerBody(Bytes(63)),
              FailsWithMessage(ErrorCode::Truncated, Stage::Frame, 63,
                               "frame body of 63 bytes is shorter than the 64 an encrypted frame needs"));
  EXPECT_THAT(cipher.decryptServerBody({}), FailsWith(ErrorCode::Truncated, Stage::Frame, 0));
  EXPECT_THAT(cipher.decryptClientBody(Bytes(1)), FailsWith(ErrorCode::Truncated, Stage::Frame, 1));
  // Offsets of a client body count its two leading bytes.
  EXPECT_THAT(cipher.decryptClientBody(Bytes(40)), FailsWith(ErrorCode::Truncated, Stage::Frame, 40));
}

TEST(FrameCipher, NotWholeBlocks) {
  FrameCipher cipher(kKeys);
  Bytes body = hex(kBodyHex);
  body.push_back(0);
  EXPECT_THAT(cipher.decryptServerBody(body),
              FailsWithMessage(ErrorCode::Invalid, Stage::Decrypt, 48,
                               "ciphertext of 49 bytes is not a whole number of 16-byte blocks"));
  Bytes client = {16, 0x80};
  client.insert(client.end(), body.begin(), body.end());
  EXPECT_THAT(cipher.decryptClientBody(client), FailsWith(ErrorCode::Invalid, Stage::Decrypt, 50));
}

TEST(FrameCipher, HmacMismatch) {
  FrameCipher cipher(kKeys);
  for (std::size_t i : {0u, 31u, 32u, 47u, 48u, 95u}) {
    Bytes body = hex(kBodyHex);
    body[i] ^= 0x80;
    EXPECT_THAT(cipher.decryptServerBody(body),
                FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Hmac, 0, "frame hmac mismatch"))
        << i;
    EXPECT_THAT(cipher.verifyServerBody(body), FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 0));
  }
  FrameCipher other(SessionKeys{counting(0x40), counting(0x81)});
  EXPECT_THAT(other.decryptServerBody(hex(kBodyHex)), FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 0));
  Bytes client = {16, 0x80};
  Bytes body = hex(kBodyHex);
  body[60] ^= 1;
  client.insert(client.end(), body.begin(), body.end());
  EXPECT_THAT(cipher.decryptClientBody(client), FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 2));
}

TEST(FrameCipher, FailedDecryptLeavesNoPlaintextInTheBuffer) {
  FrameCipher cipher(kKeys);
  Bytes body = hex(kBodyHex);
  body[0] ^= 1;
  Bytes out(body.size() - kFrameHeaderSize, 0xEE);
  EXPECT_FALSE(cipher.decryptServerBodyInto(body, out).has_value());
  EXPECT_EQ(out, Bytes(out.size(), 0));
}

TEST(FrameCipher, BadPaddingUnderAValidHmac) {
  // Sign a ciphertext whose plaintext ends in 0x00: the HMAC passes, the padding does not.
  Aes256CbcEncryptor enc(kKeys.enc_key);
  Iv iv = fixedIv();
  const Bytes plain(32, 0);
  Bytes ct(32);
  ASSERT_TRUE(enc.encryptBlocks(iv, plain, ct));
  const Iv start = fixedIv();
  Bytes signed_part(start.begin(), start.end());
  signed_part.insert(signed_part.end(), ct.begin(), ct.end());
  const Sha256Digest mac = hmacSha256(kKeys.mac_key, signed_part);
  Bytes body(mac.begin(), mac.end());
  body.insert(body.end(), signed_part.begin(), signed_part.end());
  FrameCipher cipher(kKeys);
  EXPECT_THAT(cipher.decryptServerBody(body),
              FailsWithMessage(ErrorCode::BadPadding, Stage::Decrypt, 64, "invalid pkcs#7 padding"));
  EXPECT_THAT(cipher.verifyServerBody(body), Succeeds());
}

TEST(FrameCipher, MovedCipherStillWorks) {
  FrameCipher a(kKeys);
  FrameCipher b(std::move(a));
  EXPECT_THAT(b.decryptServerBody(hex(kBodyHex)), Succeeds());
}

}  // namespace
}  // namespace wa::crypto
