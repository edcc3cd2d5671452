// Tests for the media type probe: every label is found, in any chunking, and its errors.
#include "wa/crypto/media_probe.h"

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::pattern;
using test::Succeeds;

Key32 mediaKey() {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0x40 + 3 * i);
  return k;
}

Bytes encrypted(MediaType type, std::size_t size) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  return encryptMedia(pattern(size), type, options)->enc_and_mac;
}

TEST(MediaTypeProbe, DistinctLabels) {
  const std::vector<MediaType> types = mediaTypesWithDistinctKeys();
  ASSERT_EQ(types.size(), 12u);
  EXPECT_EQ(types[0], MediaType::Image);
  EXPECT_EQ(types[1], MediaType::Video);
  EXPECT_EQ(types[2], MediaType::Audio);
  EXPECT_EQ(types[3], MediaType::Document);
  EXPECT_EQ(types[4], MediaType::History);
  EXPECT_EQ(types.back(), MediaType::StickerPack);
  for (const MediaType t : types) EXPECT_FALSE(mediaTypeInfo(t).hkdf_info.empty());
}

TEST(MediaTypeProbe, SharingKeys) {
  EXPECT_EQ(mediaTypesSharingKeys(MediaType::Audio), (std::vector<MediaType>{MediaType::Audio, MediaType::Ptt}));
  EXPECT_EQ(mediaTypesSharingKeys(MediaType::Gif),
            (std::vector<MediaType>{MediaType::Gif, MediaType::Video, MediaType::Ptv}));
  EXPECT_EQ(mediaTypesSharingKeys(MediaType::Image),
            (std::vector<MediaType>{MediaType::Image, MediaType::Sticker, MediaType::Product, MediaType::BizCoverPhoto}));
  EXPECT_TRUE(mediaTypesSharingKeys(MediaType::ProfilePicture).empty());
}

TEST(MediaTypeProbe, FindsEveryLabelOneShot) {
  for (const MediaType type : mediaTypesWithDistinctKeys()) {
    auto found = probeMediaType(mediaKey(), encrypted(type, 1000));
    ASSERT_THAT(found, Succeeds()) << toString(type);
    EXPECT_EQ(*found, std::vector<MediaType>{type}) << toString(type);
  }
  // An alias is found under the type that stands for its label.
  auto found = probeMediaType(mediaKey(), encrypted(MediaType::Ptt, 33));
  ASSERT_THAT(found, Succeeds());
  EXPECT_EQ(*found, std::vector<MediaType>{MediaType::Audio});
}

TEST(MediaTypeProbe, AnyChunking) {
  const Bytes file = encrypted(MediaType::Document, 5000);
  for (const std::size_t step : {1u, 3u, 9u, 10u, 11u, 16u, 26u, 1000u, 4999u}) {
    auto probe = MediaTypeProbe::create(mediaKey());
    ASSERT_THAT(probe, Succeeds());
    for (std::size_t at = 0; at < file.size(); at += step)
      probe->update(ByteView(file).subspan(at, std::min(step, file.size() - at)));
    EXPECT_EQ(probe->bytesIn(), file.size());
    auto found = probe->finish();
    ASSERT_THAT(found, Succeeds()) << step;
    EXPECT_EQ(*found, std::vector<MediaType>{MediaType::Document}) << step;
  }
}

TEST(MediaTypeProbe, SmallestFile) {
  auto found = probeMediaType(mediaKey(), encrypted(MediaType::History, 0));
  ASSERT_THAT(found, Succeeds());
  EXPECT_EQ(*found, std::vector<MediaType>{MediaType::History});
}

TEST(MediaTypeProbe, NoMatch) {
  Bytes file = encrypted(MediaType::Video, 100);  // 122 bytes
  file[40] ^= 1;
  EXPECT_THAT(probeMediaType(mediaKey(), file),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Hmac, 112,
                               "media mac matches no media type (a wrong media key or a damaged file)"));
  Key32 other = mediaKey();
  other[0] ^= 1;
  EXPECT_THAT(probeMediaType(other, encrypted(MediaType::Video, 100)),
              FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 112));
}

TEST(MediaTypeProbe, Errors) {
  EXPECT_THAT(probeMediaType(Bytes(31), Bytes(26)),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0, "mediaKey: 31 bytes where 32 are needed"));
  EXPECT_THAT(probeMediaType(mediaKey(), Bytes(25)), FailsWith(ErrorCode::Truncated, Stage::Media, 25));
  EXPECT_THAT(probeMediaType(mediaKey(), Bytes(27)), FailsWith(ErrorCode::Invalid, Stage::Media, 27));
  auto probe = MediaTypeProbe::create(mediaKey());
  ASSERT_THAT(probe, Succeeds());
  probe->update(encrypted(MediaType::Image, 1));
  EXPECT_THAT(probe->finish(), Succeeds());
  EXPECT_THAT(probe->finish(), FailsWithMessage(ErrorCode::Invalid, Stage::Media, 26,
                                                "media probe finished twice"));
}

}  // namespace
}  // namespace wa::crypto
