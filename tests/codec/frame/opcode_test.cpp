// Opcodes from the numbers captures give, and direction names.
#include "wa/codec/frame/opcode.h"

#include <gtest/gtest.h>

namespace wa::codec {
namespace {

TEST(Opcode, FromTheNumbersOfRfc6455Only) {
  EXPECT_EQ(opcodeFromValue(0), Opcode::Continuation);
  EXPECT_EQ(opcodeFromValue(1), Opcode::Text);
  EXPECT_EQ(opcodeFromValue(2), Opcode::Binary);
  EXPECT_EQ(opcodeFromValue(8), Opcode::Close);
  EXPECT_EQ(opcodeFromValue(9), Opcode::Ping);
  EXPECT_EQ(opcodeFromValue(10), Opcode::Pong);
  for (std::int64_t n : {-1, 3, 7, 11, 256, 258})
    EXPECT_EQ(opcodeFromValue(n), std::nullopt) << n;
}

TEST(Direction, Names) {
  EXPECT_EQ(toString(Direction::Send), "send");
  EXPECT_EQ(toString(Direction::Receive), "receive");
  EXPECT_EQ(toString(Direction::Unknown), "unknown");
}

}  // namespace
}  // namespace wa::codec
