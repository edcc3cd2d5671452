// Media messages found in what wadecode prints (--message): keys, hashes, lengths, URLs and sidecars.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "wa/crypto/bytes.h"
#include "wa/crypto/media_types.h"

namespace wa::wamedia {

/// What a media message says about its file, and what the options may say instead (MediaParams):
/// the type, the hashes and length to check, and the sidecars.
struct MediaFacts {
  std::optional<crypto::MediaType> type;
  std::optional<crypto::Sha256Digest> file_sha256;
  std::optional<crypto::Sha256Digest> file_enc_sha256;
  std::optional<std::uint64_t> file_length;
  std::optional<crypto::Bytes> streaming_sidecar;
  std::optional<std::uint64_t> first_frame_length;
  std::optional<crypto::Bytes> first_frame_sidecar;
};

/// One media message: the fields of an imageMessage, videoMessage (gif when gifPlayback),
/// audioMessage (ptt when ptt), documentMessage or stickerMessage. Byte fields are decoded from the
/// protobuf JSON mapping's base64; a field that does not decode leaves `problem` set and the field
/// empty.
struct MediaMessage : MediaFacts {
  std::string field;  ///< "imageMessage"; "" for bare fields (wamedia encrypt's JSON)
  std::optional<crypto::Bytes> media_key;
  std::string url;
  std::string direct_path;
  std::string mimetype;
  std::string location;  ///< "line 3": where the document holding it starts
  std::string problem;   ///< the first field that failed to decode: "mediaKey: not base64 (...)"
};

/// Input shape limits: nesting beyond this depth is not searched.
inline constexpr std::size_t kMaxMessageJsonDepth = 128;

/// Every media message in `text`, in document order, at most `limit` of them. `text` holds JSON
/// documents one after the other (JSON lines, pretty documents as `wadecode --format json` prints
/// them, or just one), each of them any of: a decoded record of `wadecode --format jsonl` (messages
/// are found inside "node"), a node JSON `[description, attributes, content]` whose content carries
/// "WebMessageInfo", a bare WebMessageInfo or Message JSON, or an object with the fields themselves
/// ("mediaKey", "type", ...) as `wamedia encrypt` prints them. A media message's own contents (a
/// quoted message in its contextInfo) are not searched. Locations are "line N" where a document
/// starts. Fails with "line 3: <parser message>" at the first document that is not JSON; finding
/// nothing is not an error.
tl::expected<std::vector<MediaMessage>, std::string> findMediaMessages(std::string_view text,
                                                                       std::size_t limit = SIZE_MAX);

/// A file name for the decrypted media: the last segment of the URL (or directPath) without its
/// query and ".enc" suffix, reduced to [A-Za-z0-9._=+-], with an extension from the mimetype (or the
/// type) when it has none; "media-<fileEncSha256 hex prefix>" when there is no URL. Never empty,
/// never a path, never hidden.
std::string outputNameFor(const MediaMessage& message);

/// The usual file extension for a mimetype ("image/jpeg" -> "jpg"; parameters ignored), falling
/// back to the media type's ("sticker" -> "webp"); "bin" when neither is known.
std::string extensionFor(std::string_view mimetype, std::optional<crypto::MediaType> type);

}  // namespace wa::wamedia
