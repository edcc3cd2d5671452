// Unit tests of the node decoder: one per tag and one per error.
#include "wa/codec/node/decoder.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"

namespace wa::codec {
namespace {

using Bytes = std::vector<std::uint8_t>;

Expected<Node> decode(const Bytes& b, DecodeLimits limits = {}) { return decodeNode(ByteView(b), limits); }

// Tokens used below: 9 "action", 10 "add", 17 "body", 34 "from", 35 "g.us", 39 "id", 47 "last",
// 52 "message", 65 "presence", 80 "s.whatsapp.net", 87 "t", 91 "type".

TEST(Decoder, NodeWithoutAttributesOrContent) {
  auto n = decode({248, 1, 9});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->description, "action");
  EXPECT_TRUE(n->attributes.empty());
  EXPECT_EQ(n->content, ContentKind::None);
}

TEST(Decoder, AttributeCountRuleForOddAndEvenSizes) {
  // n = 3: one attribute, no content.
  auto a = decode({248, 3, 9, 10, 47});
  WA_ASSERT_OK(a);
  ASSERT_EQ(a->attributes.size(), 1u);
  EXPECT_EQ(a->attributes[0], (Attribute{"add", "last"}));
  EXPECT_EQ(a->content, ContentKind::None);
  // n = 4: one attribute and content.
  auto b = decode({248, 4, 9, 10, 47, 0});
  WA_ASSERT_OK(b);
  EXPECT_EQ(b->attributes.size(), 1u);
  EXPECT_EQ(b->content, ContentKind::Children);
  EXPECT_TRUE(b->children.empty());
  // n = 2: no attributes, content.
  auto c = decode({248, 2, 9, 252, 2, 'h', 'i'});
  WA_ASSERT_OK(c);
  EXPECT_TRUE(c->attributes.empty());
  EXPECT_EQ(c->content, ContentKind::Bytes);
  EXPECT_EQ(c->data, "hi");
}

TEST(Decoder, List16Children) {
  Bytes b = {248, 2, 9, 249, 0x01, 0x2C};  // 300 children
  for (int i = 0; i < 300; ++i) b.insert(b.end(), {248, 1, 52});
  auto n = decode(b);
  WA_ASSERT_OK(n);
  ASSERT_EQ(n->children.size(), 300u);
  EXPECT_EQ(n->children[299].description, "message");
}

TEST(Decoder, TokenEightyReadsAsCUs) {
  auto n = decode({248, 3, 9, 34, 80});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "c.us");
}

TEST(Decoder, LastTokensOfTheDictionary) {
  auto n = decode({248, 3, 9, 175, 161});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].key, "recent");
  EXPECT_EQ(n->attributes[0].value, "call-id");
}

TEST(Decoder, NullAttributeValueFromListEmpty) {
  auto n = decode({248, 3, 9, 10, 0});
  WA_ASSERT_OK(n);
  EXPECT_FALSE(n->attributes[0].value.has_value());
}

TEST(Decoder, JidPair) {
  // 491234567890@c.us with the user as NIBBLE_8 (6 bytes, even).
  auto n = decode({248, 3, 65, 34, 250, 255, 6, 0x49, 0x12, 0x34, 0x56, 0x78, 0x90, 80});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "491234567890@c.us");
}

TEST(Decoder, JidPairWithEmptyUserGivesTheServerAlone) {
  auto n = decode({248, 3, 65, 34, 250, 0, 35});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "g.us");
}

TEST(Decoder, JidAd) {
  // agent 1, device 2, user "4912" as NIBBLE_8.
  auto n = decode({248, 3, 65, 34, 247, 1, 2, 255, 2, 0x49, 0x12});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "4912.1:2@c.us");
  auto plain = decode({248, 3, 65, 34, 247, 0, 0, 255, 2, 0x49, 0x12});
  WA_ASSERT_OK(plain);
  EXPECT_EQ(plain->attributes[0].value, "4912@c.us");
}

TEST(Decoder, Nibble8OddLengthDropsThePad) {
  auto n = decode({248, 3, 9, 87, 255, 0x82, 0x15, 0x8F});  // "158"
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "158");
  auto dash_dot = decode({248, 3, 9, 87, 255, 2, 0x1A, 0xB2});
  WA_ASSERT_OK(dash_dot);
  EXPECT_EQ(dash_dot->attributes[0].value, "1-.2");
}

TEST(Decoder, Nibble8RejectsValuesTwelveToFourteen) {
  for (std::uint8_t bad : {std::uint8_t{0x1C}, std::uint8_t{0xD1}, std::uint8_t{0x1E}}) {
    EXPECT_THAT(decode({248, 3, 9, 87, 255, 1, bad}), FailsWith(ErrorCode::Invalid, 6)) << int(bad);
  }
  EXPECT_THAT(decode({248, 3, 9, 87, 255, 1, 0x1C}),
              FailsWithMessage(ErrorCode::Invalid, 6, "nibble value 12 is not a digit, '-', '.' or padding"));
}

TEST(Decoder, Hex8EvenAndOdd) {
  auto even = decode({248, 3, 9, 39, 251, 2, 0x3E, 0xB0});
  WA_ASSERT_OK(even);
  EXPECT_EQ(even->attributes[0].value, "3EB0");
  auto odd = decode({248, 3, 9, 39, 251, 0x82, 0x3E, 0xB0});
  WA_ASSERT_OK(odd);
  EXPECT_EQ(odd->attributes[0].value, "3EB");
}

TEST(Decoder, OddFlagOnEmptyPackedStringIsInvalid) {
  EXPECT_THAT(decode({248, 3, 9, 87, 255, 0x80}), FailsWith(ErrorCode::Invalid, 5));
}

TEST(Decoder, Binary8And20And32Content) {
  auto b8 = decode({248, 2, 52, 252, 3, 1, 2, 3});
  WA_ASSERT_OK(b8);
  EXPECT_EQ(b8->data, std::string("\x01\x02\x03", 3));

  Bytes b20 = {248, 2, 52, 253, 0x00, 0x01, 0x00};
  b20.resize(b20.size() + 256, 'x');
  auto n20 = decode(b20);
  WA_ASSERT_OK(n20);
  EXPECT_EQ(n20->data.size(), 256u);

  Bytes b32 = {248, 2, 52, 254, 0x00, 0x10, 0x00, 0x01};
  b32.resize(b32.size() + 0x100001, 'y');
  auto n32 = decode(b32);
  WA_ASSERT_OK(n32);
  EXPECT_EQ(n32->data.size(), 0x100001u);
}

TEST(Decoder, Int20IgnoresTheHighNibble) {
  Bytes b = {248, 2, 52, 253, 0xF0, 0x00, 0x02, 'a', 'b'};
  auto n = decode(b);
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->data, "ab");
}

TEST(Decoder, TextContentFromAToken) {
  auto n = decode({248, 2, 17, 91});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->content, ContentKind::Text);
  EXPECT_EQ(n->data, "type");
}

TEST(Decoder, EmptyStringAttributeValue) {
  auto n = decode({248, 3, 9, 10, 252, 0});
  WA_ASSERT_OK(n);
  EXPECT_EQ(n->attributes[0].value, "");
}

// ---- errors ----

TEST(DecoderErrors, EmptyInputIsTruncated) {
  EXPECT_THAT(decode({}), FailsWithMessage(ErrorCode::Truncated, 0,
                                            "expected a node list tag (1 byte), found 0 left"));
}

TEST(DecoderErrors, NotAListTag) {
  EXPECT_THAT(decode({7, 1, 9}),
              FailsWithMessage(ErrorCode::Invalid, 0, "expected a list tag for a node, found token (0x07)"));
}

TEST(DecoderErrors, ListSizeZero) {
  EXPECT_THAT(decode({248, 0}), FailsWithMessage(ErrorCode::Invalid, 0, "node list size 0 is invalid"));
  EXPECT_THAT(decode({0}), FailsWith(ErrorCode::Invalid, 0));
}

TEST(DecoderErrors, StreamEndAsDescription) {
  EXPECT_THAT(decode({248, 1, 2}), FailsWithMessage(ErrorCode::Invalid, 2,
                                                     "expected a node description, found STREAM_END (2)"));
}

TEST(DecoderErrors, EmptyDescription) {
  EXPECT_THAT(decode({248, 1, 252, 0}), FailsWith(ErrorCode::Invalid, 2));
  EXPECT_THAT(decode({248, 1, 0}), FailsWith(ErrorCode::Invalid, 2));
}

TEST(DecoderErrors, UnknownToken) {
  EXPECT_THAT(decode({248, 1, 200}),
              FailsWithMessage(ErrorCode::Invalid, 2, "token index 200 is not in the 176-entry dictionary"));
  EXPECT_THAT(decode({248, 1, 1}), FailsWith(ErrorCode::Invalid, 2));
}

TEST(DecoderErrors, DoubleByteDictionaryNamesTheIndex) {
  EXPECT_THAT(decode({248, 1, 237, 5}),
              FailsWithMessage(ErrorCode::Unsupported, 2,
                               "double-byte token 5 of DICTIONARY_1 (index 261): no double-byte dictionary is known"));
  EXPECT_THAT(decode({248, 1, 236}), FailsWith(ErrorCode::Truncated, 3));
}

TEST(DecoderErrors, UnassignedTags) {
  for (std::uint8_t tag : {std::uint8_t{240}, std::uint8_t{241}, std::uint8_t{246}}) EXPECT_THAT(decode({248, 1, tag}), FailsWith(ErrorCode::Invalid, 2));
  EXPECT_THAT(decode({248, 3, 9, 10, 248, 1, 9}), FailsWith(ErrorCode::Invalid, 4));
}

TEST(DecoderErrors, LengthLargerThanWhatIsLeft) {
  EXPECT_THAT(decode({248, 2, 52, 252, 10, 1, 2}),
              FailsWithMessage(ErrorCode::Truncated, 5, "expected content bytes (10 bytes), found 2 left"));
  EXPECT_THAT(decode({248, 2, 52, 254, 0xFF, 0xFF, 0xFF, 0xFF, 1}), FailsWith(ErrorCode::Truncated, 8));
  EXPECT_THAT(decode({248, 3, 9, 87, 255, 5, 1}), FailsWith(ErrorCode::Truncated, 6));
}

TEST(DecoderErrors, ClaimedChildrenBeyondInputFailBeforeAllocating) {
  EXPECT_THAT(decode({248, 2, 9, 249, 0xFF, 0xFF, 248, 1, 9}), FailsWith(ErrorCode::Truncated, 6));
}

TEST(DecoderErrors, ClaimedAttributesBeyondInput) {
  EXPECT_THAT(decode({248, 201, 9, 10}), FailsWith(ErrorCode::Truncated, 3));
}

TEST(DecoderErrors, TruncatedInsideEveryLengthField) {
  EXPECT_THAT(decode({248}), FailsWith(ErrorCode::Truncated, 1));
  EXPECT_THAT(decode({249, 0}), FailsWith(ErrorCode::Truncated, 1));
  EXPECT_THAT(decode({248, 2, 52, 253, 0}), FailsWith(ErrorCode::Truncated, 4));
  EXPECT_THAT(decode({248, 2, 52, 254, 0, 0}), FailsWith(ErrorCode::Truncated, 4));
  EXPECT_THAT(decode({248, 2, 52}), FailsWith(ErrorCode::Truncated, 3));
}

TEST(DecoderErrors, TrailingBytes) {
  EXPECT_THAT(decode({248, 1, 9, 0xAA, 0xBB}),
              FailsWithMessage(ErrorCode::Invalid, 3, "expected the end of the node, found 2 trailing bytes"));
}

TEST(DecoderErrors, NestingDeeperThanTheLimit) {
  Bytes b;
  for (int i = 0; i < 10; ++i) b.insert(b.end(), {248, 2, 9, 248, 1});
  b.insert(b.end(), {248, 1, 9});
  // 11 levels of nodes
  EXPECT_THAT(decode(b, DecodeLimits{.max_depth = 10}), FailsWith(ErrorCode::LimitExceeded, 50));
  WA_EXPECT_OK(decode(b, DecodeLimits{.max_depth = 11}));
}

TEST(DecoderErrors, NodeCountLimit) {
  Bytes b = {248, 2, 9, 248, 3};
  for (int i = 0; i < 3; ++i) b.insert(b.end(), {248, 1, 52});
  EXPECT_THAT(decode(b, DecodeLimits{.max_nodes = 3}), FailsWith(ErrorCode::LimitExceeded, 11));
}

TEST(DecoderErrors, JidPairWithNullServer) {
  EXPECT_THAT(decode({248, 3, 65, 34, 250, 35, 0}), FailsWith(ErrorCode::Invalid, 6));
}

TEST(DecoderErrors, NullAttributeKey) {
  EXPECT_THAT(decode({248, 3, 9, 0, 10}), FailsWith(ErrorCode::Invalid, 3));
}

}  // namespace
}  // namespace wa::codec

namespace wa::codec {
namespace {

TEST(DecoderErrors, JidInsideAJidIsRefusedSoNestingCannotRecurse) {
  std::vector<std::uint8_t> b = {248, 3, 65, 34};
  for (int i = 0; i < 100000; ++i) b.push_back(250);
  EXPECT_THAT(decodeNode(ByteView(b)), FailsWith(ErrorCode::Invalid, 5));
  EXPECT_THAT(decodeNode(ByteView(std::vector<std::uint8_t>{248, 3, 65, 34, 250, 247, 0, 0, 3, 80})),
              FailsWithMessage(ErrorCode::Invalid, 5, "expected a JID user, found a JID inside a JID"));
}

TEST(DecodeInto, ReusesAndResetsEveryField) {
  Node node;
  std::vector<std::uint8_t> big = {248, 4, 9, 10, 47, 248, 2, 248, 2, 52, 252, 1, 'x', 248, 1, 52};
  ASSERT_TRUE(decodeNodeInto(ByteView(big), node).has_value());
  ASSERT_EQ(node.children.size(), 2u);
  std::vector<std::uint8_t> small = {248, 3, 65, 34, 0};
  ASSERT_TRUE(decodeNodeInto(ByteView(small), node).has_value());
  auto fresh = decodeNode(ByteView(small));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(node, *fresh);
  ASSERT_TRUE(decodeNodeInto(ByteView(big), node).has_value());
  EXPECT_EQ(node, *decodeNode(ByteView(big)));
}

}  // namespace
}  // namespace wa::codec
