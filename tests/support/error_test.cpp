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

TEST(ByteReader, NothingIsReadAfterAFailureAndNothingMoves) {
  const std::uint8_t data[] = {0x10, 0x20, 0x30, 0x40};
  ByteReader<TestStage> r(ByteView(data), TestStage::First);
  EXPECT_EQ(r.u8(), 0x10);
  EXPECT_FALSE(r.fail(ErrorCode::Invalid, 0, "bad first byte"));  // at an earlier offset
  EXPECT_EQ(r.u8(), 0);                                           // the bytes are there, but not read
  EXPECT_EQ(r.u16be(), 0);
  EXPECT_EQ(r.u32be(), 0u);
  EXPECT_TRUE(r.bytes(2).empty());
  EXPECT_FALSE(r.need(1, "more"));
  EXPECT_TRUE(r.need(0, "nothing"));  // nothing to read, nothing moves
  EXPECT_EQ(r.offset(), 1u);
  EXPECT_EQ(r.remaining(), 3u);
  EXPECT_FALSE(r.atEnd());
  EXPECT_EQ(r.error()->message, "bad first byte");
  EXPECT_EQ(r.error()->offset, 0u);
}

TEST(ByteReader, NeedNamesWhatWasExpected) {
  const std::uint8_t data[] = {0x01, 0x02};
  ByteReader<TestStage> r(ByteView(data), TestStage::Second, 10);
  EXPECT_TRUE(r.need(2, "two bytes"));
  EXPECT_EQ(r.offset(), 0u);  // need() does not read
  EXPECT_FALSE(r.need(3, "the LIST_16 size"));
  EXPECT_EQ(r.error()->code, ErrorCode::Truncated);
  EXPECT_EQ(r.error()->offset, 10u);
  EXPECT_EQ(r.error()->message, "expected the LIST_16 size (3 bytes), found 2 left");
  EXPECT_EQ(r.takeError()->message, "expected the LIST_16 size (3 bytes), found 2 left");
  EXPECT_FALSE(r.ok());  // taking the error does not undo the failure
}

TEST(ByteReader, ReadSinceIsTheRunJustRead) {
  const std::uint8_t data[] = {0xf8, 0x02, 0x09, 0xfc, 0x01, 0x41};
  ByteReader<TestStage> r(ByteView(data), TestStage::First);
  EXPECT_EQ(r.u8(), 0xf8);
  EXPECT_EQ(r.u8(), 0x02);
  const std::size_t at = r.offset();
  r.skip(2);
  EXPECT_EQ(r.bytes(2).size(), 2u);
  const ByteView run = r.readSince(at);
  ASSERT_EQ(run.size(), 4u);
  EXPECT_EQ(run.data(), data + 2);
  EXPECT_TRUE(r.readSince(r.offset()).empty());
  EXPECT_EQ(r.readSince(0).size(), sizeof data);
  EXPECT_EQ(r.at(3), 0xfc);
}

TEST(ByteReader, AnEmptyView) {
  ByteReader<TestStage> r(ByteView(), TestStage::First);
  EXPECT_TRUE(r.atEnd());
  EXPECT_TRUE(r.bytes(0).empty());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.peek(), std::nullopt);
  EXPECT_EQ(r.u8("a node list tag"), 0);
  EXPECT_EQ(r.error()->message, "expected a node list tag (1 byte), found 0 left");
}

}  // namespace
}  // namespace wa::support
