// Tests of the text tree renderer: layout, escaping, bytes, WebMessageInfo in place, colours, goldens.
#include "wa/codec/view/text_tree.h"

#include <string>

#include <gtest/gtest.h>

#include "codec/golden/golden.h"
#include "codec/golden/sample_trees.h"

namespace wa::codec {
namespace {

using namespace std::string_literals;

TEST(TextTree, Layout) {
  const Node n = makeParentNode(
      "action", {{"add", "last"}},
      {makeNode("presence", {{"type", "available"}, {"from", "15550000001@c.us"}}), makeTextNode("body", {}, "hello"),
       makeParentNode("empty", {}, {}), makeTextNode("blank", {}, ""), makeNode("flag", {{"set", std::nullopt}, {"v", ""}})});
  EXPECT_EQ(renderTextTree(n),
            "<action add=\"last\">\n"
            "  <presence type=\"available\" from=\"15550000001@c.us\"/>\n"
            "  <body>hello</body>\n"
            "  <empty></empty>\n"
            "  <blank></blank>\n"
            "  <flag set v=\"\"/>\n"
            "</action>\n");
}

TEST(TextTree, IndentLevel) {
  TextTreeOptions o;
  o.indent_level = 2;
  EXPECT_EQ(renderTextTree(makeParentNode("a", {}, {makeNode("b")}), o), "    <a>\n      <b/>\n    </a>\n");
}

TEST(TextTree, EscapesWhatMustNotReachATerminal) {
  const Node n = makeTextNode("t\x1b"s, {{"k\n", "say \"hi\" \\ \x07"s}}, "a\tb\nc\x1b[2J \xff caf\xC3\xA9 \xC2\x9b"s);
  EXPECT_EQ(renderTextTree(n),
            "<t\\x1b k\\n=\"say \\\"hi\\\" \\\\ \\x07\">a\\tb\\nc\\x1b[2J \\xff caf\xC3\xA9 \\u009b</t\\x1b>\n");
}

TEST(TextTree, PrintableBytesAreInline) {
  EXPECT_EQ(renderTextTree(makeBytesNode("body", {}, "plain text, \xE2\x9C\x93")), "<body>plain text, \xE2\x9C\x93</body>\n");
  EXPECT_EQ(renderTextTree(makeBytesNode("b", {}, "")), "<b></b>\n");
}

TEST(TextTree, ShortBinaryIsInlineHex) {
  EXPECT_EQ(renderTextTree(makeBytesNode("k", {}, "\x00\x01\xfe\xff"s)), "<k>hex:0001feff</k>\n");
}

TEST(TextTree, LongBinaryIsAHexdump) {
  std::string data;
  for (int i = 0; i < 40; ++i) data.push_back(static_cast<char>(i * 7 + 30));
  EXPECT_EQ(renderTextTree(makeParentNode("p", {}, {makeBytesNode("enc", {{"type", "msg"}}, data)})),
            "<p>\n"
            "  <enc type=\"msg\">\n"
            "    0000  1e 25 2c 33 3a 41 48 4f  56 5d 64 6b 72 79 80 87  |.%,3:AHOV]dkry..|\n"
            "    0010  8e 95 9c a3 aa b1 b8 bf  c6 cd d4 db e2 e9 f0 f7  |................|\n"
            "    0020  fe 05 0c 13 1a 21 28 2f                           |.....!(/|\n"
            "  </enc>\n"
            "</p>\n");
}

TEST(TextTree, TruncatesPastTheLimit) {
  TextTreeOptions o;
  o.max_bytes = 20;
  std::string binary(100, '\x01');
  EXPECT_EQ(renderTextTree(makeBytesNode("enc", {}, binary), o),
            "<enc>\n"
            "  0000  01 01 01 01 01 01 01 01  01 01 01 01 01 01 01 01  |................|\n"
            "  0010  01 01 01 01                                       |....|\n"
            "  ... 80 more bytes\n"
            "</enc>\n");
  EXPECT_EQ(renderTextTree(makeBytesNode("t", {}, std::string(30, 'x')), o),
            "<t>xxxxxxxxxxxxxxxxxxxx... (10 more bytes)</t>\n");
  // The cut does not split a UTF-8 sequence.
  o.max_bytes = 2;
  EXPECT_EQ(renderTextTree(makeBytesNode("t", {}, "a\xC3\xA9z"), o), "<t>a... (3 more bytes)</t>\n");
  o.max_bytes = 2;
  EXPECT_EQ(renderTextTree(makeBytesNode("k", {}, "\x00\x01\x02"s), o),
            "<k>\n  0000  00 01                                             |..|\n  ... 1 more bytes\n</k>\n");
}

TEST(TextTree, MessageShowsWebMessageInfoInPlace) {
  const std::string wmi = testing::webMessageInfoBytes(R"({"key":{"id":"X","fromMe":true},"message":{"conversation":"hi"}})");
  EXPECT_EQ(renderTextTree(makeParentNode("action", {}, {makeBytesNode("message", {}, wmi)})),
            "<action>\n"
            "  <message>\n"
            "    key {\n"
            "      fromMe: true\n"
            "      id: \"X\"\n"
            "    }\n"
            "    message {\n"
            "      conversation: \"hi\"\n"
            "    }\n"
            "  </message>\n"
            "</action>\n");
  TextTreeOptions plain;
  plain.decode_proto = false;
  EXPECT_EQ(renderTextTree(makeBytesNode("message", {}, "\x0a\x00"s), plain), "<message>hex:0a00</message>\n");
}

TEST(TextTree, MessageErrorIsShownInPlace) {
  EXPECT_EQ(renderTextTree(makeBytesNode("message", {}, "\x0a\x05\x0a"s)),
            "<message>\n"
            "  <?> proto at offset 1: key: length 5 exceeds the 1 bytes left\n"
            "  0000  0a 05 0a                                          |...|\n"
            "</message>\n");
}

TEST(TextTree, Colours) {
  TextTreeOptions o;
  o.color = true;
  EXPECT_EQ(renderTextTree(makeParentNode("a", {{"k", "v"}, {"n", std::nullopt}}, {makeTextNode("b", {}, "t")}), o),
            "<\x1b[1;34m" "a\x1b[0m \x1b[36mk\x1b[0m=\"\x1b[32mv\x1b[0m\" \x1b[36mn\x1b[0m>\n"
            "  <\x1b[1;34m" "b\x1b[0m>t</\x1b[1;34m" "b\x1b[0m>\n"
            "</\x1b[1;34m" "a\x1b[0m>\n");
  EXPECT_EQ(renderTextTree(makeBytesNode("message", {}, "\x0a\x05\x0a"s), o).find("\x1b[1;31m<?> proto"), 23u);
}

TEST(TextTreeGolden, ActionWithMessages) {
  testing::expectGolden("action_messages.tree.txt", renderTextTree(testing::actionWithMessages()));
  TextTreeOptions o;
  o.color = true;
  testing::expectGolden("action_messages.color.tree.txt", renderTextTree(testing::actionWithMessages(), o));
}

TEST(TextTreeGolden, ContactsResponse) {
  testing::expectGolden("response_contacts.tree.txt", renderTextTree(testing::contactsResponse()));
}

}  // namespace
}  // namespace wa::codec
