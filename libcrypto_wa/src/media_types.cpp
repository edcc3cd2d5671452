// The media type table (from the HKDF label survey in docs/protocol.md "Media") and name lookup.
#include "wa/crypto/media_types.h"

#include <array>
#include <string>

#include <fmt/format.h>

namespace wa::crypto {
namespace {

constexpr std::array<MediaTypeInfo, 21> kTypes = {{
    // type, name, hkdf info, streamable, first-frame sidecar, upload path
    {MediaType::Image, "image", "WhatsApp Image Keys", false, false, "/mms/image"},
    {MediaType::Video, "video", "WhatsApp Video Keys", true, false, "/mms/video"},
    {MediaType::Audio, "audio", "WhatsApp Audio Keys", true, false, "/mms/audio"},
    {MediaType::Document, "document", "WhatsApp Document Keys", false, false, "/mms/document"},
    {MediaType::Sticker, "sticker", "WhatsApp Image Keys", false, true, "/mms/sticker"},
    {MediaType::Ptt, "ptt", "WhatsApp Audio Keys", false, false, "/mms/ptt"},
    {MediaType::Gif, "gif", "WhatsApp Video Keys", false, false, "/mms/gif"},
    {MediaType::Product, "product", "WhatsApp Image Keys", false, false, "/mms/image"},
    {MediaType::History, "history", "WhatsApp History Keys", false, false, ""},
    {MediaType::MdAppState, "md-app-state", "WhatsApp App State Keys", false, false, ""},
    {MediaType::ThumbnailDocument, "thumbnail-document", "WhatsApp Document Thumbnail Keys", false, false, ""},
    {MediaType::ThumbnailImage, "thumbnail-image", "WhatsApp Image Thumbnail Keys", false, false, ""},
    {MediaType::ThumbnailVideo, "thumbnail-video", "WhatsApp Video Thumbnail Keys", false, false, ""},
    {MediaType::ThumbnailLink, "thumbnail-link", "WhatsApp Link Thumbnail Keys", false, false, ""},
    {MediaType::PaymentBackgroundImage, "payment-bg-image", "WhatsApp Payment Background Keys", false, false, ""},
    {MediaType::Ptv, "ptv", "WhatsApp Video Keys", false, false, ""},
    {MediaType::BizCoverPhoto, "biz-cover-photo", "WhatsApp Image Keys", false, false, ""},
    {MediaType::StickerPack, "sticker-pack", "WhatsApp Sticker Pack Keys", false, false, ""},
    {MediaType::ProfilePicture, "ppic", "", false, false, "/pps/photo"},
    {MediaType::Template, "template", "", false, false, ""},
    {MediaType::ProductCatalogImage, "product-catalog-image", "", false, false, ""},
}};

struct Alias {
  std::string_view name;  // already normalised: lower case, '-' for '_'
  MediaType type;
};

// Names besides the canonical ones: protobuf message fields and WA-Web's constants that differ.
constexpr std::array<Alias, 14> kAliases = {{
    {"imagemessage", MediaType::Image},
    {"videomessage", MediaType::Video},
    {"audiomessage", MediaType::Audio},
    {"documentmessage", MediaType::Document},
    {"stickermessage", MediaType::Sticker},
    {"ptvmessage", MediaType::Ptv},
    {"productmessage", MediaType::Product},
    {"history-sync", MediaType::History},
    {"md-msg-hist", MediaType::History},
    {"app-state", MediaType::MdAppState},
    {"payment-background-image", MediaType::PaymentBackgroundImage},
    {"profile-picture", MediaType::ProfilePicture},
    {"templatemessage", MediaType::Template},
    {"voice", MediaType::Ptt},
}};

std::string normalise(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
    out += c;
  }
  return out;
}

}  // namespace

std::span<const MediaTypeInfo> allMediaTypes() noexcept { return kTypes; }

const MediaTypeInfo& mediaTypeInfo(MediaType type) noexcept {
  return kTypes[static_cast<std::size_t>(type)];
}

std::string_view toString(MediaType type) noexcept { return mediaTypeInfo(type).name; }

Expected<MediaType> parseMediaType(std::string_view name) {
  const std::string key = normalise(name);
  for (const MediaTypeInfo& info : kTypes)
    if (info.name == key) return info.type;
  for (const Alias& alias : kAliases)
    if (alias.name == key) return alias.type;
  // Media type names are not secret; a long one is cut so the message stays one line.
  const std::string_view shown = name.substr(0, 40);
  return makeError(ErrorCode::Invalid, Stage::Media, 0,
                   fmt::format("unknown media type '{}'{}", shown, name.size() > shown.size() ? "..." : ""));
}

Expected<std::string_view> mediaHkdfInfo(MediaType type) {
  const MediaTypeInfo& info = mediaTypeInfo(type);
  if (info.hkdf_info.empty()) {
    return makeError(ErrorCode::Unsupported, Stage::Media, 0,
                     fmt::format("{}: this media type has no media keys", info.name));
  }
  return info.hkdf_info;
}

}  // namespace wa::crypto
