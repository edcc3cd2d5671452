// Tests for wareplay's pacing arithmetic (tools/wareplay/pacer.h); no clocks are read.
#include "wareplay/pacer.h"

#include <gtest/gtest.h>

namespace wa::wareplay {
namespace {

using std::chrono::milliseconds;

TEST(WareplayPacer, CompressGapsCapsAndOrders) {
  auto out = compressGaps({10.0, 10.5, 20.5, 20.0, 21.0}, 2.0);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_DOUBLE_EQ(out[0], 10.0);
  EXPECT_DOUBLE_EQ(out[1], 10.5);
  EXPECT_DOUBLE_EQ(out[2], 12.5);  // 10 s cut to 2
  EXPECT_DOUBLE_EQ(out[3], 12.5);  // out of order: no gap
  EXPECT_DOUBLE_EQ(out[4], 13.0);  // measured from the latest time seen (20.5)
  EXPECT_EQ(compressGaps({1.0, 5.0}, 0)[1], 5.0);
  EXPECT_TRUE(compressGaps({}, 1).empty());
}

TEST(WareplayPacer, ScalesGapsBySpeed) {
  Pacer pacer(2.0);
  TimePoint start{milliseconds(1000)};
  pacer.start(start, 100.0);
  EXPECT_EQ(pacer.due(100.0), start);
  EXPECT_EQ(pacer.due(101.0), start + milliseconds(500));
}

TEST(WareplayPacer, LateArrivalsMoveTheScheduleLater) {
  Pacer pacer(1.0);
  TimePoint start{milliseconds(0)};
  pacer.start(start, 0.0);
  pacer.noteArrival(1.0, start + milliseconds(3000));  // due at 1 s, came at 3 s
  EXPECT_EQ(pacer.due(2.0), start + milliseconds(4000));
  pacer.noteArrival(3.0, start + milliseconds(4500));  // early: no change
  EXPECT_EQ(pacer.due(3.0), start + milliseconds(5000));
}

TEST(WareplayPacer, AsapIsAlwaysDue) {
  Pacer pacer(0);
  pacer.start(TimePoint{milliseconds(5000)}, 0);
  EXPECT_TRUE(pacer.asap());
  EXPECT_EQ(pacer.due(1e9), TimePoint{});
}

}  // namespace
}  // namespace wa::wareplay
