// Why a media file did not decrypt, in the words wamedia and the Python module both use, from facts
// the caller gathered (a look at the file, the MACs of the other media types, the message's hash).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/crypto/error.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_types.h"

namespace wa::crypto {

/// What is known of a file that failed to decrypt.
struct MediaFailureFacts {
  MediaDiagnosis diagnosis;                          ///< diagnoseMedia() of the file
  std::optional<MediaType> asked;                    ///< the type the caller named, if any
  /// The types whose MAC matches under the media key (MediaTypeProbe), when they were probed.
  std::optional<std::vector<MediaType>> matching_types;
  /// Whether the file's SHA-256 equals the message's fileEncSha256, when that was known and checked.
  std::optional<bool> file_enc_sha256_matches;
};

/// The explanation: `message` says what failed (the file's own problem when it shows one, else
/// describe(error)); `notes` say what else was found ("the media key is right but the type is not:
/// the mac matches for type video (...): use type video"). For errors other than a size or MAC
/// failure, just describe(error). `type_option` is how the caller's user names a type: "--type "
/// gives ": use --type video", "media_type=" gives ": use media_type=video".
struct MediaFailureText {
  std::string message;
  std::vector<std::string> notes;
};
MediaFailureText explainMediaFailure(const Error& error, const MediaFailureFacts& facts,
                                     std::string_view type_option = "--type ");

/// "type video ('WhatsApp Video Keys', shared by gif, ptv)" with `prefix` in front.
std::string mediaTypeNote(MediaType type, const std::string& prefix);

/// A size or MAC failure of decryptMedia: what explainMediaFailure has more to say about.
bool isMediaSizeOrMacError(const Error& error) noexcept;

/// A problem diagnoseMedia() found that rules the file out whatever the key (empty, too short, a
/// bad length, an HTML/JSON/XML document).
bool isDefiniteMediaProblem(MediaProblem problem) noexcept;

/// The JSON document a sender needs after encryption, as `wamedia encrypt` prints it:
/// {"type", "mediaKey", "fileSha256", "fileEncSha256", "fileLength", ["streamingSidecar"],
/// ["firstFrameLength", "firstFrameSidecar"]} with base64 byte values; two-space indent and a final
/// newline when `pretty`, else one line.
std::string mediaInfoJson(MediaType type, const Key32& media_key, const EncryptedMediaInfo& info,
                          std::optional<std::uint64_t> first_frame_length, bool pretty);

}  // namespace wa::crypto
