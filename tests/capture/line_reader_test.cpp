// Tests of the one-frame-per-line reader: text, hex and base64 lines.
#include "wa/capture/line_reader.h"

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"

namespace wa::capture {
namespace {

using testing::readAll;

std::vector<CaptureMessage> readLines(std::string_view text, LineFormat format, Direction dir = Direction::Unknown,
                                      ReaderLimits limits = {}) {
  auto reader = makeLineReader(makeMemorySource(text), format, dir, limits);
  return readAll(*reader);
}

TEST(LineReader, TextLinesAsIs) {
  std::string text = "s1,[\"Conn\",{}]\r\n\n?,,\n!1589356438000";
  auto out = readLines(text, LineFormat::Text, Direction::Receive);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].payload, "s1,[\"Conn\",{}]");
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[0].dir, Direction::Receive);
  EXPECT_EQ(out[0].conn, "");
  EXPECT_EQ(out[0].t, 0);
  EXPECT_EQ(out[1].payload, "?,,");
  EXPECT_EQ(out[1].source_offset, text.find("?,,"));
  EXPECT_EQ(out[2].payload, "!1589356438000");
}

TEST(LineReader, HexLinesWithSeparatorsAndOpcodeFromContent) {
  auto out = readLines("73 31 2c 5b 5d\n  3f:2c:2C  \n7331,00ff\n733a2c80ff00\n", LineFormat::Hex);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].payload, "s1,[]");
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[1].payload, "?,,");
  EXPECT_EQ(out[1].op, Opcode::Text);
  ASSERT_TRUE(out[2].error);
  EXPECT_EQ(out[2].error->code, ErrorCode::Invalid);
  EXPECT_EQ(out[2].error->offset, 32u);  // the ','
  EXPECT_EQ(out[2].error->message, "expected a hex digit, found ','");
  EXPECT_EQ(out[3].payload, std::string("s:,\x80\xff\x00", 6));
  EXPECT_EQ(out[3].op, Opcode::Binary);
}

TEST(LineReader, Base64LinesStandardAndUrlSafe) {
  auto out = readLines("czEsW10=\nczEs_w\nP,,\n", LineFormat::Base64, Direction::Send);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].payload, "s1,[]");
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[0].dir, Direction::Send);
  EXPECT_EQ(out[1].payload, "s1,\xff");
  EXPECT_EQ(out[1].op, Opcode::Binary);
  ASSERT_TRUE(out[2].error);
  EXPECT_EQ(out[2].error->offset, 17u);
}

TEST(LineReader, LongLineIsALimitAndReadingGoesOn) {
  ReaderLimits limits;
  limits.max_message_bytes = 4;
  limits.chunk_bytes = 16;
  std::string text = std::string(100, 'a') + "\nabcd\n";
  auto out = readLines(text, LineFormat::Text, Direction::Unknown, limits);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(out[0].error->message, "line longer than the limit of 72 bytes");
  EXPECT_EQ(out[1].payload, "abcd");
}

TEST(LineReader, FormatReported) {
  EXPECT_EQ(makeLineReader(makeMemorySource(""), LineFormat::Hex)->format(), CaptureFormat::HexLines);
  EXPECT_EQ(makeLineReader(makeMemorySource(""), LineFormat::Base64)->format(), CaptureFormat::Base64Lines);
  EXPECT_TRUE(readLines("", LineFormat::Text).empty());
}

}  // namespace
}  // namespace wa::capture
