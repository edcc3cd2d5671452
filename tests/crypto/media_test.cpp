// Tests for media key expansion, one-shot decryption/encryption against fixed vectors (computed with
// an independent implementation), every decryption error, and the diagnosis of non-media files.
#include "wa/crypto/media.h"

#include "crypto/test_support.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::hex;
using test::hexArray;
using test::pattern;
using test::Succeeds;
using test::toHex;

Key32 mediaKey() {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0xc0 + i);
  return k;
}

MediaKeys keysFor(MediaType type) { return *expandMediaKey(mediaKey(), type); }

TEST(MediaKeys, ExpandsIntoFourParts) {
  auto keys = expandMediaKey(mediaKey(), MediaType::Audio);
  ASSERT_THAT(keys, Succeeds());
  const std::string all = "6887ea1d7f071298b74b1cf51122e5012d0e57c564b8e472e1d17962a1824ebbcab9db804298ceeda41daa94e503d"
                          "19ab662065ccf85264db5de52dbd58cad06cd29e2b4f9e8dab20a985849c211f911ce15db552c5abac529abc03647e"
                          "e210049486855f13413b32b2ce9c66d39a178";
  EXPECT_EQ(toHex(keys->iv) + toHex(keys->cipher_key) + toHex(keys->mac_key) + toHex(keys->ref_key), all);
  // Aliases share keys.
  EXPECT_EQ(expandMediaKey(mediaKey(), MediaType::Ptt)->cipher_key, keys->cipher_key);
}

TEST(MediaKeys, Errors) {
  EXPECT_THAT(expandMediaKey(Bytes(31), MediaType::Image),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0, "mediaKey: 31 bytes where 32 are needed"));
  EXPECT_THAT(expandMediaKey(mediaKey(), MediaType::ProfilePicture),
              FailsWith(ErrorCode::Unsupported, Stage::Media, 0));
}

TEST(MediaEncrypt, KnownImageVector) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  auto media = encryptMedia(pattern(100), MediaType::Image, options);
  ASSERT_THAT(media, Succeeds());
  EXPECT_EQ(media->enc_and_mac.size(), 122u);
  EXPECT_EQ(toHex(ByteView(media->enc_and_mac).first(32)),
            "f53b385c8be632783232e0b7dc49303502064d25db6fb9232a691db85941aa1c");
  EXPECT_EQ(toHex(media->info.mac), "bd2c106348035ea637b8");
  EXPECT_EQ(toHex(ByteView(media->enc_and_mac).last(10)), "bd2c106348035ea637b8");
  EXPECT_EQ(toHex(media->info.file_enc_sha256), "158831490917f8a773ef035c704d54f0e32acc15abf81633078682b9ad0d80e8");
  EXPECT_EQ(toHex(media->info.file_sha256), "e8fd2c4f3a453f80113979c7496e61e5be565fcfae4e4e79ac26e5c3f9b53d0c");
  EXPECT_EQ(media->info.file_length, 100u);
  EXPECT_FALSE(media->info.sidecar.has_value());  // images are not streamable
  EXPECT_FALSE(media->info.first_frame_sidecar.has_value());
  EXPECT_EQ(media->media_key, mediaKey());
}

TEST(MediaEncrypt, KnownVideoVectorWithSidecar) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  auto media = encryptMedia(pattern(200000), MediaType::Video, options);
  ASSERT_THAT(media, Succeeds());
  EXPECT_EQ(media->enc_and_mac.size(), 200026u);
  EXPECT_EQ(toHex(media->info.file_enc_sha256), "f86c41f7cb416d355e585ad3f7b76b2d56813eb2cdc99c5c73402f4dbf8915bd");
  EXPECT_EQ(toHex(media->info.file_sha256), "ff41b7e9cc397e9de1484b9ba8bd73b47c1bdfbc363d738bde401789cca5ef56");
  ASSERT_TRUE(media->info.sidecar.has_value());
  EXPECT_EQ(toHex(*media->info.sidecar),
            "dc5ee597560ab8d9a64768370222d9978604f46d4d402062732ac204f297c5ed4435a5402858b350");
}

TEST(MediaEncrypt, KnownStickerFirstFrameSidecar) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  options.first_frame_length = 1000;
  auto media = encryptMedia(pattern(5000), MediaType::Sticker, options);
  ASSERT_THAT(media, Succeeds());
  EXPECT_EQ(toHex(media->info.file_enc_sha256), "f69ed3d0212f50d88040e3d5a5cbfff4cd382ddfee8540096163e1e1a56a2139");
  ASSERT_TRUE(media->info.first_frame_sidecar.has_value());
  EXPECT_EQ(toHex(*media->info.first_frame_sidecar), "6440f9b3b963cae23878");
  EXPECT_FALSE(media->info.sidecar.has_value());
}

TEST(MediaEncrypt, RandomKeyAndKeylessType) {
  auto a = encryptMedia(pattern(10), MediaType::Document);
  auto b = encryptMedia(pattern(10), MediaType::Document);
  ASSERT_THAT(a, Succeeds());
  ASSERT_THAT(b, Succeeds());
  EXPECT_NE(a->media_key, b->media_key);
  EXPECT_THAT(encryptMedia(pattern(10), MediaType::Template), FailsWith(ErrorCode::Unsupported, Stage::Media, 0));
}

TEST(MediaDecrypt, RoundTripsEveryEdgeSize) {
  const MediaKeys keys = keysFor(MediaType::Document);
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 65535u, 65536u, 100000u}) {
    MediaEncryptOptions options;
    options.media_key = mediaKey();
    auto media = encryptMedia(pattern(n), MediaType::Document, options);
    ASSERT_THAT(media, Succeeds());
    EXPECT_EQ(media->enc_and_mac.size(), encryptedMediaSize(n));
    MediaDecryptOptions check;
    check.file_sha256 = media->info.file_sha256;
    check.file_enc_sha256 = media->info.file_enc_sha256;
    auto plain = decryptMedia(keys, media->enc_and_mac, check);
    ASSERT_THAT(plain, Succeeds()) << n;
    EXPECT_EQ(*plain, pattern(n));
  }
}

class MediaDecryptErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    MediaEncryptOptions options;
    options.media_key = mediaKey();
    media_ = *encryptMedia(pattern(100), MediaType::Image, options);
  }
  MediaKeys keys_ = keysFor(MediaType::Image);
  EncryptedMedia media_;
};

TEST_F(MediaDecryptErrors, TooShortAndBadLength) {
  EXPECT_THAT(decryptMedia(keys_, Bytes(25)),
              FailsWithMessage(ErrorCode::Truncated, Stage::Media, 25,
                               "encrypted media of 25 bytes is shorter than the 26 of one block and the mac"));
  EXPECT_THAT(decryptMedia(keys_, ByteView(media_.enc_and_mac).first(121)),
              FailsWithMessage(ErrorCode::Invalid, Stage::Media, 121,
                               "encrypted media of 121 bytes is not 16n + 10 bytes (whole blocks and a 10-byte mac)"));
}

TEST_F(MediaDecryptErrors, MacMismatchBeforeAnyPlaintext) {
  Bytes bad = media_.enc_and_mac;
  bad[5] ^= 1;
  EXPECT_THAT(decryptMedia(keys_, bad),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Hmac, 112,
                               "media mac mismatch (a wrong media key or media type, or a damaged file)"));
  Bytes out(bad.size(), 0xEE);
  EXPECT_FALSE(decryptMediaInto(keys_, bad, out).has_value());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 112), Bytes(112, 0));  // wiped
  // The wrong type gives other keys: the MAC says so.
  EXPECT_THAT(decryptMedia(keysFor(MediaType::Video), media_.enc_and_mac),
              FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 112));
}

TEST_F(MediaDecryptErrors, OptingOutOfTheMac) {
  Bytes bad = media_.enc_and_mac;
  bad[121] ^= 1;  // only the MAC is damaged
  MediaDecryptOptions salvage;
  salvage.verify_mac = false;
  auto plain = decryptMedia(keys_, bad, salvage);
  ASSERT_THAT(plain, Succeeds());
  EXPECT_EQ(*plain, pattern(100));
}

TEST_F(MediaDecryptErrors, FileHashes) {
  MediaDecryptOptions options;
  options.file_enc_sha256 = media_.info.file_enc_sha256;
  options.file_enc_sha256->at(0) ^= 1;
  EXPECT_THAT(decryptMedia(keys_, media_.enc_and_mac, options),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Media, 0,
                               "fileEncSha256 mismatch: these are not the encrypted bytes the message describes"));
  MediaDecryptOptions plain_check;
  plain_check.file_sha256 = media_.info.file_sha256;
  plain_check.file_sha256->at(31) ^= 1;
  EXPECT_THAT(decryptMedia(keys_, media_.enc_and_mac, plain_check),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Media, 0,
                               "fileSha256 mismatch: the decrypted file is not the one the message describes"));
}

TEST_F(MediaDecryptErrors, BadPaddingUnderAValidMac) {
  // Encrypt one block ending in 0x00 without padding, with a correct MAC.
  Aes256CbcEncryptor enc(keys_.cipher_key);
  Iv iv = keys_.iv;
  Bytes ct(32);
  ASSERT_TRUE(enc.encryptBlocks(iv, Bytes(32, 0), ct));
  HmacSha256 hmac(keys_.mac_key);
  hmac.update(keys_.iv);
  hmac.update(ct);
  const Sha256Digest mac = hmac.finish();
  Bytes file = ct;
  file.insert(file.end(), mac.begin(), mac.begin() + 10);
  EXPECT_THAT(decryptMedia(keys_, file), FailsWithMessage(ErrorCode::BadPadding, Stage::Decrypt, 16, "invalid pkcs#7 padding"));
}

TEST_F(MediaDecryptErrors, OutputBufferTooSmall) {
  Bytes out(111);
  EXPECT_THAT(decryptMediaInto(keys_, media_.enc_and_mac, out), FailsWith(ErrorCode::Invalid, Stage::Media, 0));
}

// ---- Diagnosis ----------------------------------------------------------------------------------

TEST(DiagnoseMedia, PlausibleFile) {
  auto media = encryptMedia(pattern(100), MediaType::Image);
  ASSERT_THAT(media, Succeeds());
  const MediaDiagnosis d = diagnoseMedia(media->enc_and_mac, media->enc_and_mac.size(), 100);
  EXPECT_EQ(d.problem, MediaProblem::None);
  EXPECT_EQ(d.message, "");
}

TEST(DiagnoseMedia, ErrorPages) {
  const std::string html = "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>";
  EXPECT_EQ(diagnoseMedia(asBytes(html), 122).problem, MediaProblem::LooksLikeHtml);  // 16n+10 does not matter
  EXPECT_EQ(diagnoseMedia(asBytes("\n  <HTML><body>x</body>"), 500).problem, MediaProblem::LooksLikeHtml);
  EXPECT_EQ(diagnoseMedia(asBytes("{\"status\":404,\"error\":\"not found\"}"), 35).problem,
            MediaProblem::LooksLikeJson);
  const MediaDiagnosis xml = diagnoseMedia(asBytes("<?xml version=\"1.0\"?><Error><Code>AccessDenied"), 300);
  EXPECT_EQ(xml.problem, MediaProblem::LooksLikeXml);
  EXPECT_EQ(xml.message, "looks like an xml document (a storage error), not encrypted media");
}

TEST(DiagnoseMedia, PlainFiles) {
  const MediaDiagnosis jpeg = diagnoseMedia(hex("ffd8ffe000104a464946"), 5000);
  EXPECT_EQ(jpeg.problem, MediaProblem::LooksPlain);
  EXPECT_EQ(jpeg.message, "starts like a plain jpeg file: it may be decrypted already, or never was encrypted");
  EXPECT_EQ(diagnoseMedia(asBytes(std::string_view("\0\0\0\x18" "ftypmp42", 12)), 5000).problem, MediaProblem::LooksPlain);
  EXPECT_EQ(diagnoseMedia(asBytes("OggS\0\x02"), 5000).problem, MediaProblem::LooksPlain);
}

TEST(DiagnoseMedia, Lengths) {
  const Bytes noise = hex("9a31c07e55d2b6f1083e4fa2d7c91b60");
  EXPECT_EQ(diagnoseMedia({}, 0).problem, MediaProblem::Empty);
  EXPECT_EQ(diagnoseMedia(noise, 20).problem, MediaProblem::TooShort);
  const MediaDiagnosis bad = diagnoseMedia(noise, 123);
  EXPECT_EQ(bad.problem, MediaProblem::BadLength);
  EXPECT_EQ(bad.message, "123 bytes is not 16n + 10 (whole blocks and a 10-byte mac): truncated or not encrypted media");
  const MediaDiagnosis cut = diagnoseMedia(noise, 106, 100);
  EXPECT_EQ(cut.problem, MediaProblem::Truncated);
  EXPECT_EQ(cut.message, "truncated: 106 bytes where the message announces 122 (16 missing)");
  EXPECT_EQ(diagnoseMedia(noise, 138, 100).problem, MediaProblem::TooLong);
  EXPECT_EQ(diagnoseMedia(noise, 122, 100).problem, MediaProblem::None);
  EXPECT_EQ(encryptedMediaSize(0), 26u);
  EXPECT_EQ(encryptedMediaSize(16), 42u);
}

}  // namespace
}  // namespace wa::crypto
