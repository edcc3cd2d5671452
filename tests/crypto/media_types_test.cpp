// Tests for the media type table: HKDF labels, names, aliases, sidecar flags and keyless types.
#include "wa/crypto/media_types.h"

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWithMessage;
using test::Succeeds;

TEST(MediaTypes, TableIsInEnumOrder) {
  const auto all = allMediaTypes();
  ASSERT_EQ(all.size(), 21u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(all[i].type), i);
}

TEST(MediaTypes, HkdfLabels) {
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"image", "WhatsApp Image Keys"},
      {"video", "WhatsApp Video Keys"},
      {"audio", "WhatsApp Audio Keys"},
      {"document", "WhatsApp Document Keys"},
      {"sticker", "WhatsApp Image Keys"},
      {"ptt", "WhatsApp Audio Keys"},
      {"gif", "WhatsApp Video Keys"},
      {"product", "WhatsApp Image Keys"},
      {"history", "WhatsApp History Keys"},
      {"md-app-state", "WhatsApp App State Keys"},
      {"thumbnail-document", "WhatsApp Document Thumbnail Keys"},
      {"thumbnail-image", "WhatsApp Image Thumbnail Keys"},
      {"thumbnail-video", "WhatsApp Video Thumbnail Keys"},
      {"thumbnail-link", "WhatsApp Link Thumbnail Keys"},
      {"payment-bg-image", "WhatsApp Payment Background Keys"},
      {"ptv", "WhatsApp Video Keys"},
      {"biz-cover-photo", "WhatsApp Image Keys"},
      {"sticker-pack", "WhatsApp Sticker Pack Keys"},
  };
  for (const auto& [name, info] : expected) {
    auto type = parseMediaType(name);
    ASSERT_THAT(type, Succeeds()) << name;
    EXPECT_EQ(toString(*type), name);
    auto label = mediaHkdfInfo(*type);
    ASSERT_THAT(label, Succeeds()) << name;
    EXPECT_EQ(*label, info);
  }
}

TEST(MediaTypes, KeylessTypesFailClearly) {
  EXPECT_THAT(mediaHkdfInfo(MediaType::ProfilePicture),
              FailsWithMessage(ErrorCode::Unsupported, Stage::Media, 0, "ppic: this media type has no media keys"));
  EXPECT_THAT(mediaHkdfInfo(MediaType::Template),
              FailsWithMessage(ErrorCode::Unsupported, Stage::Media, 0, "template: this media type has no media keys"));
  EXPECT_THAT(mediaHkdfInfo(MediaType::ProductCatalogImage),
              FailsWithMessage(ErrorCode::Unsupported, Stage::Media, 0,
                               "product-catalog-image: this media type has no media keys"));
}

TEST(MediaTypes, Aliases) {
  EXPECT_EQ(*parseMediaType("IMAGE"), MediaType::Image);
  EXPECT_EQ(*parseMediaType("imageMessage"), MediaType::Image);
  EXPECT_EQ(*parseMediaType("HISTORY_SYNC"), MediaType::History);
  EXPECT_EQ(*parseMediaType("md-msg-hist"), MediaType::History);
  EXPECT_EQ(*parseMediaType("MD_APP_STATE"), MediaType::MdAppState);
  EXPECT_EQ(*parseMediaType("PPIC"), MediaType::ProfilePicture);
  EXPECT_EQ(*parseMediaType("stickerMessage"), MediaType::Sticker);
  EXPECT_EQ(*parseMediaType("Thumbnail_Image"), MediaType::ThumbnailImage);
  EXPECT_EQ(*parseMediaType("PTT"), MediaType::Ptt);
  EXPECT_THAT(parseMediaType("hologram"),
              FailsWithMessage(ErrorCode::Invalid, Stage::Media, 0, "unknown media type 'hologram'"));
}

TEST(MediaTypes, SidecarFlags) {
  for (const MediaTypeInfo& info : allMediaTypes()) {
    // Sidecars are for video and audio only, not their aliases gif and ptt, nor ptv.
    const bool streamable = info.type == MediaType::Video || info.type == MediaType::Audio;
    EXPECT_EQ(info.streamable, streamable) << info.name;
    EXPECT_EQ(info.first_frame_sidecar, info.type == MediaType::Sticker) << info.name;
  }
  EXPECT_EQ(mediaTypeInfo(MediaType::Product).upload_path, "/mms/image");
  EXPECT_EQ(mediaTypeInfo(MediaType::ProfilePicture).upload_path, "/pps/photo");
}

}  // namespace
}  // namespace wa::crypto
