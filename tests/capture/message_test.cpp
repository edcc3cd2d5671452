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

namespace wa::capture {
namespace {

// The queue hands messages out in order, with every field of the pushed message and none of an
// earlier one, and keeps the buffers the reader gave back for later pushes.
TEST(MessageQueue, InOrderFreshAndReusingBuffers) {
  MessageQueue q;
  CaptureMessage out;
  EXPECT_FALSE(q.pop(out));
  std::size_t next = 0, taken = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 7 + 1; ++i) {
      CaptureMessage& m = q.push();
      EXPECT_TRUE(m.payload.empty() && m.conn.empty() && !m.error && m.t == 0 && m.dir == Direction::Unknown);
      m.payload = std::string(100, static_cast<char>('a' + next % 26));
      m.conn = "192.0.2.10:51000-" + std::to_string(next);
      m.source_offset = next++;
      if (next % 5 == 0) m.error = Error{ErrorCode::Invalid, Stage::Capture, 1, "x"};
    }
    while (q.size() > static_cast<std::size_t>(round % 3)) {
      ASSERT_TRUE(q.pop(out));
      EXPECT_EQ(out.source_offset, taken);
      EXPECT_EQ(out.payload, std::string(100, static_cast<char>('a' + taken % 26)));
      EXPECT_EQ(out.error.has_value(), (taken + 1) % 5 == 0);
      ++taken;
    }
  }
  while (q.pop(out)) EXPECT_EQ(out.source_offset, taken++);
  EXPECT_EQ(taken, next);
  // The buffers go round: a pushed message has the capacity a popped one left.
  CaptureMessage& again = q.push();
  EXPECT_GE(again.payload.capacity(), 100u);
}

}  // namespace
}  // namespace wa::capture
