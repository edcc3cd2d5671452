// Tests for finding media messages in wadecode output and naming their files (tools/wamedia/message_input.h).
#include "wamedia/message_input.h"

#include <fstream>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"

namespace wa::wamedia {
namespace {

using crypto::MediaType;

const std::string kKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";  // bytes 0..31
const std::string kHash = "ZmlsZVNoYTI1Ni1maWxlU2hhMjU2LWZpbGVTaGEyNTY=";  // 32 bytes

std::string imageFields(const std::string& extra = "") {
  return R"({"url":"https://mmg.whatsapp.net/d/f/AbC-d_e=.enc?kind=image","mimetype":"image/jpeg","fileSha256":")" +
         kHash + R"(","fileLength":"3013","mediaKey":")" + kKey + R"(","fileEncSha256":")" + kHash +
         R"(","directPath":"/v/t62/abc.enc?x=1")" + extra + "}";
}

using wa::testing::readFile;

TEST(WamediaMessageInput, BareWebMessageInfo) {
  const std::string text = R"({"key":{"id":"3EB0"},"message":{"imageMessage":)" + imageFields() + "}}";
  auto found = findMediaMessages(text);
  ASSERT_TRUE(found) << found.error();
  ASSERT_EQ(found->size(), 1u);
  const MediaMessage& m = (*found)[0];
  EXPECT_EQ(m.field, "imageMessage");
  EXPECT_EQ(m.type, MediaType::Image);
  ASSERT_TRUE(m.media_key);
  EXPECT_EQ(m.media_key->size(), 32u);
  EXPECT_EQ((*m.media_key)[31], 31);
  ASSERT_TRUE(m.file_sha256);
  EXPECT_EQ((*m.file_sha256)[0], 'f');
  EXPECT_TRUE(m.file_enc_sha256);
  EXPECT_EQ(m.file_length, 3013u);
  EXPECT_EQ(m.url, "https://mmg.whatsapp.net/d/f/AbC-d_e=.enc?kind=image");
  EXPECT_EQ(m.direct_path, "/v/t62/abc.enc?x=1");
  EXPECT_EQ(m.mimetype, "image/jpeg");
  EXPECT_EQ(m.location, "line 1");
  EXPECT_TRUE(m.problem.empty());
}

TEST(WamediaMessageInput, BareMessageAndAliasTypes) {
  auto gif = findMediaMessages(R"({"videoMessage":{"gifPlayback":true,"mediaKey":")" + kKey + R"("}})");
  ASSERT_TRUE(gif);
  EXPECT_EQ((*gif)[0].type, MediaType::Gif);
  auto video = findMediaMessages(R"({"videoMessage":{"gifPlayback":false,"streamingSidecar":"AAECAwQFBgcICQ=="}})");
  ASSERT_TRUE(video);
  EXPECT_EQ((*video)[0].type, MediaType::Video);
  EXPECT_EQ((*video)[0].streaming_sidecar->size(), 10u);
  EXPECT_FALSE((*video)[0].media_key);
  auto ptt = findMediaMessages(R"({"audioMessage":{"ptt":true}})");
  EXPECT_EQ((*ptt)[0].type, MediaType::Ptt);
  auto audio = findMediaMessages(R"({"audioMessage":{}})");
  EXPECT_EQ((*audio)[0].type, MediaType::Audio);
  auto sticker = findMediaMessages(R"({"stickerMessage":{"firstFrameLength":700,"firstFrameSidecar":"AAECAwQFBgcICQ=="}})");
  EXPECT_EQ((*sticker)[0].type, MediaType::Sticker);
  EXPECT_EQ((*sticker)[0].first_frame_length, 700u);
  EXPECT_EQ((*sticker)[0].first_frame_sidecar->size(), 10u);
  auto document = findMediaMessages(R"({"document_message":{"file_length":12,"media_key":")" + kKey + R"("}})");
  ASSERT_TRUE(document);
  EXPECT_EQ((*document)[0].type, MediaType::Document);
  EXPECT_EQ((*document)[0].file_length, 12u);
  EXPECT_TRUE((*document)[0].media_key);
}

TEST(WamediaMessageInput, NodeJsonAndRecordsInOrder) {
  const std::string node = R"(["action",{"add":"last"},[["message",{},{"b64":"AA==","WebMessageInfo":{"message":)"
                           R"({"conversation":"hi"}}}],["message",{},{"b64":"AA==","WebMessageInfo":{"message":)"
                           R"({"documentMessage":{"fileLength":"1"}}}}],["message",{},{"b64":"AA==",)"
                           R"("WebMessageInfo":{"message":{"imageMessage":{"fileLength":"2"}}}}]]])";
  const std::string text = R"({"i":0,"kind":"json","json":["admin","test"]})"
                           "\n\n"
                           R"({"i":1,"kind":"binary","node":)" +
                           node + "}\n" + R"({"i":2,"kind":"binary","node":)" + node + "}\n";
  auto all = findMediaMessages(text);
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].type, MediaType::Document);
  EXPECT_EQ((*all)[0].location, "line 3");
  EXPECT_EQ((*all)[1].type, MediaType::Image);
  EXPECT_EQ((*all)[1].file_length, 2u);
  EXPECT_EQ((*all)[2].location, "line 4");
  auto first = findMediaMessages(text, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->size(), 1u);
  EXPECT_TRUE(findMediaMessages(text, 0)->empty());
}

TEST(WamediaMessageInput, PrettyDocumentsOneAfterAnother) {
  const std::string text = "{\n  \"message\": {\n    \"imageMessage\": {}\n  }\n}\n{\n  \"json\": \"{[\\\"\"\n}\n"
                           "[\n  {\"audioMessage\": {\"ptt\": true}}\n]\n";
  auto found = findMediaMessages(text);
  ASSERT_TRUE(found) << found.error();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].location, "line 1");
  EXPECT_EQ((*found)[1].type, MediaType::Ptt);
  EXPECT_EQ((*found)[1].location, "line 9");
}

TEST(WamediaMessageInput, QuotedMessagesAreNotSearched) {
  auto found = findMediaMessages(R"({"imageMessage":{"fileLength":"5","contextInfo":{"quotedMessage":)"
                                 R"({"videoMessage":{"fileLength":"6"}}}}})");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].file_length, 5u);
}

TEST(WamediaMessageInput, WamediaEncryptJson) {
  auto found = findMediaMessages(R"({"type":"ptt","mediaKey":")" + kKey +
                                 R"(","fileLength":3013,"streamingSidecar":"AAECAwQFBgcICQ=="})");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].field, "");
  EXPECT_EQ((*found)[0].type, MediaType::Ptt);
  EXPECT_EQ((*found)[0].file_length, 3013u);
  auto untyped = findMediaMessages(R"({"mediaKey":")" + kKey + R"("})");
  EXPECT_FALSE((*untyped)[0].type);
  auto bad_type = findMediaMessages(R"({"type":"films","mediaKey":")" + kKey + R"("})");
  EXPECT_EQ((*bad_type)[0].problem, "type: unknown media type 'films'");
}

TEST(WamediaMessageInput, FieldProblems) {
  auto bad_key = findMediaMessages(R"({"imageMessage":{"mediaKey":"no*base64"}})");
  ASSERT_TRUE(bad_key);
  EXPECT_EQ((*bad_key)[0].problem, "imageMessage.mediaKey: not base64 (unexpected character at offset 2)");
  EXPECT_FALSE((*bad_key)[0].media_key);
  auto short_hash = findMediaMessages(R"({"imageMessage":{"fileSha256":"AAAA"}})");
  EXPECT_EQ((*short_hash)[0].problem, "imageMessage.fileSha256: 3 bytes where 32 are needed");
  auto bad_length = findMediaMessages(R"({"imageMessage":{"fileLength":"12x"}})");
  EXPECT_EQ((*bad_length)[0].problem, "imageMessage.fileLength: not an unsigned integer");
  auto negative = findMediaMessages(R"({"imageMessage":{"fileLength":-1}})");
  EXPECT_EQ((*negative)[0].problem, "imageMessage.fileLength: not an unsigned integer");
  auto huge = findMediaMessages(R"({"imageMessage":{"fileLength":"18446744073709551616"}})");
  EXPECT_EQ((*huge)[0].problem, "imageMessage.fileLength: not an unsigned integer");
  auto max = findMediaMessages(R"({"imageMessage":{"fileLength":"18446744073709551615"}})");
  EXPECT_EQ((*max)[0].file_length, UINT64_MAX);
  auto number_key = findMediaMessages(R"({"imageMessage":{"mediaKey":12}})");
  EXPECT_EQ((*number_key)[0].problem, "imageMessage.mediaKey: not a base64 string");
  // The first problem is kept.
  auto two = findMediaMessages(R"({"imageMessage":{"mediaKey":"!","fileSha256":"!"}})");
  EXPECT_EQ((*two)[0].problem.rfind("imageMessage.mediaKey", 0), 0u);
}

TEST(WamediaMessageInput, NotJson) {
  auto bad = findMediaMessages("{\"a\":1}\n{\"b\":\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().rfind("line 2: parse error", 0), 0u) << bad.error();
  auto binary = findMediaMessages(std::string("\xff\xd8\xff", 3));
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error(), "line 1: parse error at line 1, column 1: syntax error while parsing value - invalid literal");
  auto nothing = findMediaMessages("  \n");
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
  auto scalar = findMediaMessages("42\n\"text\"\n");
  ASSERT_TRUE(scalar);
  EXPECT_TRUE(scalar->empty());
}

TEST(WamediaMessageInput, DeepNestingIsNotSearchedFurther) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "[";
  deep += R"({"imageMessage":{}})";
  for (int i = 0; i < 300; ++i) deep += "]";
  auto found = findMediaMessages(deep);
  ASSERT_TRUE(found) << found.error();
  EXPECT_TRUE(found->empty());
}

TEST(WamediaMessageInput, CorpusSamples) {
  const std::string dir = std::string(WA_SOURCE_DIR) + "/corpus/samples/media/";
  auto records = findMediaMessages(readFile(dir + "messages.jsonl"));
  ASSERT_TRUE(records) << records.error();
  ASSERT_EQ(records->size(), 6u);
  const MediaType want[] = {MediaType::Image, MediaType::Document, MediaType::Video,
                            MediaType::Ptt,   MediaType::Sticker,  MediaType::Gif};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ((*records)[i].type, want[i]) << i;
    EXPECT_TRUE((*records)[i].media_key) << i;
    EXPECT_TRUE((*records)[i].problem.empty()) << (*records)[i].problem;
  }
  EXPECT_EQ((*records)[2].streaming_sidecar->size(), 20u);
  EXPECT_EQ((*records)[4].first_frame_length, 700u);
  for (const char* name : {"image.webmessageinfo.json", "video.node.json", "audio.message.json"}) {
    auto one = findMediaMessages(readFile(dir + name));
    ASSERT_TRUE(one) << name;
    EXPECT_EQ(one->size(), 1u) << name;
  }
}

TEST(WamediaMessageInput, OutputNames) {
  MediaMessage m;
  m.type = MediaType::Image;
  m.mimetype = "image/jpeg";
  m.url = "https://mmg.whatsapp.net/d/f/AbC-d_e=.enc?kind=image#x";
  EXPECT_EQ(outputNameFor(m), "AbC-d_e=.jpg");
  m.url = "";
  m.direct_path = "/v/t62.7118-24/123_n.enc?ccb=11-4";
  EXPECT_EQ(outputNameFor(m), "123_n.jpg");
  m.direct_path = "/a/../../etc/passwd";
  EXPECT_EQ(outputNameFor(m), "passwd.jpg");
  m.direct_path = "/x/..";
  EXPECT_EQ(outputNameFor(m), "media.jpg");
  m.direct_path = "/x/.hidden.enc";
  EXPECT_EQ(outputNameFor(m), "hidden.jpg");  // never a hidden file
  m.direct_path = "/x/we ird$na:me";
  EXPECT_EQ(outputNameFor(m), "we_ird_na_me.jpg");
  m.direct_path = "/x/photo.png";
  EXPECT_EQ(outputNameFor(m), "photo.png");
  m.direct_path = "";
  m.file_enc_sha256 = crypto::Sha256Digest{0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67};
  EXPECT_EQ(outputNameFor(m), "media-abcdef012345.jpg");
  m.url = "https://h/" + std::string(300, 'a');
  EXPECT_EQ(outputNameFor(m).size(), 204u);
}

TEST(WamediaMessageInput, Extensions) {
  EXPECT_EQ(extensionFor("audio/ogg; codecs=opus", MediaType::Ptt), "ogg");
  EXPECT_EQ(extensionFor("application/pdf", MediaType::Document), "pdf");
  EXPECT_EQ(extensionFor("", MediaType::Sticker), "webp");
  EXPECT_EQ(extensionFor("", MediaType::Gif), "mp4");
  EXPECT_EQ(extensionFor("application/x-unknown", MediaType::Document), "bin");
  EXPECT_EQ(extensionFor("", std::nullopt), "bin");
}

}  // namespace
}  // namespace wa::wamedia
