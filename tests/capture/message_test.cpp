// The frame of a captured message: its opcode and direction, and when the frame rules decide.
#include "wa/capture/message.h"

#include <gtest/gtest.h>

namespace wa::capture {
namespace {

using codec::splitFrame;

using codec::FrameKind;

TEST(SplitFrame, FromCaptureMessage) {
  CaptureMessage m;
  m.op = Opcode::Text;
  m.dir = Direction::Send;
  m.payload = R"(1.--1,["query","exist","1234@c.us"])";
  auto f = splitFrame(m);
  EXPECT_EQ(f.kind, FrameKind::Json);
  EXPECT_EQ(f.dir, Direction::Send);
  EXPECT_FALSE(f.dir_inferred);

  m.dir_inferred = true;  // an inferred direction lets the frame rules decide again
  m.dir = Direction::Receive;
  auto g = splitFrame(m);
  EXPECT_EQ(g.dir, Direction::Send);
  EXPECT_TRUE(g.dir_inferred);

  m.payload = "x,[]";  // no rule decides: the capture's inferred direction stays
  auto h = splitFrame(m);
  EXPECT_EQ(h.dir, Direction::Receive);
  EXPECT_TRUE(h.dir_inferred);
}

}  // namespace
}  // namespace wa::capture
