// Known-answer tests for the primitives: FIPS 180 (SHA-256), RFC 4231 (HMAC), RFC 5869 (HKDF),
// SP 800-38A F.2.5/F.2.6 (AES-256-CBC), RFC 7748 (X25519), plus padding, comparison and randomness.
#include "wa/crypto/primitives.h"

#include <string>

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::hex;
using test::hexArray;
using test::Succeeds;
using test::toHex;

// ---- SHA-256 ------------------------------------------------------------------------------------

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(toHex(sha256(asBytes(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(toHex(sha256(asBytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(toHex(sha256(asBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalMillionA) {
  Sha256 hash;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) hash.update(asBytes(chunk));
  EXPECT_EQ(toHex(hash.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // finish() resets.
  hash.update(asBytes("abc"));
  EXPECT_EQ(toHex(hash.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// ---- HMAC-SHA256, RFC 4231 ----------------------------------------------------------------------

TEST(HmacSha256, Rfc4231Vectors) {
  for (const auto& c : test::rfc4231Cases()) {
    const Bytes key = hex(c.key_hex);
    EXPECT_EQ(toHex(hmacSha256(key, asBytes(c.data))), c.mac_hex) << c.data;
    // The keyed object gives the same, message after message, and in pieces.
    HmacSha256 keyed(key);
    EXPECT_EQ(toHex(keyed.mac(asBytes(c.data))), c.mac_hex);
    const std::string_view d = c.data;
    keyed.update(asBytes(d.substr(0, 3)));
    keyed.update(asBytes(d.substr(3)));
    EXPECT_EQ(toHex(keyed.finish()), c.mac_hex);
  }
}

TEST(HmacSha256, Rfc4231TruncatedVector) {
  const Bytes key = hex("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c");
  const Sha256Digest mac = hmacSha256(key, asBytes("Test With Truncation"));
  EXPECT_EQ(toHex(ByteView(mac).first(16)), "a3b6167473100ee06e0c796c2955552b");
}

TEST(HmacSha256, RestartDropsPendingData) {
  HmacSha256 keyed(hex("4a656665"));
  keyed.update(asBytes("garbage"));
  keyed.restart();
  keyed.update(asBytes("what do ya want for nothing?"));
  EXPECT_EQ(toHex(keyed.finish()), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, EmptyKeyAndMessage) {
  // HMAC-SHA256("", "") as published by many libraries.
  EXPECT_EQ(toHex(hmacSha256({}, {})), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// ---- HKDF, RFC 5869 -----------------------------------------------------------------------------

TEST(Hkdf, Rfc5869Case1) {
  auto okm = hkdfSha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex("000102030405060708090a0b0c"),
                        hex("f0f1f2f3f4f5f6f7f8f9"), 42);
  ASSERT_THAT(okm, Succeeds());
  EXPECT_EQ(toHex(*okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(Hkdf, Rfc5869Case2LongInputs) {
  Bytes ikm(80), salt(80), info(80);
  for (int i = 0; i < 80; ++i) {
    ikm[i] = static_cast<std::uint8_t>(i);
    salt[i] = static_cast<std::uint8_t>(0x60 + i);
    info[i] = static_cast<std::uint8_t>(0xb0 + i);
  }
  auto okm = hkdfSha256(ikm, salt, info, 82);
  ASSERT_THAT(okm, Succeeds());
  EXPECT_EQ(toHex(*okm),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c"
            "2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(Hkdf, Rfc5869Case3EmptySaltAndInfo) {
  const Bytes ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  auto okm = hkdfSha256(ikm, {}, {}, 42);
  ASSERT_THAT(okm, Succeeds());
  EXPECT_EQ(toHex(*okm), "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  // An empty salt is the same as 32 zero bytes (what WA-Web passes).
  const Key32 zeros{};
  EXPECT_EQ(*hkdfSha256(ikm, zeros, {}, 42), *okm);
}

TEST(Hkdf, RefusesMoreThan255Blocks) {
  EXPECT_THAT(hkdfSha256(hex("00"), {}, {}, kHkdfMaxLength), Succeeds());
  EXPECT_THAT(hkdfSha256(hex("00"), {}, {}, kHkdfMaxLength + 1), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
  auto empty = hkdfSha256(hex("00"), {}, {}, 0);
  ASSERT_THAT(empty, Succeeds());
  EXPECT_TRUE(empty->empty());
}

// ---- AES-256-CBC, SP 800-38A F.2.5 / F.2.6 --------------------------------------------------------

constexpr std::string_view kNistKey = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
constexpr std::string_view kNistIv = "000102030405060708090a0b0c0d0e0f";
constexpr std::string_view kNistPlain =
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710";
constexpr std::string_view kNistCipher =
    "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461"
    "b2eb05e2c39be9fcda6c19078c6a9d1b";

TEST(Aes256Cbc, Sp80038aF25Encrypt) {
  Aes256CbcEncryptor enc(hexArray<32>(kNistKey));
  Iv iv = hexArray<16>(kNistIv);
  const Bytes plain = hex(kNistPlain);
  Bytes out(plain.size());
  ASSERT_TRUE(enc.encryptBlocks(iv, plain, out));
  EXPECT_EQ(toHex(out), kNistCipher);
  EXPECT_EQ(toHex(iv), "b2eb05e2c39be9fcda6c19078c6a9d1b");  // chained to the last block
}

TEST(Aes256Cbc, Sp80038aF26Decrypt) {
  Aes256CbcDecryptor dec(hexArray<32>(kNistKey));
  Iv iv = hexArray<16>(kNistIv);
  const Bytes cipher = hex(kNistCipher);
  Bytes out(cipher.size());
  ASSERT_TRUE(dec.decryptBlocks(iv, cipher, out));
  EXPECT_EQ(toHex(out), kNistPlain);
}

TEST(Aes256Cbc, DecryptInPlaceAndInPieces) {
  Aes256CbcDecryptor dec(hexArray<32>(kNistKey));
  Bytes buf = hex(kNistCipher);
  Iv iv = hexArray<16>(kNistIv);
  ASSERT_TRUE(dec.decryptBlocks(iv, ByteView(buf).first(16), MutableByteView(buf).first(16)));
  ASSERT_TRUE(dec.decryptBlocks(iv, ByteView(buf).subspan(16), MutableByteView(buf).subspan(16)));
  EXPECT_EQ(toHex(buf), kNistPlain);
}

TEST(Aes256Cbc, RejectsPartialBlocksAndShortOutput) {
  Aes256CbcDecryptor dec(hexArray<32>(kNistKey));
  Iv iv{};
  Bytes in(17), out(32);
  EXPECT_FALSE(dec.decryptBlocks(iv, in, out));
  Bytes in2(32), out2(16);
  EXPECT_FALSE(dec.decryptBlocks(iv, in2, out2));
}

TEST(Aes256Cbc, EveryBackendMatchesTheNistVectors) {
  for (AesBackend backend : {AesBackend::Portable, AesBackend::AesNi, AesBackend::Vaes, AesBackend::Auto}) {
    Aes256CbcDecryptor dec(hexArray<32>(kNistKey), backend);
    Iv iv = hexArray<16>(kNistIv);
    const Bytes cipher = hex(kNistCipher);
    Bytes out(cipher.size());
    ASSERT_TRUE(dec.decryptBlocks(iv, cipher, out));
    EXPECT_EQ(toHex(out), kNistPlain) << static_cast<int>(dec.backend());
    EXPECT_EQ(toHex(iv), "b2eb05e2c39be9fcda6c19078c6a9d1b");
  }
  EXPECT_EQ(Aes256CbcDecryptor(Key32{}, AesBackend::Auto).backend(), fastestAesBackend());
}

TEST(Aes256Cbc, BackendsAgreeOnRandomInputsInPlaceAndInPieces) {
  const Key32 key = randomKey32();
  Aes256CbcDecryptor reference(key, AesBackend::Portable);
  for (AesBackend backend : {AesBackend::AesNi, AesBackend::Vaes}) {
    Aes256CbcDecryptor fast(key, backend);
    // Lengths around the 8- and 16-block loops of the fast paths.
    for (std::size_t blocks : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 32u, 33u, 100u, 4096u}) {
      const Bytes cipher = randomBytes(blocks * 16);
      const Iv iv0 = randomIv();
      Bytes expected(cipher.size());
      Iv iv_ref = iv0;
      ASSERT_TRUE(reference.decryptBlocks(iv_ref, cipher, expected));
      Bytes out(cipher.size());
      Iv iv = iv0;
      ASSERT_TRUE(fast.decryptBlocks(iv, cipher, out));
      EXPECT_EQ(out, expected) << blocks;
      EXPECT_EQ(iv, iv_ref) << blocks;
      Bytes in_place = cipher;
      iv = iv0;
      ASSERT_TRUE(fast.decryptBlocks(iv, in_place, in_place));
      EXPECT_EQ(in_place, expected) << blocks;
      // Two calls continue the chain.
      const std::size_t half = blocks / 2 * 16;
      Bytes pieces(cipher.size());
      iv = iv0;
      ASSERT_TRUE(fast.decryptBlocks(iv, ByteView(cipher).first(half), MutableByteView(pieces).first(half)));
      ASSERT_TRUE(fast.decryptBlocks(iv, ByteView(cipher).subspan(half), MutableByteView(pieces).subspan(half)));
      EXPECT_EQ(pieces, expected) << blocks;
    }
  }
}

TEST(Aes256Cbc, PaddedRoundTripAtEveryLength) {
  const Key32 key = hexArray<32>(kNistKey);
  const Iv iv = hexArray<16>(kNistIv);
  for (std::size_t n = 0; n <= 48; ++n) {
    const Bytes plain = test::pattern(n);
    const Bytes ct = aes256CbcEncrypt(key, iv, plain);
    EXPECT_EQ(ct.size(), (n / 16 + 1) * 16);
    auto back = aes256CbcDecrypt(key, iv, ct);
    ASSERT_THAT(back, Succeeds());
    EXPECT_EQ(*back, plain);
  }
}

TEST(Aes256Cbc, DecryptErrors) {
  const Key32 key = hexArray<32>(kNistKey);
  const Iv iv = hexArray<16>(kNistIv);
  EXPECT_THAT(aes256CbcDecrypt(key, iv, {}), FailsWith(ErrorCode::Invalid, Stage::Decrypt, 0));
  EXPECT_THAT(aes256CbcDecrypt(key, iv, Bytes(33)), FailsWith(ErrorCode::Invalid, Stage::Decrypt, 32));
  // The NIST plaintext does not end in valid padding.
  EXPECT_THAT(aes256CbcDecrypt(key, iv, hex(kNistCipher)), FailsWith(ErrorCode::BadPadding, Stage::Decrypt, 48));
}

TEST(Pkcs7, PadLength) {
  std::uint8_t block[16] = {};
  EXPECT_EQ(pkcs7PadLength(block), 0u);  // 0 is never a pad
  block[15] = 1;
  EXPECT_EQ(pkcs7PadLength(block), 1u);
  for (auto& b : block) b = 16;
  EXPECT_EQ(pkcs7PadLength(block), 16u);
  block[0] = 15;
  EXPECT_EQ(pkcs7PadLength(block), 0u);
  block[15] = 17;
  EXPECT_EQ(pkcs7PadLength(block), 0u);
  std::uint8_t three[16] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 3, 3, 3};
  EXPECT_EQ(pkcs7PadLength(three), 3u);
  three[13] = 2;
  EXPECT_EQ(pkcs7PadLength(three), 0u);
  EXPECT_EQ(pkcs7PadLength(ByteView(three, 15)), 0u);
  EXPECT_EQ(pkcs7PaddingSize(0), 16u);
  EXPECT_EQ(pkcs7PaddingSize(15), 1u);
  EXPECT_EQ(pkcs7PaddingSize(16), 16u);
}

// ---- X25519, RFC 7748 ---------------------------------------------------------------------------

TEST(X25519, Rfc7748Section52Vectors) {
  auto r1 = x25519(hexArray<32>("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                   hexArray<32>("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
  ASSERT_THAT(r1, Succeeds());
  EXPECT_EQ(toHex(*r1), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  auto r2 = x25519(hexArray<32>("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                   hexArray<32>("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
  ASSERT_THAT(r2, Succeeds());
  EXPECT_EQ(toHex(*r2), "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

TEST(X25519, Rfc7748IteratedOneAndThousand) {
  Key32 k{};
  k[0] = 9;
  Key32 u = k;
  for (int i = 1; i <= 1000; ++i) {
    auto r = x25519(k, u);
    ASSERT_THAT(r, Succeeds());
    u = k;
    k = *r;
    if (i == 1) {
      EXPECT_EQ(toHex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(toHex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

// About a minute: run with --gtest_also_run_disabled_tests --gtest_filter='*IteratedMillion'.
TEST(X25519, DISABLED_Rfc7748IteratedMillion) {
  Key32 k{};
  k[0] = 9;
  Key32 u = k;
  for (int i = 1; i <= 1000000; ++i) {
    const Key32 r = *x25519(k, u);
    u = k;
    k = r;
  }
  EXPECT_EQ(toHex(k), "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f618c56");
}

TEST(X25519, Rfc7748Section6DiffieHellman) {
  const Key32 alice = hexArray<32>("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const Key32 bob = hexArray<32>("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const Key32 alice_pub = x25519PublicKey(alice);
  const Key32 bob_pub = x25519PublicKey(bob);
  EXPECT_EQ(toHex(alice_pub), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(toHex(bob_pub), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  auto k1 = x25519(alice, bob_pub);
  auto k2 = x25519(bob, alice_pub);
  ASSERT_THAT(k1, Succeeds());
  ASSERT_THAT(k2, Succeeds());
  EXPECT_EQ(toHex(*k1), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(*k1, *k2);
}

TEST(X25519, SmallOrderPeerIsRefused) {
  const Key32 scalar = hexArray<32>("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const Key32 zero{};
  EXPECT_THAT(x25519(scalar, zero), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
  Key32 one{};
  one[0] = 1;
  EXPECT_THAT(x25519(scalar, one), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
}

TEST(X25519, GeneratedPairsAgree) {
  const X25519KeyPair a = generateX25519KeyPair();
  const X25519KeyPair b = generateX25519KeyPair();
  EXPECT_NE(a.private_key, b.private_key);
  EXPECT_EQ(a.private_key[0] & 7, 0);
  EXPECT_EQ(a.private_key[31] & 0xC0, 0x40);
  EXPECT_EQ(a.public_key, x25519PublicKey(a.private_key));
  EXPECT_EQ(*x25519(a.private_key, b.public_key), *x25519(b.private_key, a.public_key));
}

// ---- Comparison and randomness ------------------------------------------------------------------

TEST(ConstantTimeEqual, ComparesLengthAndBytes) {
  EXPECT_TRUE(constantTimeEqual(hex("0102"), hex("0102")));
  EXPECT_FALSE(constantTimeEqual(hex("0102"), hex("0103")));
  EXPECT_FALSE(constantTimeEqual(hex("0102"), hex("010203")));
  EXPECT_TRUE(constantTimeEqual({}, {}));
}

// Every length across the eight-byte steps and the tail, with one bit flipped at each place.
TEST(ConstantTimeEqual, FindsOneFlippedBitAnywhere) {
  for (std::size_t n = 0; n <= 41; ++n) {
    Bytes a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<std::uint8_t>(i * 37 + 11);
    EXPECT_TRUE(constantTimeEqual(a, b)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      for (int bit : {0, 7}) {
        b[i] ^= static_cast<std::uint8_t>(1u << bit);
        EXPECT_FALSE(constantTimeEqual(a, b)) << n << " " << i << " " << bit;
        b[i] ^= static_cast<std::uint8_t>(1u << bit);
      }
    }
  }
}

TEST(Random, FillsAndDiffers) {
  const Bytes a = randomBytes(64);
  const Bytes b = randomBytes(64);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_NE(randomKey32(), randomKey32());
  EXPECT_NE(randomIv(), randomIv());
  EXPECT_TRUE(randomBytes(0).empty());
}

}  // namespace
}  // namespace wa::crypto
