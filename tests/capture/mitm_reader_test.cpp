// Tests of the mitmproxy flow reader: format 12+ WebSocket state, old formats, damage and limits.
#include "wa/capture/mitm_reader.h"

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"

namespace wa::capture {
namespace {

using testing::readAll;
using testing::sameRecords;
using testing::tinyChunks;

std::string tnet(std::string_view payload, char type) { return std::to_string(payload.size()) + ":" + std::string(payload) + type; }
std::string tBytes(std::string_view s) { return tnet(s, ','); }
std::string tStr(std::string_view s) { return tnet(s, ';'); }
std::string tInt(long long v) { return tnet(std::to_string(v), '#'); }
std::string tFloat(std::string_view v) { return tnet(v, '^'); }
std::string tBool(bool v) { return tnet(v ? "true" : "false", '!'); }
std::string tList(const std::vector<std::string>& items) {
  std::string body;
  for (const auto& i : items) body += i;
  return tnet(body, ']');
}
std::string tDict(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string body;
  for (const auto& [k, v] : items) body += tStr(k) + v;
  return tnet(body, '}');
}

std::string message(int type, bool from_client, std::string_view content, std::string_view ts) {
  return tList({tInt(type), tBool(from_client), tBytes(content), tFloat(ts), tBool(false), tBool(false)});
}

// An HTTP flow as mitmproxy writes it: keys in reverse order, so "websocket" comes first.
std::string httpFlow(const std::vector<std::string>& messages, int version = 17, std::string_view id = "f-1") {
  std::string body(300, 'B');  // a response body to skip
  return tDict({{"websocket", messages.empty() ? std::string("0:~") : tDict({{"timestamp_end", tFloat("1589356500.5")},
                                                                             {"close_reason", tStr("")},
                                                                             {"close_code", tInt(1000)},
                                                                             {"closed_by_client", tBool(true)},
                                                                             {"messages", tList(messages)}})},
                {"response", tDict({{"status_code", tInt(101)}, {"content", tBytes(body)}})},
                {"request", tDict({{"host", tStr("web.whatsapp.com")}, {"path", tBytes("/ws")}})},
                {"timestamp_created", tFloat("1589356438.0")},
                {"comment", tStr("")},
                {"metadata", tDict({})},
                {"marked", tStr("")},
                {"is_replay", tnet("", '~')},
                {"intercepted", tBool(false)},
                {"error", tnet("", '~')},
                {"type", tStr("http")},
                {"id", tStr(id)},
                {"version", tInt(version)}});
}

std::vector<CaptureMessage> readFlows(std::string_view flows, ReaderLimits limits = {}, std::size_t trickle = 0) {
  return readAll(makeMitmReader, flows, limits, trickle);
}

TEST(MitmReader, ReadsWebSocketMessagesOfHttpFlows) {
  std::string binary("s2,\x01\x02\x00\xff", 7);
  std::string flows = httpFlow({message(1, true, R"(1589356438.--0,["admin","init"])", "1589356438.25"),
                                message(2, false, binary, "1589356439"),
                                tList({tInt(1), tBool(false), tBytes("!1589356440"), tFloat("1589356440.5")})}) +
                      httpFlow({}, 17, "f-2") +  // a plain HTTP flow (websocket null)
                      httpFlow({message(1, true, "?,,", "1589356460")}, 21, "f-3");
  auto records = readFlows(flows);
  ASSERT_EQ(records.size(), 4u);
  for (const auto& r : records) EXPECT_FALSE(r.error) << testing::describeRecord(r);
  EXPECT_EQ(records[0].conn, "0");
  EXPECT_EQ(records[0].dir, Direction::Send);
  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_DOUBLE_EQ(records[0].t, 1589356438.25);
  EXPECT_EQ(records[0].payload, R"(1589356438.--0,["admin","init"])");
  EXPECT_EQ(records[1].dir, Direction::Receive);
  EXPECT_EQ(records[1].op, Opcode::Binary);
  EXPECT_EQ(records[1].payload, binary);
  EXPECT_EQ(records[1].source_offset, flows.find(message(2, false, binary, "1589356439")));
  EXPECT_EQ(records[2].payload, "!1589356440");  // a format 12 message list of four items
  EXPECT_EQ(records[3].conn, "2");
  EXPECT_EQ(records[3].payload, "?,,");

  for (std::size_t step : {1u, 5u, 13u}) EXPECT_TRUE(sameRecords(readFlows(flows, tinyChunks(), step), records)) << step;
}

TEST(MitmReader, OlderFormatsAreAClearError) {
  // Flow format 11: WebSocket flows of their own with top-level "messages".
  std::string old = tDict({{"messages", tList({tList({tInt(1), tBool(true), tBytes("x,"), tFloat("1.0")})})},
                           {"type", tStr("websocket")},
                           {"version", tInt(11)}});
  std::string flows = old + httpFlow({message(1, true, "a,", "2")}, 12);
  auto records = readFlows(flows);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::Unsupported);
  EXPECT_EQ(records[0].error->offset, 0u);
  EXPECT_EQ(records[0].error->message,
            "mitmproxy flow format 11 is older than 12 (mitmproxy 7) and not supported; re-save the file with a "
            "current mitmproxy (mitmdump -nr old -w new)");
  EXPECT_EQ(records[1].payload, "a,");
  EXPECT_EQ(records[1].conn, "1");
}

TEST(MitmReader, BadMessageElementIsARecordAndReadingGoesOn) {
  std::string bad_type = tList({tStr("one"), tBool(true), tBytes("x"), tFloat("1")});
  std::string bad_bool = tList({tInt(1), tnet("yes", '!'), tBytes("x"), tFloat("1")});
  std::string bad_opcode = tList({tInt(7), tBool(true), tBytes("x"), tFloat("1")});
  std::string not_list = tDict({{"a", tInt(1)}});
  std::string short_item = "7:5:ab,1#]";  // the inner item claims more than the element holds
  std::string flows = httpFlow({bad_type, bad_bool, bad_opcode, not_list, short_item, message(2, false, "ok", "3")});
  auto records = readFlows(flows);
  ASSERT_EQ(records.size(), 6u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->message, "message type is not an integer");
  EXPECT_EQ(records[0].error->offset, flows.find(bad_type) + bad_type.find(':') + 1);
  EXPECT_EQ(records[1].error->message, "message from_client is not a boolean");
  EXPECT_EQ(records[2].error->message, "unsupported opcode 7");
  EXPECT_EQ(records[3].error->message, "expected a message list, found type '}'");
  ASSERT_TRUE(records[4].error);
  EXPECT_EQ(records[4].error->code, ErrorCode::Truncated);
  EXPECT_EQ(records[4].error->offset, flows.find(short_item) + 2);
  EXPECT_EQ(records[4].error->message, "tnetstring of 5 bytes does not fit in the 4 bytes left");
  EXPECT_FALSE(records[5].error);
  EXPECT_EQ(records[5].payload, "ok");
}

TEST(MitmReader, StructuralDamageSkipsToTheNextFlow) {
  std::string first = httpFlow({message(1, true, "a,", "1")});
  // Break the length prefix of the "request" key inside the first flow.
  std::string broken = first;
  auto at = broken.find("7:request;");
  broken.replace(at, 2, "x:");
  std::string flows = broken + httpFlow({message(1, true, "b,", "2")});
  auto records = readFlows(flows);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].payload, "a,");
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->code, ErrorCode::Invalid);
  EXPECT_EQ(records[1].error->offset, at);
  EXPECT_EQ(records[1].error->message, "expected a tnetstring length prefix, found 'x'");
  EXPECT_EQ(records[1].conn, "0");
  EXPECT_EQ(records[2].payload, "b,");
  EXPECT_EQ(records[2].conn, "1");
}

TEST(MitmReader, LengthRunningPastItsContainer) {
  std::string inner = tDict({{"messages", "999:" + std::string(5, 'x') + "]"}});
  std::string flow = tDict({{"websocket", inner}, {"version", tInt(17)}});
  std::string flows = flow + httpFlow({message(1, true, "next,", "2")});
  auto records = readFlows(flows);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->message, "tnetstring of 999 bytes runs past its enclosing container");
  EXPECT_EQ(records[0].error->offset, flows.find("999:"));
  EXPECT_EQ(records[1].payload, "next,");
}

TEST(MitmReader, OversizedMessageIsSkipped) {
  ReaderLimits limits;
  limits.max_message_bytes = 16;
  std::string big(2000, 'z');
  std::string flows = httpFlow({message(2, false, big, "1"), message(2, false, "small", "2")});
  auto records = readFlows(flows, limits);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(records[0].error->message, "message longer than the limit of 16 bytes");
  EXPECT_EQ(records[1].payload, "small");
}

TEST(MitmReader, TruncatedAndGarbage) {
  std::string flows = httpFlow({message(1, true, "a,", "1"), message(1, true, "b,", "2")});
  std::string cut = flows.substr(0, flows.find("2:b,") + 2);
  auto records = readFlows(cut);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, "a,");
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->code, ErrorCode::Truncated);
  EXPECT_EQ(records[1].error->offset, cut.size());

  auto garbage = readFlows("{\"not\": \"a flow\"}");
  ASSERT_EQ(garbage.size(), 1u);
  EXPECT_EQ(garbage[0].error->message, "expected a tnetstring length prefix, found '{'");
  EXPECT_EQ(garbage[0].error->offset, 0u);

  auto huge_prefix = readFlows("12345678901234:x");
  ASSERT_EQ(huge_prefix.size(), 1u);
  EXPECT_EQ(huge_prefix[0].error->code, ErrorCode::LimitExceeded);

  EXPECT_TRUE(readFlows("").empty());
}

TEST(MitmReader, WrongContainerTypeByte) {
  std::string flow = httpFlow({message(1, true, "a,", "1")});
  flow.back() = ']';  // the flow dict claims to be a list
  auto records = readFlows(flow + httpFlow({message(1, true, "b,", "1")}));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].payload, "a,");
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->message, "expected '}' ending the flow, found ']'");
  EXPECT_EQ(records[2].payload, "b,");
}

}  // namespace
}  // namespace wa::capture
