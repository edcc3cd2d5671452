// Unit tests of the node encoder: exact bytes per style, limits and edge cases.
#include "wa/codec/node/encoder.h"

#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"
#include "wa/codec/node/decoder.h"

namespace wa::codec {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(const Node& n, EncodeStyle style) {
  auto r = encodeNode(n, style);
  EXPECT_TRUE(r.has_value());
  if (!r) return {};
  return Bytes(r->begin(), r->end());
}

Node attrNode(std::string value) { return makeNode("action", {{"t", std::move(value)}}); }

TEST(Encoder, TokensInEveryStyle) {
  Node n = makeNode("action", {{"add", "last"}});
  for (auto style : {EncodeStyle::Server, EncodeStyle::WebClient, EncodeStyle::Plain})
    EXPECT_EQ(encode(n, style), (Bytes{248, 3, 9, 10, 47}));
}

TEST(Encoder, ServerPacksDigitsAsNibbleWithFPad) {
  EXPECT_EQ(encode(attrNode("158"), EncodeStyle::Server), (Bytes{248, 3, 9, 87, 255, 0x82, 0x15, 0x8F}));
  EXPECT_EQ(encode(attrNode("1589356438"), EncodeStyle::Server),
            (Bytes{248, 3, 9, 87, 255, 5, 0x15, 0x89, 0x35, 0x64, 0x38}));
}

TEST(Encoder, ServerPacksHexWithZeroPad) {
  EXPECT_EQ(encode(attrNode("3EB"), EncodeStyle::Server), (Bytes{248, 3, 9, 87, 251, 0x82, 0x3E, 0xB0}));
}

TEST(Encoder, WebClientWritesNumbersAsBinary) {
  EXPECT_EQ(encode(attrNode("1"), EncodeStyle::WebClient), (Bytes{248, 3, 9, 87, 252, 1, '1'}));
}

TEST(Encoder, JidPairPerStyle) {
  Node n = makeNode("presence", {{"from", "4912345@c.us"}});
  EXPECT_EQ(encode(n, EncodeStyle::Server),
            (Bytes{248, 3, 65, 34, 250, 255, 0x84, 0x49, 0x12, 0x34, 0x5F, 80}));
  EXPECT_EQ(encode(n, EncodeStyle::WebClient),
            (Bytes{248, 3, 65, 34, 250, 255, 0x84, 0x49, 0x12, 0x34, 0x5F, 80}));
  Bytes plain = {248, 3, 65, 34, 252, 12};
  for (char c : std::string("4912345@c.us")) plain.push_back(static_cast<std::uint8_t>(c));
  EXPECT_EQ(encode(n, EncodeStyle::Plain), plain);
}

TEST(Encoder, WebClientPadsHexUserWithF) {
  Node n = makeNode("presence", {{"from", "ABC@c.us"}});
  EXPECT_EQ(encode(n, EncodeStyle::WebClient), (Bytes{248, 3, 65, 34, 250, 251, 0x82, 0xAB, 0xCF, 80}));
}

TEST(Encoder, EmailStaysBinary) {
  Node n = makeNode("action", {{"to", "P@ijo"}});
  EXPECT_EQ(encode(n, EncodeStyle::Server), (Bytes{248, 3, 9, 89, 252, 5, 'P', '@', 'i', 'j', 'o'}));
}

TEST(Encoder, SWhatsappNetStaysBinarySoDecodingGivesItBack) {
  Node n = makeNode("action", {{"to", "s.whatsapp.net"}});
  auto bytes = encodeNode(n, EncodeStyle::Server);
  WA_ASSERT_OK(bytes);
  auto back = decodeNode(asBytes(*bytes));
  WA_ASSERT_OK(back);
  EXPECT_EQ(*back, n);
}

TEST(Encoder, EmptyAttributeValueIsBinaryZeroExceptWebClientSkipsIt) {
  Node n = makeNode("action", {{"add", ""}, {"type", std::nullopt}});
  EXPECT_EQ(encode(n, EncodeStyle::Server), (Bytes{248, 5, 9, 10, 252, 0, 91, 0}));
  EXPECT_EQ(encode(n, EncodeStyle::WebClient), (Bytes{248, 1, 9}));
}

TEST(Encoder, List16For256Children) {
  std::vector<Node> kids(256, makeNode("message"));
  auto bytes = encode(makeParentNode("action", {}, kids), EncodeStyle::Plain);
  ASSERT_GE(bytes.size(), 6u);
  EXPECT_EQ((Bytes{bytes.begin(), bytes.begin() + 6}), (Bytes{248, 2, 9, 249, 1, 0}));
}

TEST(Encoder, EmptyChildrenListIsListEmpty) {
  EXPECT_EQ(encode(makeParentNode("action", {}, {}), EncodeStyle::Server), (Bytes{248, 2, 9, 0}));
}

TEST(Encoder, Binary20And32Boundaries) {
  auto b255 = encode(makeBytesNode("message", {}, std::string(255, 'a')), EncodeStyle::Server);
  EXPECT_EQ(b255[3], 252);
  auto b256 = encode(makeBytesNode("message", {}, std::string(256, 'a')), EncodeStyle::Server);
  EXPECT_EQ((Bytes{b256.begin() + 3, b256.begin() + 7}), (Bytes{253, 0, 1, 0}));
  auto b1m = encode(makeBytesNode("message", {}, std::string(1u << 20, 'a')), EncodeStyle::Server);
  EXPECT_EQ((Bytes{b1m.begin() + 3, b1m.begin() + 8}), (Bytes{254, 0, 0x10, 0, 0}));
  auto back = decodeNode(ByteView(b1m));
  WA_ASSERT_OK(back);
  EXPECT_EQ(back->data.size(), 1u << 20);
}

TEST(Encoder, LongDigitStringsStayBinary) {
  std::string digits(255, '7');
  auto b = encode(attrNode(digits), EncodeStyle::Server);
  EXPECT_EQ(b[4], 252);
  auto packed = encode(attrNode(std::string(254, '7')), EncodeStyle::Server);
  EXPECT_EQ(packed[4], 255);
  EXPECT_EQ(packed[5], 127);
}

TEST(Encoder, JidAdUserIsWrittenAsAJidPairAndDecodesBack) {
  Node n = makeNode("presence", {{"from", "4912.1:2@c.us"}});
  auto bytes = encodeNode(n, EncodeStyle::Server);
  WA_ASSERT_OK(bytes);
  auto back = decodeNode(asBytes(*bytes));
  WA_ASSERT_OK(back);
  EXPECT_EQ(*back, n);
}

TEST(EncoderErrors, EmptyDescription) {
  EXPECT_THAT(encodeNode(makeNode(""), EncodeStyle::Server), FailsWith(ErrorCode::Invalid, 0));
}

TEST(EncoderErrors, TooManyChildren) {
  std::vector<Node> kids(65536, makeNode("message"));
  EXPECT_THAT(encodeNode(makeParentNode("action", {}, kids), EncodeStyle::Server),
              FailsWith(ErrorCode::LimitExceeded, 3));
}

TEST(EncodeStyleNames, ParseAndPrint) {
  for (auto style : {EncodeStyle::Server, EncodeStyle::WebClient, EncodeStyle::Plain})
    EXPECT_EQ(parseEncodeStyle(toString(style)), style);
  EXPECT_FALSE(parseEncodeStyle("binary").has_value());
}

// A server frame written by hand from the rules of docs/protocol.md ("How the real server
// encodes"): <action add="last" count="3"><message t="158935643" id="3EB"/></action>. It must
// re-encode byte for byte.
TEST(Encoder, ServerFrameReencodesByteForByte) {
  const Bytes frame = {
      248, 6, 9, 10, 47,                                          // <action add="last"
      24, 255, 0x81, 0x3F,                                        //   count="3" (odd: pad 0xF)
      248, 1,                                                     // one child
      248, 5, 52, 87, 255, 0x85, 0x15, 0x89, 0x35, 0x64, 0x3F,   // <message t="158935643"
      39, 251, 0x82, 0x3E, 0xB0,                                  //   id="3EB" (odd hex: pad 0x0)
  };
  auto n = decodeNode(ByteView(frame));
  WA_ASSERT_OK(n);
  EXPECT_EQ(*n->attribute("count"), "3");
  EXPECT_EQ(*n->children[0].attribute("t"), "158935643");
  EXPECT_EQ(*n->children[0].attribute("id"), "3EB");
  auto again = encodeNode(*n, EncodeStyle::Server);
  WA_ASSERT_OK(again);
  EXPECT_EQ(Bytes(again->begin(), again->end()), frame);
}

}  // namespace
}  // namespace wa::codec
