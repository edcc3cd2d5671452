// WebMessageInfo fields as the plugin shows them, and the Info column's summary of a record.
#include "wireshark/message_fields.h"
#include "wireshark/record_summary.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "wa/codec/proto/web_message_info.h"

namespace wa::wireshark {
namespace {

std::string messageBytes(const std::string& json_text) {
  auto bytes = codec::webMessageInfoFromJson(nlohmann::json::parse(json_text));
  EXPECT_TRUE(bytes) << (bytes ? "" : bytes.error().message);
  return bytes ? *bytes : std::string();
}

TEST(MessageFields, CommonPartsOfAMessage) {
  MessageFields f;
  readMessageFields(messageBytes(R"({"key":{"remoteJid":"15550100001@c.us","fromMe":true,"id":"3EB0AA"},
      "message":{"conversation":"see you at 8"},"messageTimestamp":"1589356450","status":"READ"})"),
                    f);
  ASSERT_TRUE(f.parsed) << f.error;
  EXPECT_EQ(f.remote_jid, "15550100001@c.us");
  EXPECT_EQ(f.from_me, true);
  EXPECT_EQ(f.id, "3EB0AA");
  EXPECT_EQ(f.conversation, "see you at 8");
  EXPECT_EQ(f.timestamp, 1589356450u);
  EXPECT_EQ(f.status, "READ");
  EXPECT_NE(f.text.find("conversation: \"see you at 8\""), std::string::npos) << f.text;
}

TEST(MessageFields, AbsentPartsStayAbsent) {
  MessageFields f;
  readMessageFields(messageBytes(R"({"key":{"remoteJid":"15550100001@c.us"},
      "message":{"imageMessage":{"mimetype":"image/jpeg"}}})"),
                    f);
  ASSERT_TRUE(f.parsed);
  EXPECT_FALSE(f.conversation);
  EXPECT_FALSE(f.timestamp);
  EXPECT_FALSE(f.id);
  EXPECT_FALSE(f.from_me);
}

TEST(MessageFields, ControlBytesFromTheCaptureAreEscaped) {
  MessageFields f;
  readMessageFields(messageBytes(R"({"key":{"remoteJid":"x@c.us","id":"\u001b[2J"},
      "message":{"conversation":"a\u0007b"}})"),
                    f);
  ASSERT_TRUE(f.parsed);
  EXPECT_EQ(f.id, "\\x1b[2J");
  EXPECT_EQ(f.conversation, "a\\x07b");
}

TEST(MessageFields, MalformedBytesGiveTheCodecsError) {
  MessageFields f;
  readMessageFields(std::string("\x0a\xff\x01", 3), f);
  EXPECT_FALSE(f.parsed);
  EXPECT_EQ(f.error.rfind("proto at offset", 0), 0u) << f.error;
  // Reused: a good message after a bad one is read whole.
  readMessageFields(messageBytes(R"({"key":{"id":"A"}})"), f);
  EXPECT_TRUE(f.parsed);
  EXPECT_TRUE(f.error.empty());
  EXPECT_EQ(f.id, "A");
}

session::Record record(std::string tag, std::string kind) {
  session::Record r;
  r.tag = std::move(tag);
  r.kind = std::move(kind);
  return r;
}

TEST(RecordSummary, KindsOfMessages) {
  std::string out;
  auto r = record("s1", "json");
  const std::string text = R"(["Conn",{"ref":"1@x"}])";
  r.json_text = text;
  appendRecordSummary(out, r);
  EXPECT_EQ(out, R"(s1 ["Conn",{"ref":"1@x"}])");

  out.clear();
  r = record("1589356466-5", "binary");
  r.has_node = true;
  r.node = codec::makeParentNode("action", {{"add", "relay"}}, {codec::makeNode("message"), codec::makeNode("message"),
                                                               codec::makeNode("receipt")});
  appendRecordSummary(out, r);
  EXPECT_EQ(out, R"(1589356466-5 <action add="relay"> 3 children: message, receipt)");

  out.clear();
  appendRecordSummary(out, record("?", "keepalive"));
  EXPECT_EQ(out, "? keep-alive");

  out.clear();
  r = record("t1", "binary");
  r.error = session::Error{support::ErrorCode::AuthenticationFailed, session::Stage::Hmac, 3, "hmac mismatch"};
  appendRecordSummary(out, r);
  EXPECT_EQ(out, "t1 binary: hmac at offset 3");
}

TEST(RecordSummary, EscapedAndBounded) {
  std::string out;
  auto r = record("\x1b]0;title\x07", "json");
  const std::string text = "[\"" + std::string(500, 'a') + "\"]";
  r.json_text = text;
  appendRecordSummary(out, r, 40);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.rfind("\\x1b]0;title\\x07 [\"aaa", 0), 0u) << out;
  EXPECT_LE(out.size(), 40u + 3);  // and the ellipsis
}

}  // namespace
}  // namespace wa::wireshark
