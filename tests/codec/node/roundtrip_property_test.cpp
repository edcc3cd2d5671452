// Property tests: for generated trees, decode(encode(n)) == n and encode(decode(b)) == b per style.
#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"
#include "helpers/random_nodes.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/node/encoder.h"

namespace wa::codec {
namespace {

class RoundTrip : public ::testing::TestWithParam<EncodeStyle> {};

TEST_P(RoundTrip, DecodeOfEncodeIsIdentity) {
  testing::RandomNodeOptions options;
  options.style = GetParam();
  std::size_t nodes = 0, wide_lists = 0, long_strings = 0;
  for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
    testing::Rng rng(seed);
    Node n = testing::randomNode(rng, options);
    auto bytes = encodeNode(n, options.style);
    WA_ASSERT_OK(bytes);
    nodes += countNodes(n);
    for (std::size_t i = 0; i + 1 < bytes->size(); ++i) {
      wide_lists += static_cast<std::uint8_t>((*bytes)[i]) == 249 ? 1 : 0;  // LIST_16 (may be data too)
      long_strings += static_cast<std::uint8_t>((*bytes)[i]) == 253 ? 1 : 0;
    }
    auto back = decodeNode(asBytes(*bytes));
    WA_ASSERT_OK(back);
    ASSERT_EQ(*back, n) << "seed " << seed;
    // encode(decode(b)) == b for bytes this style wrote.
    auto again = encodeNode(*back, options.style);
    WA_ASSERT_OK(again);
    ASSERT_EQ(*again, *bytes) << "seed " << seed;
  }
  // The generator must reach the interesting encodings, or the property proves little.
  EXPECT_GT(nodes, 5000u);
  EXPECT_GT(wide_lists, 0u);
  EXPECT_GT(long_strings, 0u);
}

TEST_P(RoundTrip, DecodingAStreamIntoOneTreeEqualsDecodingEachAfresh) {
  // decodeNodeInto reuses storage and draws on a per-thread pool of spare nodes: whatever shape
  // came before, the tree must come out as a fresh decode would make it. Interleaved with a
  // second tree so that both give to and take from the same pool.
  testing::RandomNodeOptions options;
  options.style = GetParam();
  Node reused, other;
  for (std::uint64_t seed = 1; seed <= 800; ++seed) {
    testing::Rng rng(seed * 7919);
    Node n = testing::randomNode(rng, options);
    auto bytes = encodeNode(n, options.style);
    WA_ASSERT_OK(bytes);
    WA_ASSERT_OK(decodeNodeInto(asBytes(*bytes), seed % 3 == 0 ? other : reused));
    ASSERT_EQ(seed % 3 == 0 ? other : reused, n) << "seed " << seed;
  }
}

TEST_P(RoundTrip, EveryStyleDecodesToTheSameTreeForTokenOnlyNodes) {
  // Styles differ in packing only: a tree of tokens and raw bytes encodes the same in all of them.
  Node n = makeParentNode("action", {{"add", "last"}},
                          {makeBytesNode("message", {{"type", "chat"}}, std::string("\x0a\x00\xff", 3))});
  auto bytes = encodeNode(n, GetParam());
  WA_ASSERT_OK(bytes);
  auto plain = encodeNode(n, EncodeStyle::Plain);
  WA_ASSERT_OK(plain);
  EXPECT_EQ(*bytes, *plain);
}

INSTANTIATE_TEST_SUITE_P(Styles, RoundTrip,
                         ::testing::Values(EncodeStyle::Server, EncodeStyle::WebClient, EncodeStyle::Plain),
                         [](const ::testing::TestParamInfo<EncodeStyle>& param_info) {
                           return std::string(toString(param_info.param));
                         });

TEST(RoundTripCross, BytesOfAnyStyleDecodeToTheSameValues) {
  // Server-canonical trees written in another style still decode to the same strings (packing is
  // invisible to a reader), except that webclient drops empty attributes and Text content that a
  // style writes as BINARY comes back as Bytes.
  testing::RandomNodeOptions options;
  options.style = EncodeStyle::Plain;  // Text content only from tokens: identical in every style
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    testing::Rng rng(seed);
    Node n = testing::randomNode(rng, options);
    auto server = encodeNode(n, EncodeStyle::Server);
    WA_ASSERT_OK(server);
    auto back = decodeNode(asBytes(*server));
    WA_ASSERT_OK(back);
    ASSERT_EQ(*back, n) << "seed " << seed;
  }
}

}  // namespace
}  // namespace wa::codec
