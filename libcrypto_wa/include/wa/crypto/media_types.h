// Media types: their HKDF labels, names and aliases, and which get sidecars (docs/protocol.md "Media").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "wa/crypto/error.h"

namespace wa::crypto {

enum class MediaType : std::uint8_t {
  Image,
  Video,
  Audio,
  Document,
  Sticker,
  Ptt,  ///< push-to-talk voice note (audio keys)
  Gif,  ///< video keys
  Product,
  History,
  MdAppState,
  ThumbnailDocument,
  ThumbnailImage,
  ThumbnailVideo,
  ThumbnailLink,
  PaymentBackgroundImage,
  Ptv,  ///< round video note (video keys)
  BizCoverPhoto,
  StickerPack,
  ProfilePicture,       ///< ppic: no media keys
  Template,             ///< no media keys
  ProductCatalogImage,  ///< no media keys
};

struct MediaTypeInfo {
  MediaType type;
  std::string_view name;       ///< canonical name: "image", "ptt", "thumbnail-image", "ppic"
  std::string_view hkdf_info;  ///< "WhatsApp Image Keys"; empty when the type has no media keys
  bool streamable;             ///< gets a streaming sidecar (video and audio only)
  bool first_frame_sidecar;    ///< gets a first-frame sidecar (sticker)
  std::string_view upload_path;  ///< "/mms/image"; empty where no path is known
};

/// Every type, in enum order.
std::span<const MediaTypeInfo> allMediaTypes() noexcept;
const MediaTypeInfo& mediaTypeInfo(MediaType type) noexcept;
std::string_view toString(MediaType type) noexcept;

/// A type by name or alias, case-insensitive, `_` and `-` alike: the canonical names, WA-Web's
/// constants ("IMAGE", "HISTORY_SYNC", "PPIC"), protobuf message names ("imageMessage"), and
/// "md-msg-hist". Fails (Invalid, stage Media) with "unknown media type 'x'".
Expected<MediaType> parseMediaType(std::string_view name);

/// The HKDF info string; fails (Unsupported, stage Media) for ppic, template and
/// product-catalog-image: "ppic: this media type has no media keys".
Expected<std::string_view> mediaHkdfInfo(MediaType type);

}  // namespace wa::crypto
