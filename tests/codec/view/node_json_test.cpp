// Tests of node JSON: exact compact and pretty text, lossless round trips, proto views, located errors.
#include "wa/support/text/json_string.h"
#include "wa/codec/view/node_json.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "codec/golden/golden.h"
#include "codec/golden/sample_trees.h"

namespace wa::codec {
namespace {

using namespace std::string_literals;

NodeJsonWriteOptions pretty() {
  NodeJsonWriteOptions o;
  o.pretty = true;
  return o;
}

Node reread(const std::string& json) {
  auto node = nodeFromJson(json);
  EXPECT_TRUE(node) << node.error().message << " at " << node.error().offset << " in " << json;
  return node ? *node : Node{};
}

// Node -> JSON -> Node gives the same node, in both layouts and through ordered_json; and the
// JSON text survives JSON -> Node -> JSON.
void expectRoundTrip(const Node& node) {
  for (bool is_pretty : {false, true}) {
    NodeJsonWriteOptions options;
    options.pretty = is_pretty;
    const std::string json = nodeToJson(node, options);
    EXPECT_EQ(reread(json), node) << json;
    EXPECT_EQ(nodeToJson(reread(json), options), json);
    auto via_value = nodeFromJsonValue(nlohmann::ordered_json::parse(json));
    ASSERT_TRUE(via_value) << via_value.error().message;
    EXPECT_EQ(*via_value, node);
    // Strict JSON: a standard parser prints it back the same way.
    EXPECT_EQ(nlohmann::ordered_json::parse(json).dump(is_pretty ? 2 : -1), json);
  }
}

void expectError(std::string_view json, ErrorCode code, std::uint64_t offset, const std::string& message,
                 const NodeJsonReadOptions& options = {}) {
  auto r = nodeFromJson(json, options);
  ASSERT_FALSE(r.has_value()) << json;
  EXPECT_EQ(r.error().stage, Stage::Json);
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_EQ(r.error().offset, offset) << r.error().message;
  EXPECT_EQ(r.error().message, message);
}

TEST(NodeJson, CompactShape) {
  const Node n = makeParentNode("action", {{"add", "last"}, {"epoch", std::nullopt}},
                                {makeNode("presence", {{"type", "available"}}), makeTextNode("body", {}, "hi"),
                                 makeBytesNode("enc", {}, "\x01\x02\x03"s), makeParentNode("list", {}, {})});
  EXPECT_EQ(nodeToJson(n),
            R"(["action",{"add":"last","epoch":null},[["presence",{"type":"available"},null],["body",{},"hi"],)"
            R"(["enc",{},{"b64":"AQID"}],["list",{},[]]]])");
}

TEST(NodeJson, PrettyShapeIsTheJqLayout) {
  const Node n = makeParentNode("a", {{"k", "v"}}, {makeNode("b"), makeParentNode("c", {}, {})});
  EXPECT_EQ(nodeToJson(n, pretty()),
            "[\n"
            "  \"a\",\n"
            "  {\n"
            "    \"k\": \"v\"\n"
            "  },\n"
            "  [\n"
            "    [\n"
            "      \"b\",\n"
            "      {},\n"
            "      null\n"
            "    ],\n"
            "    [\n"
            "      \"c\",\n"
            "      {},\n"
            "      []\n"
            "    ]\n"
            "  ]\n"
            "]");
}

TEST(NodeJson, PrettyIndentLevelForEmbedding) {
  NodeJsonWriteOptions o = pretty();
  o.indent_level = 2;
  EXPECT_EQ(nodeToJson(makeTextNode("a", {}, "t"), o), "[\n      \"a\",\n      {},\n      \"t\"\n    ]");
}

TEST(NodeJson, EscapesControlCharactersAndKeepsUtf8) {
  const Node n = makeTextNode("t", {{"q", "say \"hi\"\\"}}, "line\n\ttab \x01\x1b[31m caf\xC3\xA9 \x7f"s);
  EXPECT_EQ(nodeToJson(n),
            "[\"t\",{\"q\":\"say \\\"hi\\\"\\\\\"},\"line\\n\\ttab \\u0001\\u001b[31m caf\xC3\xA9 \x7f\"]");
  expectRoundTrip(n);
}

// The escaper skips 8 bytes at a time: every escapable byte at every offset into a word, next to
// multi-byte UTF-8 and bytes just outside the escaped set, must match nlohmann's escaping.
TEST(NodeJson, EscapesAtEveryWordOffset) {
  for (char special : {'"', '\\', '\n', '\x00', '\x1f', '\x7f', ' ', '!', '#', '[', ']'}) {
    for (std::size_t pos = 0; pos < 20; ++pos) {
      if (pos == 3) continue;  // would split the two bytes of U+00E9
      std::string text = "ab\xC3\xA9" "cdefghijklmnopqrstu";
      text.insert(pos, 1, special);
      const Node n = makeTextNode("t", {}, text);
      EXPECT_EQ(nodeToJson(n), "[\"t\",{}," + nlohmann::json(text).dump() + "]") << int(special) << " at " << pos;
      expectRoundTrip(n);
    }
  }
}

TEST(NodeJson, BytesAsBase64AtEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) bytes.push_back(static_cast<char>(i * 37 + 250));
  for (std::size_t len = 0; len <= bytes.size(); ++len) expectRoundTrip(makeBytesNode("b", {}, bytes.substr(0, len)));
}

TEST(NodeJson, RoundTripsEdgeCases) {
  expectRoundTrip(makeNode("x"));
  expectRoundTrip(makeNode("x", {{"empty", ""}, {"null", std::nullopt}, {"", "empty key"}}));
  expectRoundTrip(makeTextNode("x", {}, ""));
  expectRoundTrip(makeBytesNode("x", {}, ""));
  expectRoundTrip(makeParentNode("x", {}, {}));
  expectRoundTrip(makeParentNode("x", {}, {makeParentNode("y", {}, {makeParentNode("z", {}, {})})}));
  expectRoundTrip(makeBytesNode("bin", {}, std::string("\x00\xff\xfe\x80 \xc3\x28", 7)));
}

TEST(NodeJson, RoundTripsThreeHundredChildren) {
  std::vector<Node> children;
  for (int i = 0; i < 300; ++i)
    children.push_back(makeNode("item", {{"index", std::to_string(i)}, {"jid", "1555000" + std::to_string(i) + "@c.us"}}));
  const Node n = makeParentNode("list", {{"count", "300"}}, std::move(children));
  expectRoundTrip(n);
  EXPECT_EQ(reread(nodeToJson(n)).children.size(), 300u);
}

TEST(NodeJson, StringsThatAreNotUtf8BecomeBase64Objects) {
  const Node n = makeTextNode("\xff"s, {{"k", "\xc3\x28"s}}, "ok");
  EXPECT_EQ(nodeToJson(n), R"([{"b64":"/w=="},{"k":{"b64":"wyg="}},"ok"])");
  expectRoundTrip(n);
}

TEST(NodeJson, TextContentThatIsNotUtf8IsMarkedText) {
  const Node n = makeTextNode("t", {}, "\xed\xa0\x80"s);  // an encoded surrogate is not UTF-8
  EXPECT_EQ(nodeToJson(n), R"(["t",{},{"b64":"7aCA","text":true}])");
  expectRoundTrip(n);
}

TEST(NodeJson, RepeatedOrNonUtf8KeysUsePairs) {
  const Node dup = makeNode("n", {{"a", "1"}, {"b", std::nullopt}, {"a", "2"}});
  EXPECT_EQ(nodeToJson(dup), R"(["n",[["a","1"],["b",null],["a","2"]],null])");
  expectRoundTrip(dup);
  const Node bad_key = makeNode("n", {{"\x80"s, "v"}});
  EXPECT_EQ(nodeToJson(bad_key), R"(["n",[[{"b64":"gA=="},"v"]],null])");
  expectRoundTrip(bad_key);
  std::vector<Attribute> many;
  for (int i = 0; i < 40; ++i) many.push_back({fmt::format("k{}", i % 39), "v"});
  expectRoundTrip(makeNode("n", many));
  EXPECT_EQ(nodeToJson(makeNode("n", many)).substr(0, 7), "[\"n\",[[");
}

TEST(NodeJson, MessageNodesCarryWebMessageInfo) {
  const std::string wmi = testing::webMessageInfoBytes(R"({"key":{"id":"X"},"message":{"conversation":"hi"}})");
  const Node n = makeParentNode("action", {}, {makeBytesNode("message", {}, wmi)});
  EXPECT_EQ(nodeToJson(n), R"(["action",{},[["message",{},{"b64":"CgMaAVgSBAoCaGk=",)"
                           R"("WebMessageInfo":{"key":{"id":"X"},"message":{"conversation":"hi"}}}]]])");
  expectRoundTrip(n);
  NodeJsonWriteOptions plain;
  plain.decode_proto = false;
  EXPECT_EQ(nodeToJson(n, plain), R"(["action",{},[["message",{},{"b64":"CgMaAVgSBAoCaGk="}]]])");
}

TEST(NodeJson, MessageBytesThatDoNotParseCarryAnError) {
  const Node n = makeBytesNode("message", {{"id", "1"}}, "\x0a\x05\x0a"s);
  EXPECT_EQ(nodeToJson(n),
            R"(["message",{"id":"1"},{"b64":"CgUK","error":"proto at offset 1: key: length 5 exceeds the 1 bytes left"}])");
  expectRoundTrip(n);
}

TEST(NodeJson, OnlyMessageBytesAreParsed) {
  const std::string wmi = testing::webMessageInfoBytes(R"({"key":{"id":"X"}})");
  EXPECT_EQ(nodeToJson(makeBytesNode("enc", {}, wmi)), R"(["enc",{},{"b64":"CgMaAVg="}])");
  EXPECT_EQ(nodeToJson(makeTextNode("message", {}, "text")), R"(["message",{},"text"])");
}

TEST(NodeJson, ReaderIgnoresProtoViews) {
  auto n = nodeFromJson(
      R"(["message", {}, {"WebMessageInfo": {"key": {"id": ["deep", {"x": [1.5e3, -0, true, null]}]}}, "b64": "AQ==", "error": "x"}])");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, makeBytesNode("message", {}, "\x01"s));
}

TEST(NodeJson, ReaderLeniencies) {
  EXPECT_EQ(reread(R"( ["a"] )"), makeNode("a"));
  EXPECT_EQ(reread(R"(["a", null])"), makeNode("a"));
  EXPECT_EQ(reread(R"(["a", {"k": "v"}])"), makeNode("a", {{"k", "v"}}));
  EXPECT_EQ(reread(R"(["a\/b", {}, "\ud83d\ude00 \u00e9"])"), makeTextNode("a/b", {}, "\xF0\x9F\x98\x80 \xC3\xA9"));
  EXPECT_EQ(reread(R"(["a", {}, {"b64": "-_8"}])"), makeBytesNode("a", {}, "\xfb\xff"s));
}

TEST(NodeJson, ErrorsCarryPathAndOffset) {
  expectError(R"(["a",{},[["b",{},[5]]]])", ErrorCode::Invalid, 18,
              "$[2][0][2][0]: expected a node array [description, attributes, content], found a number");
  expectError(R"([1])", ErrorCode::Invalid, 1,
              "$[0]: expected a string or {\"b64\": ...} as the description, found a number");
  expectError(R"(["a",{"k":5}])", ErrorCode::Invalid, 10,
              "$[1].k: expected a string or {\"b64\": ...} as an attribute value, found a number");
  expectError(R"(["a",{},true])", ErrorCode::Invalid, 8,
              "$[2]: expected content (null, a string, a list of nodes or {\"b64\": ...}), found a boolean");
  expectError(R"(["a",{},{"b64":"A*=="}])", ErrorCode::Invalid, 17, "$[2].b64: invalid base64 at character 1");
  expectError(R"(["a",{},{"hex":"00"}])", ErrorCode::Invalid, 9,
              "$[2].hex: unexpected key \"hex\" (expected b64, text, WebMessageInfo or error)");
  expectError(R"(["a",{},{}])", ErrorCode::Invalid, 8, "$[2]: content object without \"b64\"");
  expectError(R"(["a",{},null,1])", ErrorCode::Invalid, 12, "$: expected ']' closing the node (at most 3 elements), found ','");
  expectError(R"(["a"] x)", ErrorCode::Invalid, 6, "$: unexpected characters after the node");
}

TEST(NodeJson, MalformedJson) {
  expectError(R"(["a",{},[)", ErrorCode::Truncated, 9,
              "$[2][0]: expected a node array [description, attributes, content], found the end of the input");
  expectError(R"(["abc)", ErrorCode::Truncated, 1, "$[0]: unterminated string");
  expectError("[\"a\x01\"]", ErrorCode::Invalid, 3, "$[0]: unescaped control character 0x01 in a string");
  expectError("[\"a\xff\"]", ErrorCode::Invalid, 3, "$[0]: invalid utf-8 in a string");
  expectError(R"(["\udc80"])", ErrorCode::Invalid, 2, "$[0]: unpaired surrogate in a \\u escape");
  expectError(R"(["\ud800x"])", ErrorCode::Invalid, 2, "$[0]: unpaired surrogate in a \\u escape");
  expectError(R"(["\q"])", ErrorCode::Invalid, 2, "$[0]: invalid escape \\q");
  expectError(R"(["a",{},{"b64":"","WebMessageInfo":[1,]}])", ErrorCode::Invalid, 38,
              "$[2].WebMessageInfo: expected a value, found ']'");
  expectError(R"(["a",nul)", ErrorCode::Truncated, 5, "$[1]: truncated literal, expected null");
  expectError(R"(["a",{},nulL])", ErrorCode::Invalid, 8, "$[2]: invalid literal, expected null");
  expectError("", ErrorCode::Truncated, 0,
              "$: expected a node array [description, attributes, content], found the end of the input");
}

TEST(NodeJson, DepthLimit) {
  NodeJsonReadOptions limits;
  limits.max_depth = 3;
  EXPECT_TRUE(nodeFromJson(R"(["a",{},[["b",{},[["c"]]]]])", limits));
  expectError(R"(["a",{},[["b",{},[["c",{},[["d"]]]]]]])", ErrorCode::LimitExceeded, 27,
              "$[2][0][2][0][2][0]: nodes nested deeper than 3", limits);
  // The default limit holds for deep input without exhausting the stack.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += R"(["n",{},[)";
  auto r = nodeFromJson(deep);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
  std::string deep_skip = R"(["a",{},{"b64":"","error":)" + std::string(100000, '[');
  r = nodeFromJson(deep_skip);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
}

TEST(NodeJson, ValueReaderErrors) {
  auto r = nodeFromJsonValue(nlohmann::ordered_json::parse(R"(["a",{},[["b",{"k":1}]]])"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().stage, Stage::Json);
  EXPECT_EQ(r.error().offset, 0u);
  EXPECT_EQ(r.error().message,
            "$[2][0][1].k: expected a string or {\"b64\": ...} as an attribute value, found a number");
}

TEST(NodeJson, AppendJsonStringReplacesMalformedBytes) {
  std::string out;
  support::appendJsonQuotedLossy(out, "a\"\n\xff" "b");
  EXPECT_EQ(out, "\"a\\\"\\n\xEF\xBF\xBD" "b\"");
}

TEST(NodeJsonGolden, ActionWithMessages) {
  const Node n = testing::actionWithMessages();
  testing::expectGolden("action_messages.pretty.json", nodeToJson(n, pretty()) + "\n");
  testing::expectGolden("action_messages.compact.jsonl", nodeToJson(n) + "\n");
  expectRoundTrip(n);
}

TEST(NodeJsonGolden, ContactsResponse) {
  const Node n = testing::contactsResponse();
  testing::expectGolden("response_contacts.pretty.json", nodeToJson(n, pretty()) + "\n");
  testing::expectGolden("response_contacts.compact.jsonl", nodeToJson(n) + "\n");
  expectRoundTrip(n);
}

}  // namespace
}  // namespace wa::codec
