// Enum names from one table, both ways.
#include "wa/support/enum_names.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace wa::support {
namespace {

enum class Colour : std::uint8_t { Red, Green };
constexpr std::array<std::string_view, 2> kNames = {"red", "green"};

TEST(EnumNames, GoBothWays) {
  EXPECT_EQ(enumName(Colour::Green, kNames), "green");
  EXPECT_EQ(enumName(static_cast<Colour>(2), kNames), "unknown");
  EXPECT_EQ(enumNamed<Colour>("red", kNames), Colour::Red);
  EXPECT_EQ(enumNamed<Colour>("blue", kNames), std::nullopt);
}

}  // namespace
}  // namespace wa::support
