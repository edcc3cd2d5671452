// Tests of format detection, format names and opening readers through detection.
#include "wa/capture/detect.h"

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"
#include "wa/capture/capture_reader.h"

namespace wa::capture {
namespace {

TEST(DetectCaptureFormat, MagicNumbers) {
  EXPECT_EQ(detectCaptureFormat(std::string("\xd4\xc3\xb2\xa1\x02\x00", 6)), CaptureFormat::Pcap);
  EXPECT_EQ(detectCaptureFormat(std::string("\xa1\xb2\xc3\xd4", 4)), CaptureFormat::Pcap);
  EXPECT_EQ(detectCaptureFormat(std::string("\x4d\x3c\xb2\xa1", 4)), CaptureFormat::Pcap);
  EXPECT_EQ(detectCaptureFormat(std::string("\x0a\x0d\x0d\x0a\x1c\x00\x00\x00", 8)), CaptureFormat::PcapNg);
}

TEST(DetectCaptureFormat, JsonShapes) {
  EXPECT_EQ(detectCaptureFormat("{\n  \"log\": {\n    \"version\": \"1.2\","), CaptureFormat::Har);
  EXPECT_EQ(detectCaptureFormat("\xEF\xBB\xBF{\"log\":{\"entries\":[]}}"), CaptureFormat::Har);
  EXPECT_EQ(detectCaptureFormat(R"({"log":{"entries":[{"_webSocketMessages":[{"type":"send")"), CaptureFormat::Har);
  EXPECT_EQ(detectCaptureFormat("{\"index\":{\"_index\":\"packets-2020-05-13\",\"_type\":\"doc\"}}\n{\"timestamp\":"),
            CaptureFormat::TsharkEk);
  EXPECT_EQ(detectCaptureFormat(R"({"timestamp":"1","layers":{"tcp_stream":["0"]}})"), CaptureFormat::TsharkEk);
  EXPECT_EQ(detectCaptureFormat(R"({"t":1.5,"dir":"send","conn":"0","op":1,"text":"?,,"})" "\n{\"t\""),
            CaptureFormat::CaptureJsonl);
  EXPECT_EQ(detectCaptureFormat(R"({"dir":"receive","b64":"AA=="})"), CaptureFormat::CaptureJsonl);
  EXPECT_EQ(detectCaptureFormat(R"({"something":"else"})"), CaptureFormat::Unknown);
  EXPECT_EQ(detectCaptureFormat(R"({"other":1, "log": 2)"), CaptureFormat::Unknown);
}

TEST(DetectCaptureFormat, Tnetstrings) {
  EXPECT_EQ(detectCaptureFormat("1234:9:websocket;0:~"), CaptureFormat::MitmFlow);
  EXPECT_EQ(detectCaptureFormat("55:7:version,2:17#"), CaptureFormat::MitmFlow);
  // Colon-separated hex looks like digits and ':' but its "key" does not end in ',' or ';'.
  EXPECT_EQ(detectCaptureFormat("31:32:33:34:35:36:37:38:39:30:31:32:33:34:35:36:37:38\n"), CaptureFormat::HexLines);
}

TEST(DetectCaptureFormat, Lines) {
  EXPECT_EQ(detectCaptureFormat("\n\n7331 2c5b\n"), CaptureFormat::HexLines);
  EXPECT_EQ(detectCaptureFormat("czEsW10=\n"), CaptureFormat::Base64Lines);
  EXPECT_EQ(detectCaptureFormat("czEs_w-\n"), CaptureFormat::Base64Lines);
  EXPECT_EQ(detectCaptureFormat("s1,[\"Conn\",{}]\n"), CaptureFormat::TextLines);
  EXPECT_EQ(detectCaptureFormat("?,,\n"), CaptureFormat::TextLines);
  EXPECT_EQ(detectCaptureFormat("!1589356438000"), CaptureFormat::TextLines);
  EXPECT_EQ(detectCaptureFormat("abc\n"), CaptureFormat::Base64Lines);  // odd digits: not hex
  EXPECT_EQ(detectCaptureFormat(""), CaptureFormat::Unknown);
  EXPECT_EQ(detectCaptureFormat(" \n\r\n"), CaptureFormat::Unknown);
}

TEST(CaptureFormatNames, RoundTripAndAliases) {
  for (auto f : {CaptureFormat::Har, CaptureFormat::MitmFlow, CaptureFormat::Pcap, CaptureFormat::PcapNg,
                 CaptureFormat::TsharkEk, CaptureFormat::CaptureJsonl, CaptureFormat::TextLines,
                 CaptureFormat::HexLines, CaptureFormat::Base64Lines}) {
    EXPECT_EQ(parseCaptureFormat(toString(f)), f) << toString(f);
  }
  EXPECT_EQ(parseCaptureFormat("b64line"), CaptureFormat::Base64Lines);
  EXPECT_EQ(parseCaptureFormat("auto"), CaptureFormat::Unknown);
  EXPECT_EQ(parseCaptureFormat("capture"), CaptureFormat::CaptureJsonl);
  EXPECT_FALSE(parseCaptureFormat("HAR"));
}

TEST(OpenCaptureReader, DetectsAndReplaysTheHead) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[{"type":"send","opcode":1,"data":"a,"}]}]}})";
  auto reader = openCaptureReader(std::make_unique<testing::TrickleSource>(har, 5));
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->format(), CaptureFormat::Har);
  auto records = testing::readAll(**reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload, "a,");

  std::string jsonl = R"({"t":1,"dir":"send","conn":"0","op":1,"text":"x,"})";
  auto j = openCaptureReader(makeMemorySource(jsonl));
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)->format(), CaptureFormat::CaptureJsonl);

  auto forced = openCaptureReader(makeMemorySource("czEsW10=\n"), CaptureFormat::TextLines);
  ASSERT_TRUE(forced);
  EXPECT_EQ(testing::readAll(**forced).at(0).payload, "czEsW10=");
}

TEST(OpenCaptureReader, Failures) {
  auto unknown = openCaptureReader(makeMemorySource(R"({"what":"ever"})"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::Unsupported);
  EXPECT_EQ(unknown.error().message, "cannot tell the capture format from the first bytes");

  // Not a byte of it: whitespace is an input.
  auto blank = openCaptureReader(makeMemorySource(" \n"));
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().code, ErrorCode::Unsupported);
}

// An input without a byte has no records, whatever its format (wadecode: "empty input: no
// records"); a format given does not lose the byte read to tell.
TEST(OpenCaptureReader, EmptyInputHasNoRecords) {
  for (CaptureFormat f : {CaptureFormat::Unknown, CaptureFormat::Har, CaptureFormat::Pcap, CaptureFormat::HexLines}) {
    auto empty = openCaptureReader(makeMemorySource(""), f);
    ASSERT_TRUE(empty) << toString(f);
    EXPECT_TRUE(testing::readAll(**empty).empty());
  }
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[{"type":"send","opcode":1,"data":"a,"}]}]}})";
  auto given = openCaptureReader(std::make_unique<testing::TrickleSource>(har, 1), CaptureFormat::Har);
  ASSERT_TRUE(given);
  EXPECT_EQ(testing::readAll(**given).at(0).payload, "a,");
}

TEST(DetectSource, KeepsEveryByte) {
  std::string text(100000, 'z');
  text += "\n";
  auto detected = detectSource(makeMemorySource(text));
  ASSERT_TRUE(detected);
  EXPECT_EQ(detected->format, CaptureFormat::Base64Lines);
  std::string back;
  char buf[4096];
  for (;;) {
    auto n = detected->source->read(buf);
    ASSERT_TRUE(n);
    if (*n == 0) break;
    back.append(buf, *n);
  }
  EXPECT_EQ(back, text);
}

}  // namespace
}  // namespace wa::capture
