// Unit tests of the token dictionary and its reverse lookup.
#include "wa/codec/node/tokens.h"

#include <gtest/gtest.h>

namespace wa::codec {
namespace {

TEST(Tokens, DictionaryShape) {
  EXPECT_EQ(kSingleByteTokens.size(), 176u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(kSingleByteTokens[i].empty());
  EXPECT_EQ(kSingleByteTokens[3], "200");
  EXPECT_EQ(kSingleByteTokens[9], "action");
  EXPECT_EQ(kSingleByteTokens[80], "s.whatsapp.net");
  EXPECT_EQ(kSingleByteTokens[150], "disable");  // last of the 151-entry dictionary
  EXPECT_EQ(kSingleByteTokens[151], "vname");    // first of the 162-entry additions
  EXPECT_EQ(kSingleByteTokens[161], "call-id");  // last of the 162-entry dictionary
  EXPECT_EQ(kSingleByteTokens[162], "quick_reply");
  EXPECT_EQ(kSingleByteTokens[175], "recent");
}

TEST(Tokens, EveryTokenMapsBackToItsIndex) {
  for (std::size_t i = 3; i < kSingleByteTokenCount; ++i) {
    if (i == kTokenUserServer) continue;
    auto index = tokenIndex(kSingleByteTokens[i]);
    ASSERT_TRUE(index.has_value()) << kSingleByteTokens[i];
    EXPECT_EQ(*index, i) << kSingleByteTokens[i];
  }
}

TEST(Tokens, UserServerAlias) {
  EXPECT_EQ(tokenString(80), "c.us");
  EXPECT_EQ(tokenIndex("c.us"), 80);
  EXPECT_FALSE(tokenIndex("s.whatsapp.net").has_value());
}

TEST(Tokens, MissesAndBounds) {
  EXPECT_FALSE(tokenIndex("").has_value());
  EXPECT_FALSE(tokenIndex("actio").has_value());
  EXPECT_FALSE(tokenIndex("actions").has_value());
  EXPECT_FALSE(tokenIndex(std::string(100, 'a')).has_value());
  EXPECT_FALSE(tokenString(0).has_value());
  EXPECT_FALSE(tokenString(2).has_value());
  EXPECT_FALSE(tokenString(176).has_value());
  EXPECT_FALSE(tokenString(255).has_value());
}

}  // namespace
}  // namespace wa::codec
