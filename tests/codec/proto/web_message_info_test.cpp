// Tests of WebMessageInfo parsing, its JSON and text views, unknown fields, errors, and JSON -> bytes.
#include "wa/codec/proto/web_message_info.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace wa::codec {
namespace {

using namespace std::string_literals;

// key {remoteJid "a@c.us", fromMe true, id "X"}, message {conversation "hi"}, messageTimestamp 5.
const std::string kKey = "\x0a\x0d\x0a\x06" "a@c.us" "\x10\x01\x1a\x01X"s;
const std::string kMinimal = kKey + "\x12\x04\x0a\x02hi\x18\x05"s;
constexpr const char* kMinimalJson =
    R"({"key":{"remoteJid":"a@c.us","fromMe":true,"id":"X"},"message":{"conversation":"hi"},"messageTimestamp":"5"})";

void expectError(const Expected<ProtoView>& r, ErrorCode code, std::uint64_t offset, const std::string& message) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().stage, Stage::Proto);
  EXPECT_EQ(r.error().code, code);
  EXPECT_EQ(r.error().offset, offset);
  EXPECT_EQ(r.error().message, message);
}

TEST(WebMessageInfo, ParsesKnownFieldsToJson) {
  auto view = parseWebMessageInfo(kMinimal);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->toJson(), kMinimalJson);
  EXPECT_EQ(view->byteSize(), kMinimal.size());
}

TEST(WebMessageInfo, PrettyJsonHasTheJqLayout) {
  auto view = parseWebMessageInfo(kMinimal);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->toJson(/*pretty=*/true),
            "{\n"
            "  \"key\": {\n"
            "    \"remoteJid\": \"a@c.us\",\n"
            "    \"fromMe\": true,\n"
            "    \"id\": \"X\"\n"
            "  },\n"
            "  \"message\": {\n"
            "    \"conversation\": \"hi\"\n"
            "  },\n"
            "  \"messageTimestamp\": \"5\"\n"
            "}");
  EXPECT_EQ(view->toJson(true), nlohmann::ordered_json::parse(view->toJson()).dump(2));
}

TEST(WebMessageInfo, TextFormat) {
  auto view = parseWebMessageInfo(kMinimal);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->toText(),
            "key {\n"
            "  remoteJid: \"a@c.us\"\n"
            "  fromMe: true\n"
            "  id: \"X\"\n"
            "}\n"
            "message {\n"
            "  conversation: \"hi\"\n"
            "}\n"
            "messageTimestamp: 5\n");
  EXPECT_EQ(view->toText(4).substr(0, 10), "    key {\n");
  EXPECT_NE(view->toText(4).find("\n      remoteJid: \"a@c.us\"\n"), std::string::npos);
}

TEST(WebMessageInfo, TextFormatTruncatesLongStrings) {
  auto bytes = webMessageInfoFromJsonText(R"({"key":{"id":"X"},"message":{"conversation":"0123456789abcdef"}})");
  ASSERT_TRUE(bytes);
  auto view = parseWebMessageInfo(*bytes);
  ASSERT_TRUE(view);
  EXPECT_NE(view->toText(0, 4).find("conversation: \"0123...<truncated>...\""), std::string::npos) << view->toText(0, 4);
  EXPECT_NE(view->toText().find("conversation: \"0123456789abcdef\""), std::string::npos);
}

// kMinimal with unknown fields: 99 varint 7, 100 "abc", 101 fixed32 1, 102 fixed64 2, a group 103
// holding 1: 5, and inside `message` field 200 with bytes ff 00; inside `key` field 9 varint 1.
std::string withUnknownFields() {
  std::string key = "\x0a\x0f\x0a\x06" "a@c.us" "\x10\x01\x1a\x01X\x48\x01"s;
  std::string message = "\x12\x09\x0a\x02hi\xc2\x0c\x02\xff\x00"s;
  std::string tail = "\x18\x05"s                                    // messageTimestamp
                     "\x98\x06\x07"s                                // 99 varint 7
                     "\xa2\x06\x03" "abc"s                          // 100 "abc"
                     "\xad\x06\x01\x00\x00\x00"s                    // 101 fixed32 1
                     "\xb1\x06\x02\x00\x00\x00\x00\x00\x00\x00"s    // 102 fixed64 2
                     "\xbb\x06\x08\x05\xbc\x06"s;                   // group 103 { 1: 5 }
  return key + message + tail;
}

constexpr const char* kUnknownJson =
    R"({"key":{"remoteJid":"a@c.us","fromMe":true,"id":"X","unknownFields":{"9":[{"varint":"1"}]}},)"
    R"("message":{"conversation":"hi","unknownFields":{"200":[{"bytes":"/wA="}]}},"messageTimestamp":"5",)"
    R"("unknownFields":{"99":[{"varint":"7"}],"100":[{"string":"abc"}],"101":[{"fixed32":1}],)"
    R"("102":[{"fixed64":"2"}],"103":[{"group":{"1":[{"varint":"5"}]}}]}})";

TEST(WebMessageInfo, KeepsUnknownFieldsInJson) {
  auto view = parseWebMessageInfo(withUnknownFields());
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->toJson(), kUnknownJson);
}

TEST(WebMessageInfo, KeepsUnknownFieldsInText) {
  auto view = parseWebMessageInfo(withUnknownFields());
  ASSERT_TRUE(view);
  EXPECT_EQ(view->toText(),
            "key {\n"
            "  remoteJid: \"a@c.us\"\n"
            "  fromMe: true\n"
            "  id: \"X\"\n"
            "  9: 1\n"
            "}\n"
            "message {\n"
            "  conversation: \"hi\"\n"
            "  200: \"\\377\\000\"\n"
            "}\n"
            "messageTimestamp: 5\n"
            "99: 7\n"
            "100: \"abc\"\n"
            "101: 0x00000001\n"
            "102: 0x0000000000000002\n"
            "103 {\n"
            "  1: 5\n"
            "}\n");
}

TEST(WebMessageInfo, UnknownFieldsRoundTripThroughJson) {
  auto bytes = webMessageInfoFromJsonText(kUnknownJson);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, withUnknownFields());
}

TEST(WebMessageInfo, KnownNumberWithWrongWireTypeIsKeptAsUnknown) {
  // messageTimestamp (3) as a length-delimited field.
  auto view = parseWebMessageInfo(kKey + "\x1a\x02zz"s);
  ASSERT_TRUE(view);
  EXPECT_NE(view->toJson().find(R"("unknownFields":{"3":[{"string":"zz"}]})"), std::string::npos) << view->toJson();
}

TEST(WebMessageInfo, ScalarMapping) {
  auto bytes = webMessageInfoFromJsonText(R"({
    "key": {"id": "X"},
    "message": {"locationMessage": {"degreesLatitude": 52.52, "degreesLongitude": -13.405,
                                    "speedInMps": 1.5, "accuracyInMeters": 4294967295},
                "imageMessage": {"mediaKey": "AAEC", "mediaKeyTimestamp": "-1", "scanLengths": [1, "2", 3]}},
    "messageTimestamp": 18446744073709551615,
    "status": 4,
    "labels": ["a", "b"]
  })");
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto view = parseWebMessageInfo(*bytes);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->toJson(),
            R"({"key":{"id":"X"},"message":{"imageMessage":{"mediaKey":"AAEC","mediaKeyTimestamp":"-1",)"
            R"("scanLengths":[1,2,3]},"locationMessage":{"degreesLatitude":52.52,"degreesLongitude":-13.405,)"
            R"("accuracyInMeters":4294967295,"speedInMps":1.5}},"messageTimestamp":"18446744073709551615",)"
            R"("status":"READ","labels":["a","b"]})");
}

TEST(WebMessageInfo, NonFiniteDoublesAreStrings) {
  auto bytes = webMessageInfoFromJsonText(
      R"({"key":{"id":"X"},"message":{"locationMessage":{"degreesLatitude":"NaN","degreesLongitude":"-Infinity"}}})");
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto view = parseWebMessageInfo(*bytes);
  ASSERT_TRUE(view);
  EXPECT_NE(view->toJson().find(R"({"degreesLatitude":"NaN","degreesLongitude":"-Infinity"})"), std::string::npos);
}

TEST(WebMessageInfo, StringFieldThatIsNotUtf8IsBase64Object) {
  // conversation = ff fe
  const std::string bytes = kKey + "\x12\x04\x0a\x02\xff\xfe"s;
  auto view = parseWebMessageInfo(bytes);
  ASSERT_TRUE(view);
  const std::string json = view->toJson();
  EXPECT_NE(json.find(R"("message":{"conversation":{"b64":"//4="}})"), std::string::npos) << json;
  auto back = webMessageInfoFromJsonText(json);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, bytes);
  EXPECT_NE(view->toText().find(R"(conversation: "\377\376")"), std::string::npos) << view->toText();
}

TEST(WebMessageInfo, AcceptsProtoNamesAndNulls) {
  auto bytes = webMessageInfoFromJson(nlohmann::json::parse(
      R"({"key":{"remoteJid":"a@c.us","fromMe":true,"id":"X"},"message":{"conversation":"hi"},"messageTimestamp":5,"pushName":null})"));
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, kMinimal);
}

// ---- errors ----

TEST(WebMessageInfo, LengthPastTheEndIsTruncated) {
  expectError(parseWebMessageInfo("\x0a\x05\x0a"s), ErrorCode::Truncated, 1, "key: length 5 exceeds the 1 bytes left");
}

TEST(WebMessageInfo, NestedErrorNamesTheFieldPath) {
  // key (3 bytes) { remoteJid claims 5 bytes, 1 follows }
  expectError(parseWebMessageInfo("\x0a\x03\x0a\x05\x61"s), ErrorCode::Truncated, 3,
              "key.remoteJid: length 5 exceeds the 1 bytes left");
}

TEST(WebMessageInfo, TruncatedVarint) {
  expectError(parseWebMessageInfo(kKey + "\x18\xff"s), ErrorCode::Truncated, kKey.size() + 1,
              "messageTimestamp: truncated varint value");
}

TEST(WebMessageInfo, InvalidWireType) {
  expectError(parseWebMessageInfo(kKey + "\x1f"s), ErrorCode::Invalid, kKey.size(), "invalid wire type 7 in field 3");
}

TEST(WebMessageInfo, StrayEndGroup) {
  expectError(parseWebMessageInfo(kKey + "\x0c"s), ErrorCode::Invalid, kKey.size(),
              "end-group tag of field 1 without a matching start-group");
}

TEST(WebMessageInfo, UnclosedGroup) {
  expectError(parseWebMessageInfo(kKey + "\xbb\x06\x08\x05"s), ErrorCode::Truncated, kKey.size(),
              "103: group is not closed by an end-group tag");
}

TEST(WebMessageInfo, MissingRequiredKey) {
  expectError(parseWebMessageInfo("\x18\x05"s), ErrorCode::Invalid, 0, "missing required field key");
  expectError(parseWebMessageInfo(""), ErrorCode::Invalid, 0, "missing required field key");
}

TEST(WebMessageInfo, NestingPastTheLimit) {
  std::string bytes = kKey;
  for (std::size_t i = 0; i <= kMaxProtoDepth; ++i) bytes += "\x93\x03"s;  // start-group of field 50
  auto r = parseWebMessageInfo(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
  EXPECT_EQ(r.error().offset, kKey.size() + 2 * kMaxProtoDepth);
}

TEST(WebMessageInfo, TextIsNotAWebMessageInfo) {
  auto r = parseWebMessageInfo("hello world");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().stage, Stage::Proto);
}

// ---- JSON -> bytes errors ----

void expectJsonError(const Expected<std::string>& r, const std::string& message) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().stage, Stage::Json);
  EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  EXPECT_EQ(r.error().message, message);
}

TEST(WebMessageInfoFromJson, Errors) {
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{"bogus":1}})"),
                  "$.key.bogus: no field of that name in MessageKey");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{"fromMe":"yes"}})"),
                  "$.key.fromMe: expected a boolean, found a string");
  expectJsonError(
      webMessageInfoFromJsonText(R"({"key":{},"message":{"imageMessage":{"height":4294967296}}})"),
      "$.message.imageMessage.height: expected an unsigned 32-bit integer, found a number");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{},"status":"LOST"})"),
                  "$.status: no value \"LOST\" in enum WebMessageInfoStatus");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{},"labels":"a"})"),
                  "$.labels: expected an array for a repeated field, found a string");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{},"mediaCiphertextSha256":"a*b"})"),
                  "$.mediaCiphertextSha256: invalid base64 at character 1");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{},"unknownFields":{"0":[]}})"),
                  "$.unknownFields.0: expected a field number from 1 to 536870911");
  expectJsonError(webMessageInfoFromJsonText(R"({"key":{},"unknownFields":{"5":[{"zigzag":1}]}})"),
                  "$.unknownFields.5[0].zigzag: expected one of varint, fixed32, fixed64, string, bytes, group");
  expectJsonError(webMessageInfoFromJsonText(R"({"messageTimestamp":"1"})"),
                  "missing required field key");
  expectJsonError(webMessageInfoFromJsonText("[]"), "$: expected an object, found an array");
}

TEST(WebMessageInfoFromJson, MalformedTextHasAnOffset) {
  auto r = webMessageInfoFromJsonText(R"({"key": tru})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().stage, Stage::Json);
  EXPECT_EQ(r.error().offset, 11u);
  EXPECT_EQ(r.error().message.rfind("malformed json: ", 0), 0u) << r.error().message;
}

TEST(WebMessageInfoFromJson, DepthIsLimited) {
  std::string json = R"({"key":{},"message":)";
  std::string close;
  for (std::size_t i = 0; i < kMaxProtoDepth; ++i) {
    json += R"({"extendedTextMessage":{"contextInfo":{"quotedMessage":)";
    close += "}}}";
  }
  json += "{}" + close + "}";
  auto r = webMessageInfoFromJsonText(json);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("nesting deeper than 100 messages"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace wa::codec
