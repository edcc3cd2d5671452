// Tests for wareplay's tag rewriting (tools/wareplay/tag_map.h).
#include "wareplay/tag_map.h"

#include <gtest/gtest.h>

namespace wa::wareplay {
namespace {

TEST(WareplayTagMap, ShiftsLongTimestampTags) {
  EXPECT_EQ(shiftTimestampTag("1589356438.--12", 100), "1589356538.--12");
  EXPECT_EQ(shiftTimestampTag("1589356438.--0", 0), "1589356438.--0");
}

TEST(WareplayTagMap, ShiftsShortTagsModulo1000) {
  EXPECT_EQ(shiftTimestampTag("438.--3", 600), "38.--3");
  EXPECT_EQ(shiftTimestampTag("5.--1", -10), "995.--1");
}

TEST(WareplayTagMap, KeepsTagsWithoutTime) {
  for (const char* tag : {"3EB0C1D2E3F4A5B6", "goodbye", "s1", ".--1", "12a.--1", "123.--", "preempt-1589356438-1"})
    EXPECT_EQ(shiftTimestampTag(tag, 1000), tag) << tag;
}

TEST(WareplayTagMap, BindsBothWays) {
  TagMap map;
  map.bind("1.--1", "9.--1");
  EXPECT_EQ(map.live("1.--1"), "9.--1");
  EXPECT_EQ(map.recorded("9.--1"), "1.--1");
  EXPECT_EQ(map.live("9.--1"), std::nullopt);
  // Rebinding either side drops the old pair.
  map.bind("1.--1", "8.--1");
  EXPECT_EQ(map.recorded("9.--1"), std::nullopt);
  EXPECT_EQ(map.recorded("8.--1"), "1.--1");
  map.bind("2.--2", "8.--1");
  EXPECT_EQ(map.live("1.--1"), std::nullopt);
  EXPECT_EQ(map.size(), 1u);
}

TEST(WareplayTagMap, LiveForIsConsistent) {
  TagMap map;
  auto first = map.liveFor("1589356438.--4", 10);
  EXPECT_EQ(first, "1589356448.--4");
  EXPECT_EQ(map.liveFor("1589356438.--4", 999), first);
  EXPECT_EQ(map.recorded(first), "1589356438.--4");
}

TEST(WareplayTagMap, ReplacesTheTag) {
  EXPECT_EQ(replaceTag("old,{\"a\":1}", "new"), "new,{\"a\":1}");
  EXPECT_EQ(replaceTag("old,,[1]", "n"), "n,,[1]");
  EXPECT_EQ(replaceTag("!12345", "x"), "!12345");
}

}  // namespace
}  // namespace wa::wareplay
