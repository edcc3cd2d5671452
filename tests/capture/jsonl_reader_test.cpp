// Tests of the capture JSONL reader and writer: round trips, tolerated oddities, bad lines.
#include "wa/capture/jsonl_reader.h"

#include <sstream>

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"
#include "wa/capture/jsonl_writer.h"

namespace wa::capture {
namespace {

using testing::readAll;
using testing::sameRecords;
using testing::tinyChunks;

std::vector<CaptureMessage> readJsonl(std::string_view text, ReaderLimits limits = {}, std::size_t trickle = 0) {
  return readAll(makeJsonlReader, text, limits, trickle);
}

CaptureMessage msg(double t, Direction dir, std::string conn, Opcode op, std::string payload) {
  CaptureMessage m;
  m.t = t;
  m.dir = dir;
  m.conn = std::move(conn);
  m.op = op;
  m.payload = std::move(payload);
  return m;
}

TEST(JsonlWriter, WritesTheDesignShape) {
  EXPECT_EQ(toCaptureJsonl(msg(1589356438.123, Direction::Send, "1", Opcode::Text, "1.--0,[\"admin\",\"test\"]")),
            R"({"t":1589356438.123,"dir":"send","conn":"1","op":1,"text":"1.--0,[\"admin\",\"test\"]"})");
  EXPECT_EQ(toCaptureJsonl(msg(0, Direction::Receive, "0", Opcode::Binary, std::string("s1,\x00\xff", 5))),
            R"({"t":0,"dir":"receive","conn":"0","op":2,"b64":"czEsAP8="})");
  // Text that is not UTF-8 goes out as b64 with op 1; control characters are escaped.
  EXPECT_EQ(toCaptureJsonl(msg(2.5, Direction::Unknown, "", Opcode::Text, "\xff,")),
            R"({"t":2.5,"dir":"unknown","conn":"","op":1,"b64":"/yw="})");
  EXPECT_EQ(toCaptureJsonl(msg(1, Direction::Send, "x", Opcode::Text, "a\n\x01\"\\")),
            R"({"t":1,"dir":"send","conn":"x","op":1,"text":"a\n\u0001\"\\"})");

  CaptureMessage e = msg(3, Direction::Send, "2", Opcode::Binary, "");
  e.dir_inferred = true;
  e.error = Error{ErrorCode::LimitExceeded, Stage::Capture, 77, "message longer than the limit of 8 bytes"};
  EXPECT_EQ(toCaptureJsonl(e),
            R"({"t":3,"dir":"send","conn":"2","op":2,"b64":"","dir_inferred":true,"error":{"stage":"capture",)"
            R"("code":"limit exceeded","offset":77,"message":"message longer than the limit of 8 bytes"}})");

  std::ostringstream os;
  writeCaptureJsonl(os, msg(1, Direction::Send, "1", Opcode::Text, "?,,"));
  EXPECT_EQ(os.str(), "{\"t\":1,\"dir\":\"send\",\"conn\":\"1\",\"op\":1,\"text\":\"?,,\"}\n");
}

TEST(JsonlReader, RoundTripsTheWriter) {
  std::vector<CaptureMessage> in = {
      msg(1589356438.123, Direction::Send, "1", Opcode::Text, "1.--0,[\"admin\",\"init\",\"Ren\xc3\xa9" "e\"]"),
      msg(1589356438.987654321, Direction::Receive, "1", Opcode::Binary, std::string("s2,\x00\x01\x02\xfe\xff", 8)),
      msg(7, Direction::Unknown, "conn with \"quotes\"", Opcode::Text, "\xc0\x80 not utf-8"),
      msg(8, Direction::Receive, "9", Opcode::Pong, ""),
  };
  in[1].dir_inferred = true;
  CaptureMessage err = msg(9, Direction::Unknown, "3", Opcode::Binary, "");
  err.error = Error{ErrorCode::Truncated, Stage::WebSocket, 1234, "expected 10 bytes"};
  in.push_back(err);

  std::string text;
  for (const auto& m : in) appendCaptureJsonl(m, text);
  auto out = readJsonl(text);
  ASSERT_EQ(out.size(), in.size());
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].t, in[i].t) << i;
    EXPECT_EQ(out[i].dir, in[i].dir) << i;
    EXPECT_EQ(out[i].dir_inferred, in[i].dir_inferred) << i;
    EXPECT_EQ(out[i].conn, in[i].conn) << i;
    EXPECT_EQ(out[i].op, in[i].op) << i;
    EXPECT_EQ(out[i].payload, in[i].payload) << i;
    EXPECT_EQ(out[i].source_offset, offset) << i;
    offset = text.find('\n', offset) + 1;
  }
  ASSERT_TRUE(out[4].error);
  EXPECT_EQ(out[4].error->code, ErrorCode::Truncated);
  EXPECT_EQ(out[4].error->stage, Stage::WebSocket);
  EXPECT_EQ(out[4].error->offset, 1234u);
  EXPECT_EQ(out[4].error->message, "expected 10 bytes");
  EXPECT_TRUE(sameRecords(readJsonl(text, tinyChunks(), 3), out));
}

TEST(JsonlReader, ToleratedOddities) {
  auto out = readJsonl(
      "\n   \n"
      R"({"text":"a,b"})"
      "\r\n"
      R"({"conn":12,"dir":null,"b64":"AAE","extra":{"ignored":[1,2]}})"
      "\n"
      R"({"t":5,"dir":"receive","op":9})"
      "\n");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[0].payload, "a,b");
  EXPECT_EQ(out[0].conn, "");
  EXPECT_EQ(out[0].dir, Direction::Unknown);
  EXPECT_EQ(out[1].op, Opcode::Binary);
  EXPECT_EQ(out[1].conn, "12");
  EXPECT_EQ(out[1].payload, std::string("\x00\x01", 2));
  EXPECT_EQ(out[2].op, Opcode::Ping);
  EXPECT_TRUE(out[2].payload.empty());
}

TEST(JsonlReader, BadLinesAreRecordsAndReadingGoesOn) {
  std::string lines[] = {
      R"({"t":1,"dir":"send",)",
      R"(["not an object"])",
      R"({"t":"noon"})",
      R"({"dir":"sideways"})",
      R"({"conn":[1]})",
      R"({"text":"a","b64":"AA=="})",
      R"({"op":4,"text":"x"})",
      R"({"op":2,"b64":"AA*A"})",
      R"({"text":7})",
      R"({"dir":"send","text":"fine,"})",
  };
  std::string text;
  std::vector<std::uint64_t> offsets;
  for (const auto& l : lines) {
    offsets.push_back(text.size());
    text += l + "\n";
  }
  auto out = readJsonl(text);
  ASSERT_EQ(out.size(), 10u);
  for (std::size_t i = 0; i < 9; ++i) {
    ASSERT_TRUE(out[i].error) << i;
    EXPECT_EQ(out[i].error->code, ErrorCode::Invalid) << i;
    EXPECT_EQ(out[i].error->stage, Stage::Capture) << i;
    EXPECT_EQ(out[i].source_offset, offsets[i]) << i;
  }
  EXPECT_EQ(out[0].error->offset, offsets[1] - 1);  // the JSON error: at the end of the line
  EXPECT_EQ(out[1].error->message, "expected a JSON object per line");
  EXPECT_EQ(out[2].error->message, "\"t\" is not a number");
  EXPECT_EQ(out[3].error->message, "\"dir\" is \"sideways\", expected send, receive or unknown");
  EXPECT_EQ(out[4].error->message, "\"conn\" is not a string or an integer");
  EXPECT_EQ(out[5].error->message, "a record has both \"text\" and \"b64\"");
  EXPECT_EQ(out[6].error->message, "unsupported opcode 4");
  EXPECT_EQ(out[7].error->message, "\"b64\" is not base64: expected a base64 character, found '*'");
  EXPECT_EQ(out[7].error->offset, offsets[7] + lines[7].find('*'));
  EXPECT_EQ(out[8].error->message, "\"text\" is not a string");
  EXPECT_FALSE(out[9].error);
  EXPECT_EQ(out[9].payload, "fine,");
  EXPECT_EQ(out[9].dir, Direction::Send);
}

TEST(JsonlReader, LimitsAndIo) {
  ReaderLimits limits;
  limits.max_message_bytes = 4;
  auto out = readJsonl(R"({"text":"12345"})" "\n" R"({"text":"1234"})", limits);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(out[1].payload, "1234");

  auto reader = makeJsonlReader(std::make_unique<testing::FailingSource>(R"({"text":"a,"})" "\n"));
  auto records = readAll(*reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].error->code, ErrorCode::Io);
}

}  // namespace
}  // namespace wa::capture
