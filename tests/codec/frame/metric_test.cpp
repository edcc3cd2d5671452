// Tests of the metric and flag names of client binary frames.
#include "wa/codec/frame/metric.h"

#include <gtest/gtest.h>

namespace wa::codec {
namespace {

TEST(MetricName, KnownAndUnknown) {
  EXPECT_EQ(metricName(1), "DEBUG_LOG");
  EXPECT_EQ(metricName(3), "QUERY_RECEIPT");
  EXPECT_EQ(metricName(8), "PRESENCE");
  EXPECT_EQ(metricName(16), "MESSAGE");
  EXPECT_EQ(metricName(22), "QUERY_MESSAGE_INFO");
  EXPECT_EQ(metricName(28), "CONTACT");
  EXPECT_EQ(metricName(29), "QUERY_VCARD");
  EXPECT_EQ(metricName(34), "LIVE_LOCATION");
  EXPECT_EQ(metricName(44), "ADD_OR_REMOVE_LABELS");
  EXPECT_EQ(metricName(48), "EDIT_LABELS");
  EXPECT_EQ(metricName(0), "");
  EXPECT_EQ(metricName(49), "");
  EXPECT_EQ(metricName(255), "");
  for (int m = 1; m <= 48; ++m) EXPECT_FALSE(metricName(static_cast<std::uint8_t>(m)).empty()) << m;
}

TEST(FlagNames, Bits) {
  EXPECT_EQ(describeFlags(0x80), "NOT_IGNORED");
  EXPECT_EQ(describeFlags(0xC0), "NOT_IGNORED|ACK_REQUEST");
  EXPECT_EQ(describeFlags(0x3C), "AVAILABLE|NOT_AVAILABLE|EXPIRES|SKIP_OFFLINE");
  EXPECT_EQ(describeFlags(0x03), "BIT1|BIT0");
  EXPECT_EQ(describeFlags(0), "0");
  EXPECT_EQ(flagNames(0xFF).size(), 8u);
}

}  // namespace
}  // namespace wa::codec
