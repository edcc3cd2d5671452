// appendUninitialized: grows like append, keeps what the string held, and leaves the new bytes
// unwritten.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "wa/support/string_growth.h"

namespace wa::support {
namespace {

TEST(StringGrowth, KeepsTheContentsAndReturnsTheNewBytes) {
  std::string s = "head";
  char* p = appendUninitialized(s, 5);
  ASSERT_EQ(s.size(), 9u);
  EXPECT_EQ(p, s.data() + 4);
  std::memcpy(p, "-tail", 5);
  EXPECT_EQ(s, "head-tail");
  EXPECT_EQ(s.c_str()[9], '\0');  // still terminated
  EXPECT_EQ(appendUninitialized(s, 0), s.data() + 9);
  EXPECT_EQ(s, "head-tail");
}

TEST(StringGrowth, GrowsGeometricallyAcrossManySmallAppends) {
  // Each growth past the capacity reallocates; the size is the one asked for, not the capacity
  // (GCC 12.2's resize_and_overwrite hands the callable the capacity: the bug this guards).
  std::string s;
  std::size_t reallocations = 0;
  const char* block = s.data();
  for (int i = 0; i < 100000; ++i) {
    *appendUninitialized(s, 1) = static_cast<char>('a' + i % 26);
    if (s.data() != block) ++reallocations, block = s.data();
  }
  ASSERT_EQ(s.size(), 100000u);
  for (std::size_t i = 0; i < s.size(); ++i) ASSERT_EQ(s[i], static_cast<char>('a' + i % 26)) << i;
  EXPECT_LT(reallocations, 30u);  // doubling: about log2(100000) = 17
}

TEST(StringGrowth, DoesNotWriteTheNewBytesFirst) {
  // The point of the function: within the capacity, bytes that were there before stay until the
  // caller writes them (resize() would have zero-filled them).
  std::string s(64, 'x');
  s.resize(8);  // writes its terminator at [8]
  const char* p = appendUninitialized(s, 32);
  EXPECT_EQ(std::string(p + 1, 31), std::string(31, 'x'));
  EXPECT_EQ(s.size(), 40u);
  EXPECT_EQ(s.c_str()[40], '\0');
}

}  // namespace
}  // namespace wa::support
