// The one error type and the cursor: descriptions, sticky failures, offsets, limits.
#include "wa/support/byte_reader.h"
#include "wa/support/error.h"

#include <gtest/gtest.h>

namespace wa::support {
namespace {

enum class TestStage : std::uint8_t { First, Second };
std::string_view toString(TestStage s) noexcept { return s == TestStage::First ? "first" : "second"; }

TEST(Error, DescribesStageOffsetAndMessage) {
  const BasicError<TestStage> e{ErrorCode::Truncated, TestStage::Second, 26, "expected more"};
  EXPECT_EQ(describe(e), "second at offset 0x1a (26): expected more");
  EXPECT_EQ(toString(ErrorCode::AuthenticationFailed), "authentication failed");
  EXPECT_EQ(toString(ErrorCode::Invalid), "invalid");
}

TEST(Error, MakeErrorBuildsTheUnexpectedOfTheStagesLibrary) {
  const Expected<int, TestStage> r = makeError(ErrorCode::Io, TestStage::First, 7, "short read");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), (BasicError<TestStage>{ErrorCode::Io, TestStage::First, 7, "short read"}));
}

TEST(ByteReader, ReadsBigEndianAndKeepsTheFirstFailure) {
  const std::uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader<TestStage> r(ByteView(data), TestStage::First, 100);
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.u16be(), 0x0203);
  EXPECT_EQ(r.u32be("a length"), 0x04050607u);
  EXPECT_TRUE(r.atEnd());
  EXPECT_EQ(r.u8("the tag"), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()->code, ErrorCode::Truncated);
  EXPECT_EQ(r.error()->offset, 107u);
  EXPECT_EQ(r.error()->message, "expected the tag (1 byte), found 0 left");
  EXPECT_TRUE(r.bytes(1).empty());  // sticky: nothing more is read
  EXPECT_EQ(r.error()->message, "expected the tag (1 byte), found 0 left");
}

TEST(ByteReader, HugeLengthsDoNotOverflow) {
  const std::uint8_t data[] = {0xaa, 0xbb};
  ByteReader<TestStage> r(ByteView(data), TestStage::First);
  r.skip(1);
  EXPECT_TRUE(r.bytes(SIZE_MAX, "content").empty());
  EXPECT_EQ(r.error()->offset, 1u);
  EXPECT_EQ(r.offset(), 1u);
}

TEST(ByteReader, FailAtAnEarlierOffset) {
  const std::uint8_t data[] = {0x00, 0x01, 0x02};
  ByteReader<TestStage> r(ByteView(data), TestStage::Second);
  r.skip(3);
  EXPECT_FALSE(r.fail(ErrorCode::Invalid, 1, "bad tag"));
  EXPECT_EQ(r.error()->offset, 1u);
  EXPECT_EQ(r.error()->stage, TestStage::Second);
  r.fail(ErrorCode::LimitExceeded, "later");
  EXPECT_EQ(r.error()->message, "bad tag");
  EXPECT_EQ(r.peek(), std::nullopt);
}

}  // namespace
}  // namespace wa::support
