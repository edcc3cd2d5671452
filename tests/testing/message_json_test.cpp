// Node JSON writes the WebMessageInfo of canonical `message` bytes straight from the wire and
// parses the rest; both ways must give the same bytes as ProtoView::toJson (the parsed message).
// Checked on every kind of generated message and on edits that leave the canonical shape.
#include <string>

#include <gtest/gtest.h>

#include "wa/testing/generator/node_corpus.h"
#include "wa/testing/generator/web_message.h"
#include "wa/codec/node/node.h"
#include "wa/codec/view/node_json.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::testing {
namespace {

// The node JSON of a `message` node holding `bytes` agrees with the parsed message's own JSON.
void expectSameJson(const std::string& bytes, const std::string& what) {
  const std::string json = codec::nodeToJson(codec::makeBytesNode("message", {}, bytes));
  auto view = codec::parseWebMessageInfo(bytes);
  if (view) {
    const std::string tail = "\"WebMessageInfo\":" + view->toJson() + "}]";
    ASSERT_GE(json.size(), tail.size()) << what;
    EXPECT_EQ(json.substr(json.size() - tail.size()), tail) << what;
  } else {
    EXPECT_NE(json.find("\"error\":\"proto at offset"), std::string::npos) << what << ": " << json;
    EXPECT_EQ(json.find("WebMessageInfo"), std::string::npos) << what;
  }
}

// Eight of every kind, in user and group chats, from me and from others.
std::vector<std::string> generatedMessages() {
  std::vector<std::string> out;
  NodeGenerator gen(20261204, 1600000000);
  for (int kind = 0; kind <= static_cast<int>(MessageKind::Revoke); ++kind) {
    for (int i = 0; i < 8; ++i) {
      const std::string chat = i % 2 ? fakeGroupJid(gen.random(), 1600000000) : fakeUserJid(gen.random());
      out.push_back(gen.messageNode(static_cast<MessageKind>(kind), chat, i % 3 == 0).data);
    }
  }
  return out;
}

TEST(MessageJson, GeneratedMessagesOfEveryKind) {
  for (const auto& m : generatedMessages()) expectSameJson(m, "generated");
}

TEST(MessageJson, MessagesInTheMixedCorpus) {
  std::size_t seen = 0;
  std::function<void(const codec::Node&)> walk = [&](const codec::Node& n) {
    if (n.description == "message" && n.content == codec::ContentKind::Bytes) {
      expectSameJson(n.data, "corpus");
      ++seen;
    }
    for (const auto& c : n.children) walk(c);
  };
  for (const auto& node : mixedCorpus(7, 1 << 20)) walk(node);
  EXPECT_GT(seen, 100u);
}

// Edits that real writers do not make: each leaves the wire path for parsing, with the same JSON.
TEST(MessageJson, NonCanonicalBytesGiveTheParsedJson) {
  for (const auto& m : generatedMessages()) {
    ASSERT_GT(m.size(), 3u);
    ASSERT_EQ(m[0], '\x0a');  // key = 1 comes first
    const std::size_t key_len = static_cast<unsigned char>(m[1]);
    ASSERT_LT(key_len, 128u);
    const std::string key = m.substr(0, 2 + key_len);
    const std::string rest = m.substr(2 + key_len);
    expectSameJson(m + std::string("\xb8\x3e\x01", 3), "unknown field 999");
    expectSameJson(m + key, "key twice (merged)");
    expectSameJson(rest + key, "key last");
    expectSameJson(m + std::string("\x20\x63", 2), "status 99: unknown enum value, after later fields");
    expectSameJson(key + std::string("\x20\x63", 2), "status 99: unknown enum value");
    expectSameJson(key + std::string("\x20\x02", 2), "status SERVER_ACK");
    expectSameJson(key + std::string("\x9a\x01\x02\xff\xfe", 5), "pushName not UTF-8");
    expectSameJson(key + std::string("\x18\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11), "timestamp 2^64-1");
    expectSameJson(key + std::string("\x18\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 11), "11th varint bit");
    expectSameJson(m.substr(0, m.size() - 1), "truncated");
    expectSameJson(rest, "key missing");
    expectSameJson(std::string(), "empty");
  }
}

}  // namespace
}  // namespace wa::testing
