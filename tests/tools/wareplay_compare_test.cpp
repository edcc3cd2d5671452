// Tests for wareplay's ignore rules, rendering, comparison and line diff
// (tools/wareplay/compare.h, line_diff.h).
#include "wareplay/compare.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "wareplay/line_diff.h"

namespace wa::wareplay {
namespace {

MessageView jsonView(std::string_view tag, const nlohmann::json& json) {
  return MessageView{tag, codec::FrameKind::Json, &json, nullptr, {}};
}

TEST(WareplayCompare, ParsesRules) {
  auto rules = parseIgnoreRules({"tag, id", "attr:epoch,json:time", "/1/*/x", "content:enc"});
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_TRUE(rules->tag);
  EXPECT_TRUE(rules->attributes.count("id"));
  EXPECT_TRUE(rules->json_keys.count("id"));
  EXPECT_TRUE(rules->attributes.count("epoch"));
  EXPECT_FALSE(rules->json_keys.count("epoch"));
  EXPECT_TRUE(rules->json_keys.count("time"));
  ASSERT_EQ(rules->pointers.size(), 1u);
  EXPECT_EQ(rules->pointers[0], (std::vector<std::string>{"1", "*", "x"}));
  EXPECT_TRUE(rules->content_of.count("enc"));
}

TEST(WareplayCompare, RefusesBadRules) {
  auto empty = parseIgnoreRules({"tag,,id"});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().exit_code, 2);
  EXPECT_EQ(empty.error().message, "--ignore: empty rule");
  auto unknown = parseIgnoreRules({"node:x"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "--ignore: unknown rule \"node:x\" (tag, NAME, attr:NAME, json:NAME, content:DESC, /pointer)");
  EXPECT_FALSE(parseIgnoreRules({"/a/~2"}));
}

TEST(WareplayCompare, DefaultRulesParse) {
  auto rules = parseIgnoreRules({std::string(kDefaultIgnoreRules)});
  ASSERT_TRUE(rules);
  EXPECT_TRUE(rules->tag);
  EXPECT_TRUE(rules->json_keys.count("secret"));
}

TEST(WareplayCompare, MasksIgnoredJsonKeysAnywhere) {
  auto rules = parseIgnoreRules({"time,ref"}).value();
  nlohmann::json a = {{"status", 200}, {"ref", "1@a"}, {"nested", {{"time", 1}}}};
  nlohmann::json b = {{"status", 200}, {"ref", "1@b"}, {"nested", {{"time", 2}}}};
  EXPECT_TRUE(compareMessages(jsonView("t1", a), jsonView("t1", b), rules).equal);
  nlohmann::json c = {{"status", 401}, {"ref", "1@b"}, {"nested", {{"time", 2}}}};
  auto cmp = compareMessages(jsonView("t1", a), jsonView("t1", c), rules);
  EXPECT_FALSE(cmp.equal);
  EXPECT_NE(cmp.diff.find("-  \"status\": 200"), std::string::npos) << cmp.diff;
  EXPECT_NE(cmp.diff.find("+  \"status\": 401"), std::string::npos) << cmp.diff;
}

TEST(WareplayCompare, JsonKeyOrderMeansNothing) {
  // The live server may send the members of an object in another order than the recording.
  const nlohmann::json recorded = nlohmann::json::parse(R"({"status":200,"ref":"1@a","ttl":20000,"update":false})");
  const nlohmann::json live = nlohmann::json::parse(R"({"update":false,"ttl":20000,"status":200,"ref":"1@a"})");
  EXPECT_TRUE(compareMessages(jsonView("s1", recorded), jsonView("s1", live), {}).equal);
  // Array order does mean something.
  const nlohmann::json a = nlohmann::json::parse(R"(["Conn",{"x":1}])");
  const nlohmann::json b = nlohmann::json::parse(R"([{"x":1},"Conn"])");
  EXPECT_FALSE(compareMessages(jsonView("s1", a), jsonView("s1", b), {}).equal);
}

TEST(WareplayCompare, PointersMaskOnlyTheirPath) {
  auto rules = parseIgnoreRules({"/1/battery"}).value();
  nlohmann::json a = nlohmann::json::array({"Conn", {{"battery", 80}, {"plugged", true}}});
  nlohmann::json b = nlohmann::json::array({"Conn", {{"battery", 12}, {"plugged", true}}});
  EXPECT_TRUE(compareMessages(jsonView("s1", a), jsonView("s1", b), rules).equal);
  b[1]["plugged"] = false;
  EXPECT_FALSE(compareMessages(jsonView("s1", a), jsonView("s1", b), rules).equal);
}

TEST(WareplayCompare, TagsCountUnlessIgnored) {
  nlohmann::json j = {{"status", 200}};
  EXPECT_FALSE(compareMessages(jsonView("a", j), jsonView("b", j), {}).equal);
  EXPECT_TRUE(compareMessages(jsonView("a", j), jsonView("b", j), parseIgnoreRules({"tag"}).value()).equal);
}

TEST(WareplayCompare, NodesCompareWithMaskedAttributes) {
  auto rules = parseIgnoreRules({"tag,t"}).value();
  codec::Node a = codec::makeParentNode("action", {{"add", "last"}},
                                        {codec::makeNode("chat", {{"jid", "1@c.us"}, {"t", "100"}})});
  codec::Node b = a;
  b.children[0].attributes[1].value = "200";
  MessageView va{"x", codec::FrameKind::Binary, nullptr, &a, {}};
  MessageView vb{"y", codec::FrameKind::Binary, nullptr, &b, {}};
  EXPECT_TRUE(compareMessages(va, vb, rules).equal);
  b.children[0].attributes[0].value = "2@c.us";
  auto cmp = compareMessages(va, vb, rules);
  ASSERT_FALSE(cmp.equal);
  EXPECT_EQ(cmp.diff,
            "--- recorded\n+++ live\n@@ -1,3 +1,3 @@\n <action add=\"last\">\n-  <chat jid=\"1@c.us\" t=\"<ignored>\"/>\n"
            "+  <chat jid=\"2@c.us\" t=\"<ignored>\"/>\n </action>\n");
}

TEST(WareplayCompare, UndecryptedBinaryComparesEqual) {
  MessageView a{"x", codec::FrameKind::Binary, nullptr, nullptr, "x,abc"};
  MessageView b{"x", codec::FrameKind::Binary, nullptr, nullptr, "x,defg"};
  EXPECT_TRUE(compareMessages(a, b, {}).equal);
  EXPECT_EQ(renderForCompare(a, {}), "tag: x\nbinary (not decrypted)\n");
}

TEST(WareplayLineDiff, HunksWithContext) {
  std::vector<std::string> a = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
  std::vector<std::string> b = a;
  b[1] = "two";
  b.push_back("11");
  EXPECT_EQ(unifiedDiff(a, a, "a", "b"), "");
  EXPECT_EQ(unifiedDiff(a, b, "a", "b", 1),
            "--- a\n+++ b\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n@@ -10,1 +10,2 @@\n 10\n+11\n");
}

TEST(WareplayLineDiff, EmptySides) {
  EXPECT_EQ(unifiedDiff({}, {"x"}, "a", "b"), "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
  EXPECT_EQ(unifiedDiff({"x"}, {}, "a", "b"), "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n");
  EXPECT_EQ(splitLines("a\nb\n"), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace wa::wareplay
