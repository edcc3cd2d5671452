// Tests of the tshark -T ek reader: field pairing, direction rules, oddities and bad lines.
#include "wa/capture/tshark_reader.h"

#include <fstream>

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"
#include "wa/codec/frame/frame.h"

namespace wa::capture {
namespace {

using codec::Frame;
using codec::SplitOptions;
using codec::splitFrame;

using testing::readAll;
using testing::sameRecords;
using testing::tinyChunks;

constexpr const char* kIndex = R"({"index":{"_index":"packets-2020-05-13","_type":"doc"}})";

std::vector<CaptureMessage> readEk(std::string_view ek, ReaderLimits limits = {}, std::size_t trickle = 0) {
  return readAll(makeTsharkEkReader, ek, limits, trickle);
}

std::string session() {
  std::string s;
  auto packet = [&s](std::string_view layers) {
    s += kIndex;
    s += "\n{\"timestamp\":\"1589356438123\",\"layers\":{";
    s += layers;
    s += "}}\n";
  };
  packet(R"("frame_time_epoch":["1589356438.123456000"],"tcp_stream":["0"],"tcp_srcport":["51000"],)"
         R"("websocket_opcode":["1"],"websocket_payload_text":["1589356438.--0,[\"admin\",\"init\"]"])");
  packet(R"("frame_time_epoch":["1589356438.5"],"tcp_stream":["0"],"tcp_srcport":["443"],)"
         R"("websocket_opcode":["1","2","1"],"websocket_payload_text":["s1,[\"Conn\"]","s2,[\"Stream\"]"],)"
         R"("data_data":["73333a0102ff"])");
  packet(R"("frame_time_epoch":["1589356439"],"tcp_stream":["0"],"tcp_srcport":["443"],"websocket_opcode":["2"])");
  packet(R"("frame_time_epoch":["1589356439.5"],"tcp_stream":["0"],"tcp_srcport":["443"],)"
         R"("websocket_opcode":["0","9"],"data_data":["73:34:2c:00"])");
  return s;
}

TEST(TsharkEkReader, PairsOpcodesWithPayloads) {
  auto ek = session();
  auto records = readEk(ek);
  ASSERT_EQ(records.size(), 6u);
  for (const auto& r : records) EXPECT_FALSE(r.error) << testing::describeRecord(r);

  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_EQ(records[0].payload, R"(1589356438.--0,["admin","init"])");
  EXPECT_EQ(records[0].conn, "0");
  EXPECT_DOUBLE_EQ(records[0].t, 1589356438.123456);
  EXPECT_EQ(records[0].dir, Direction::Send);  // first port seen on the stream
  EXPECT_TRUE(records[0].dir_inferred);
  EXPECT_EQ(records[0].source_offset, ek.find("{\"timestamp\""));

  EXPECT_EQ(records[1].payload, R"(s1,["Conn"])");
  EXPECT_EQ(records[1].dir, Direction::Receive);  // port 443
  EXPECT_EQ(records[2].op, Opcode::Binary);
  EXPECT_EQ(records[2].payload, std::string("s3:\x01\x02\xff", 6));
  EXPECT_EQ(records[3].payload, R"(s2,["Stream"])");

  // Opcode 2 without data (a first fragment) gives nothing; the continuation packet carries it.
  EXPECT_EQ(records[4].op, Opcode::Binary);
  EXPECT_EQ(records[4].payload, std::string("s4,\x00", 4));
  EXPECT_EQ(records[5].op, Opcode::Ping);
  EXPECT_TRUE(records[5].payload.empty());

  for (std::size_t step : {1u, 7u}) EXPECT_TRUE(sameRecords(readEk(ek, tinyChunks(), step), records)) << step;
}

TEST(TsharkEkReader, DirectionRules) {
  std::string ek =
      // websocket.mask is exact
      R"({"layers":{"tcp.stream":"4","tcp.srcport":"443","websocket.mask":"1","websocket.opcode":"1","websocket.payload.text":"a,"}})"
      "\n"
      R"({"layers":{"tcp_stream":["4"],"tcp_srcport":["50000"],"websocket_mask":["0"],"websocket_opcode":["1"],"websocket_payload_text":["b,"]}})"
      "\n"
      // both ports, neither well known: the lower one is the server's
      R"({"layers":{"tcp_stream":["5"],"tcp_srcport":["40000"],"tcp_dstport":["9000"],"websocket_opcode":["1"],"websocket_payload_text":["c,"]}})"
      "\n"
      R"({"layers":{"tcp_stream":["5"],"tcp_srcport":["9000"],"tcp_dstport":["40000"],"websocket_opcode":["1"],"websocket_payload_text":["d,"]}})"
      "\n"
      // destination port 8080 is a server
      R"({"layers":{"tcp_stream":["6"],"tcp_srcport":["1"],"tcp_dstport":["8080"],"websocket_opcode":["1"],"websocket_payload_text":["e,"]}})"
      "\n"
      // source port only: first port on stream 7 is the client
      R"({"layers":{"tcp_stream":["7"],"tcp_srcport":["9000"],"websocket_opcode":["1"],"websocket_payload_text":["f,"]}})"
      "\n"
      R"({"layers":{"tcp_stream":["7"],"tcp_srcport":["40000"],"websocket_opcode":["1"],"websocket_payload_text":["g,"]}})"
      "\n"
      // no port at all: unknown
      R"({"layers":{"websocket_opcode":["1"],"websocket_payload_text":["h,"]}})"
      "\n";
  auto records = readEk(ek);
  ASSERT_EQ(records.size(), 8u);
  EXPECT_EQ(records[0].dir, Direction::Send);
  EXPECT_FALSE(records[0].dir_inferred);
  EXPECT_EQ(records[0].conn, "4");
  EXPECT_EQ(records[1].dir, Direction::Receive);
  EXPECT_FALSE(records[1].dir_inferred);
  EXPECT_EQ(records[2].dir, Direction::Send);
  EXPECT_TRUE(records[2].dir_inferred);
  EXPECT_EQ(records[3].dir, Direction::Receive);
  EXPECT_EQ(records[4].dir, Direction::Send);
  EXPECT_EQ(records[5].dir, Direction::Send);
  EXPECT_EQ(records[6].dir, Direction::Receive);
  EXPECT_EQ(records[7].dir, Direction::Unknown);
  EXPECT_FALSE(records[7].dir_inferred);
  EXPECT_EQ(records[7].t, 0);
}

TEST(TsharkEkReader, TimestampFallbackAndLeftoverPayloads) {
  // No frame.time_epoch: the ek "timestamp" (ms); no opcodes: texts then data.
  auto records = readEk(R"({"timestamp":"1589356438123","layers":{"data_data":["00"],"websocket_payload_text":["x,"]}})");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_DOUBLE_EQ(records[0].t, 1589356438.123);
  EXPECT_EQ(records[0].payload, "x,");
  EXPECT_EQ(records[1].payload, std::string(1, '\0'));
}

TEST(TsharkEkReader, BadLinesAreRecordsAndReadingGoesOn) {
  std::string good = R"({"layers":{"websocket_opcode":["1"],"websocket_payload_text":["ok,"]}})";
  std::string bad_json = R"({"layers":{"websocket_opcode":["1"],})";
  std::string ek = bad_json + "\n[1,2]\n{\"other\":1}\n{\"layers\":3}\n" +
                   R"({"layers":{"websocket_opcode":["2"],"data_data":["zz"]}})" + "\n\n   \n" + good + "\r\n";
  auto records = readEk(ek);
  ASSERT_EQ(records.size(), 6u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::Invalid);
  EXPECT_EQ(records[0].error->offset, bad_json.size() - 1);
  EXPECT_EQ(records[0].error->message.rfind("invalid json: ", 0), 0u);
  EXPECT_EQ(records[1].error->message, "expected a JSON object per line");
  EXPECT_EQ(records[1].error->offset, bad_json.size() + 1);
  EXPECT_EQ(records[2].error->message, "expected an index line or a packet line with \"layers\"");
  EXPECT_EQ(records[3].error->message, "\"layers\" is not an object");
  ASSERT_TRUE(records[4].error);
  EXPECT_EQ(records[4].error->message, "data.data is not hex: expected a hex digit, found 'z'");
  EXPECT_FALSE(records[5].error);
  EXPECT_EQ(records[5].payload, "ok,");
}

TEST(TsharkEkReader, OverlongLineIsALimit) {
  ReaderLimits limits;
  limits.max_message_bytes = 1;
  limits.chunk_bytes = 64;
  std::string big(70000, 'a');
  std::string ek = R"({"layers":{"websocket_payload_text":[")" + big + "\"]}}\n" +
                   R"({"layers":{"websocket_payload_text":["x,"]}})";
  auto records = readEk(ek, limits);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(records[0].error->offset, 0u);
  EXPECT_EQ(records[1].payload, "x,");
}

TEST(TsharkEkReader, CommandIsDocumented) {
  std::string cmd = kTsharkEkCommand;
  EXPECT_NE(cmd.find("-T ek"), std::string::npos);
  EXPECT_NE(cmd.find("-e websocket.payload.text -e data.data"), std::string::npos);
}

}  // namespace
}  // namespace wa::capture

namespace wa::capture {
namespace {

// Real output of tshark 4.0.17 (`kTsharkEkCommand` on a generated ws:// session capture, the first
// twelve packets and the two close frames): the reader takes genuine field names and value shapes.
TEST(TsharkEkReader, GenuineTsharkOutput) {
  std::ifstream in(std::string(WA_SOURCE_DIR) + "/tests/capture/data/tshark-4.0.17-session.ek", std::ios::binary);
  ASSERT_TRUE(in);
  auto reader = makeTsharkEkReader(makeStreamSource(in));
  auto records = readAll(*reader);
  ASSERT_EQ(records.size(), 14u);
  for (const auto& r : records) {
    EXPECT_FALSE(r.error) << testing::describeRecord(r);
    EXPECT_EQ(r.conn, "0");
    EXPECT_TRUE(r.dir_inferred);
  }
  EXPECT_DOUBLE_EQ(records[0].t, 1589356438.0);
  EXPECT_EQ(records[0].dir, Direction::Send);
  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_EQ(records[0].payload.rfind(R"(1589356438.--0,,["admin","init",[2,2019,6])", 0), 0u);
  EXPECT_EQ(records[2].payload.rfind(R"(s1,["Conn",{)", 0), 0u);
  EXPECT_EQ(records[2].dir, Direction::Receive);
  const std::size_t binary_sizes[] = {2581, 1173, 145, 1087, 145, 16543, 145};
  for (std::size_t i = 5; i < 12; ++i) {
    EXPECT_EQ(records[i].op, Opcode::Binary) << i;
    EXPECT_EQ(records[i].payload.size(), binary_sizes[i - 5]) << i;
    // The 16-byte rule agrees with the ports on every encrypted frame.
    SplitOptions blind;
    blind.opcode = Opcode::Binary;
    Frame f = splitFrame(records[i].payload, blind);
    EXPECT_FALSE(f.error) << i;
    EXPECT_EQ(f.dir, records[i].dir) << i;
  }
  EXPECT_EQ(records[12].op, Opcode::Close);
  EXPECT_EQ(records[12].dir, Direction::Send);
  EXPECT_EQ(records[13].op, Opcode::Close);
  EXPECT_EQ(records[13].dir, Direction::Receive);
}

}  // namespace
}  // namespace wa::capture
