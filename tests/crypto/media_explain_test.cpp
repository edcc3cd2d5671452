// The words of a media failure (shared by wamedia and the Python module) and the media info document.
#include "wa/crypto/media_explain.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "wa/crypto/media_probe.h"

namespace wa::crypto {
namespace {

Error macMismatch(std::uint64_t size) {
  return Error{ErrorCode::AuthenticationFailed, Stage::Hmac, size - 10, "media mac mismatch"};
}

TEST(MediaExplain, TheFilesOwnProblemComesFirst) {
  MediaFailureFacts facts;
  facts.diagnosis = diagnoseMedia(asBytes(std::string_view("<!DOCTYPE html><html>")), 106);
  ASSERT_EQ(facts.diagnosis.problem, MediaProblem::LooksLikeHtml);
  const auto text = explainMediaFailure(macMismatch(106), facts);
  EXPECT_EQ(text.message, facts.diagnosis.message);
  EXPECT_TRUE(text.notes.empty());  // definite: the MAC is beside the point
}

TEST(MediaExplain, AnotherTypesMacMatches) {
  MediaFailureFacts facts;
  facts.asked = MediaType::Image;
  facts.matching_types = std::vector<MediaType>{MediaType::Video};
  const auto cli = explainMediaFailure(macMismatch(106), facts);
  ASSERT_EQ(cli.notes.size(), 1u);
  EXPECT_EQ(cli.notes[0], "the media key is right but the type is not: the mac matches type video ('WhatsApp Video "
                          "Keys', shared by gif, ptv): use --type video");
  const auto py = explainMediaFailure(macMismatch(106), facts, "media_type=");
  EXPECT_NE(py.notes[0].find(": use media_type=video"), std::string::npos);
  // Of the types sharing the label, the one asked for is named.
  facts.asked = MediaType::Gif;
  EXPECT_NE(explainMediaFailure(macMismatch(106), facts).notes[0].find("use --type gif"), std::string::npos);
}

TEST(MediaExplain, NoTypeMatches) {
  MediaFailureFacts facts;
  facts.matching_types = std::vector<MediaType>{};
  EXPECT_EQ(explainMediaFailure(macMismatch(106), facts).notes,
            std::vector<std::string>{"no other media type's mac matches either: the media key is wrong or the file is "
                                     "damaged"});
  facts.file_enc_sha256_matches = true;
  EXPECT_NE(explainMediaFailure(macMismatch(106), facts).notes[0].find("the media key does not belong to it"),
            std::string::npos);
  facts.file_enc_sha256_matches = false;
  EXPECT_NE(explainMediaFailure(macMismatch(106), facts).notes[0].find("a different or damaged download"),
            std::string::npos);
}

TEST(MediaExplain, OtherErrorsAreDescribedAsTheyAre) {
  const Error padding{ErrorCode::BadPadding, Stage::Decrypt, 80, "bad padding"};
  const auto text = explainMediaFailure(padding, {});
  EXPECT_EQ(text.message, describe(padding));
  EXPECT_TRUE(text.notes.empty());
}

TEST(MediaInfoJson, TheDocumentWamediaPrints) {
  const std::string plain(3000, 'x');
  MediaEncryptOptions o;
  o.media_key = Key32{};
  auto video = encryptMedia(asBytes(plain), MediaType::Video, o);
  ASSERT_TRUE(video);
  const auto doc = nlohmann::ordered_json::parse(mediaInfoJson(MediaType::Video, video->media_key, video->info, {}, false));
  std::vector<std::string> keys;
  for (const auto& [k, v] : doc.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"type", "mediaKey", "fileSha256", "fileEncSha256", "fileLength",
                                            "streamingSidecar"}));
  EXPECT_EQ(doc["fileLength"], 3000);
  EXPECT_EQ(doc["mediaKey"], base64Encode(video->media_key));
  const std::string pretty = mediaInfoJson(MediaType::Video, video->media_key, video->info, {}, true);
  EXPECT_EQ(pretty.back(), '\n');
  EXPECT_EQ(nlohmann::ordered_json::parse(pretty), doc);
}

}  // namespace
}  // namespace wa::crypto
