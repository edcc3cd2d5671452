// The explanation of a media failure, and the media info document.
#include "wa/crypto/media_explain.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/crypto/bytes.h"
#include "wa/crypto/media_probe.h"

namespace wa::crypto {
namespace {

std::string typeList(const std::vector<MediaType>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i) out += ", ";
    out += toString(types[i]);
  }
  return out;
}

// Of the types sharing `found`'s label, the one the caller asked for when it is among them.
MediaType preferred(MediaType found, std::optional<MediaType> asked) {
  if (asked && mediaTypeInfo(*asked).hkdf_info == mediaTypeInfo(found).hkdf_info) return *asked;
  return found;
}

}  // namespace

std::string mediaTypeNote(MediaType type, const std::string& prefix) {
  std::vector<MediaType> others = mediaTypesSharingKeys(type);
  if (!others.empty()) others.erase(others.begin());
  std::string note = fmt::format("{} type {} ('{}'", prefix, toString(type), mediaTypeInfo(type).hkdf_info);
  if (!others.empty()) note += ", shared by " + typeList(others);
  return note + ")";
}

bool isMediaSizeOrMacError(const Error& e) noexcept {
  if (e.stage == Stage::Hmac) return true;
  return e.stage == Stage::Media && (e.code == ErrorCode::Truncated || e.code == ErrorCode::Invalid);
}

bool isDefiniteMediaProblem(MediaProblem p) noexcept {
  using P = MediaProblem;
  return p == P::Empty || p == P::TooShort || p == P::BadLength || p == P::LooksLikeHtml || p == P::LooksLikeJson ||
         p == P::LooksLikeXml;
}

MediaFailureText explainMediaFailure(const Error& error, const MediaFailureFacts& facts, std::string_view type_option) {
  MediaFailureText text{describe(error), {}};
  if (!isMediaSizeOrMacError(error)) return text;
  if (facts.diagnosis.problem != MediaProblem::None) {
    MediaFailureText named{facts.diagnosis.message, {}};
    if (!isDefiniteMediaProblem(facts.diagnosis.problem)) named.notes.push_back(describe(error));
    return named;
  }
  if (error.stage != Stage::Hmac) return text;
  if (facts.matching_types && !facts.matching_types->empty()) {
    const MediaType type = preferred(facts.matching_types->front(), facts.asked);
    text.notes.push_back(mediaTypeNote(type, "the media key is right but the type is not: the mac matches") +
                         fmt::format(": use {}{}", type_option, toString(type)));
    return text;
  }
  if (facts.file_enc_sha256_matches) {
    text.notes.push_back(*facts.file_enc_sha256_matches
                             ? "the file is the one the message describes (fileEncSha256 matches): the media key "
                               "does not belong to it"
                             : "the file is not the one the message describes (fileEncSha256 differs): a different "
                               "or damaged download");
  } else if (facts.matching_types) {
    text.notes.push_back("no other media type's mac matches either: the media key is wrong or the file is damaged");
  }
  return text;
}

std::string mediaInfoJson(MediaType type, const Key32& media_key, const EncryptedMediaInfo& info,
                          std::optional<std::uint64_t> first_frame_length, bool pretty) {
  nlohmann::ordered_json doc;
  doc["type"] = std::string(toString(type));
  doc["mediaKey"] = base64Encode(media_key);
  doc["fileSha256"] = base64Encode(info.file_sha256);
  doc["fileEncSha256"] = base64Encode(info.file_enc_sha256);
  doc["fileLength"] = info.file_length;
  if (info.sidecar) doc["streamingSidecar"] = base64Encode(*info.sidecar);
  if (info.first_frame_sidecar) {
    if (first_frame_length) doc["firstFrameLength"] = *first_frame_length;
    doc["firstFrameSidecar"] = base64Encode(*info.first_frame_sidecar);
  }
  return pretty ? doc.dump(2) + "\n" : doc.dump();
}

}  // namespace wa::crypto
