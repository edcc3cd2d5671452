// Tests of the streaming HAR reader: Chrome and mitmproxy flavours, oddities, errors and resync.
#include "wa/capture/har_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "capture/reader_test_support.h"
#include "wa/support/text/base64.h"

namespace wa::capture {
namespace {

using testing::readAll;
using testing::sameRecords;
using testing::tinyChunks;

std::vector<CaptureMessage> readHar(std::string_view har, ReaderLimits limits = {}, std::size_t trickle = 0) {
  return readAll(makeHarReader, har, limits, trickle);
}

// 64 bytes standing in for a server binary frame: "s9," + HMAC + IV + one block (not real crypto).
std::string binaryFrame() {
  std::string f = "1589356439-7,";
  for (int i = 0; i < 64; ++i) f.push_back(static_cast<char>(i * 37 + 11));
  return f;
}

// A Chrome export: a page entry with a body that looks like a message object, then a WebSocket entry.
std::string chromeHar() {
  return R"({"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],
"entries":[
 {"_initiator":{"type":"other"},"request":{"method":"GET","url":"https://web.whatsapp.com/"},
  "response":{"status":200,"content":{"size":40,"mimeType":"text/html","text":"<p>{\"type\":\"send\",\"data\":\"x\"}</p> \\\" ]}"}}},
 {"_resourceType":"websocket","request":{"url":"wss://web.whatsapp.com/ws"},"response":{"status":101},
  "_webSocketMessages":[
   {"type":"send","time":1589356438.123,"opcode":1,"data":"1589356438.--0,[\"admin\",\"init\",[0,4,2080],\"abc\",true]"},
   {"type":"receive","time":1589356438.5,"opcode":1,"data":"1589356438.--0,{\"status\":200,\"ref\":\"1@x\"}"},
   {"type":"receive","time":1589356439.25,"opcode":2,"data":")" +
         support::toBase64(binaryFrame()) + R"("},
   {"type":"error","time":1589356440,"opcode":-1,"data":"Invalid frame header"}
  ]}
]}}
)";
}

TEST(HarReader, ReadsChromeExport) {
  auto har = chromeHar();
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 4u);

  EXPECT_FALSE(records[0].error);
  EXPECT_EQ(records[0].dir, Direction::Send);
  EXPECT_FALSE(records[0].dir_inferred);
  EXPECT_EQ(records[0].conn, "1");
  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_DOUBLE_EQ(records[0].t, 1589356438.123);
  EXPECT_EQ(records[0].payload, R"(1589356438.--0,["admin","init",[0,4,2080],"abc",true])");
  EXPECT_EQ(records[0].source_offset, har.find(R"({"type":"send")"));

  EXPECT_EQ(records[1].dir, Direction::Receive);
  EXPECT_EQ(records[1].payload, R"(1589356438.--0,{"status":200,"ref":"1@x"})");

  EXPECT_FALSE(records[2].error);
  EXPECT_EQ(records[2].op, Opcode::Binary);
  EXPECT_EQ(records[2].payload, binaryFrame());
  EXPECT_DOUBLE_EQ(records[2].t, 1589356439.25);

  ASSERT_TRUE(records[3].error);
  EXPECT_EQ(records[3].error->code, ErrorCode::Invalid);
  EXPECT_EQ(records[3].error->stage, Stage::Capture);
  EXPECT_EQ(records[3].error->message, "websocket error frame: Invalid frame header");
  EXPECT_EQ(records[3].error->offset, har.find(R"({"type":"error")"));
  EXPECT_EQ(records[3].conn, "1");
  EXPECT_DOUBLE_EQ(records[3].t, 1589356440);
}

TEST(HarReader, SameRecordsWhateverTheChunking) {
  auto har = chromeHar();
  auto whole = readHar(har);
  for (std::size_t step : {1u, 2u, 3u, 7u, 64u}) {
    EXPECT_TRUE(sameRecords(readHar(har, tinyChunks(), step), whole)) << "trickle " << step;
  }
}

// A HAR file of a few MiB is mapped, not read chunk by chunk (ByteSource::borrowAll), with the
// pages behind the cursor handed back as it goes: the same records as from memory in any chunking.
TEST(HarReader, MappedFileGivesTheSameRecords) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[)";
  for (int i = 0; i < 30000; ++i) {
    if (i != 0) har += ',';
    har += R"({"type":")";
    har += i % 2 == 0 ? "send" : "receive";
    har += R"(","time":)" + std::to_string(1589356438 + i) + R"(,"opcode":2,"data":")" +
           support::toBase64(binaryFrame() + std::to_string(i)) + R"("})";
  }
  har += R"(,{"type":"send","opcode":1,"data":"unfinished)";  // truncated at the end of the file
  ASSERT_GT(har.size(), std::size_t{3} << 20);
  const auto path = std::filesystem::temp_directory_path() /
                    ("wa_har_mapped_" + std::to_string(::getpid()) + ".har");
  std::ofstream(path, std::ios::binary) << har;

  auto probe = openFileSource(path.string());
  ASSERT_TRUE(probe);
  ASSERT_TRUE((*probe)->borrowAll()) << "a regular file of some MiB is lent whole";

  auto source = openFileSource(path.string());
  ASSERT_TRUE(source);
  auto detected = detectSource(std::move(*source));  // the head read first, as the tools do
  ASSERT_TRUE(detected);
  EXPECT_EQ(detected->format, CaptureFormat::Har);
  auto reader = makeHarReader(std::move(detected->source), ReaderLimits{});
  const auto mapped = readAll(*reader);
  std::filesystem::remove(path);

  const auto from_memory = readHar(har);
  ASSERT_EQ(from_memory.size(), 30001u);
  EXPECT_TRUE(from_memory.back().error);
  EXPECT_TRUE(sameRecords(mapped, from_memory));
  EXPECT_TRUE(sameRecords(readHar(har, {}, 4093), from_memory));
}

// Messages whole in the window take a quick path that reads Chrome's four members by themselves;
// anything else goes through the scanner, as does every message that arrives a few bytes at a time.
// Generated objects (members in any order, left out, repeated or of other kinds, other keys, odd
// numbers, escapes, whitespace) give the same records both ways.
TEST(HarReader, QuickPathGivesTheScannersRecords) {
  std::mt19937 rng(17);
  const auto pick = [&](std::initializer_list<std::string_view> options) {
    return std::string(options.begin()[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)]);
  };
  const auto space = [&] { return pick({"", "", " ", "\n            ", "\t", "\r\n "}); };
  const std::string binary = support::toBase64(binaryFrame());
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[)";
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::string> members;
    const auto add = [&](std::string_view key, const std::string& value) {
      members.push_back(std::string(key) + space() + ":" + space() + value);
    };
    if (rng() % 10 != 0) add("\"type\"", pick({"\"send\"", "\"send\"", "\"send\"", "\"receive\"", "\"receive\"", "\"receive\"", "\"error\"", "\"ping\"", "7", "\"s\\u0065nd\""}));
    if (rng() % 10 != 0)
      add("\"time\"", pick({"1589356438.123", "1589356438", "1589356438.5", "1589356438.25", "1.5e9", "-0", "1e400", "1.2.3", "\"1\"", "null",
                          "1589356438.12345678901234567890123456789012345678901234567890123456789"}));
    if (rng() % 10 != 0) add("\"opcode\"", pick({"1", "2", "2", "2", "2", "2", "-1", "0", "9", "2.0", "\"2\"", "+2", "[2]"}));
    if (rng() % 12 != 0)
      add("\"data\"", pick({"\"" + binary + "\"", "\"" + binary + "\"", "\"" + binary + "\"", "\"" + binary + "\"", "\"s1,[\\\"Conn\\\",{\\\"x\\\":\\\"\\u00e9\\\\\\\"}]\"",
                          "\"abc,def\"", "\"QUJD\\/RA==\"", "\"@@@@\"", "\"\"", "null", "\"tail\\\\\"", "\"\\q\""}));
    if (rng() % 15 == 0) add(pick({"\"_x\"", "\"t\\u0079pe\"", "\"data\"", "\"opcode\""}), pick({"{\"a\":[1,\"]\"]}", "2", "\"x\""}));
    std::shuffle(members.begin(), members.end(), rng);
    if (i != 0) har += "," + space();
    har += "{" + space();
    for (std::size_t m = 0; m < members.size(); ++m) har += (m ? "," + space() : std::string()) + members[m] + space();
    har += "}";
  }
  har += "]}]}}";
  const auto whole = readHar(har);
  // An atom past 64 bytes is a syntax error: the reader then goes on at the next object that starts
  // with "type", and the objects between are lost (the same both ways).
  ASSERT_GT(whole.size(), 1000u);
  std::size_t good = 0;
  for (const auto& m : whole) good += m.error ? 0 : 1;
  EXPECT_GT(good, 200u) << "good messages as well as bad";
  for (std::size_t step : {1u, 5u}) {
    const auto pieces = readHar(har, tinyChunks(), step);
    ASSERT_EQ(pieces.size(), whole.size()) << "trickle " << step;
    for (std::size_t i = 0; i < whole.size(); ++i)
      ASSERT_TRUE(sameRecords({whole[i]}, {pieces[i]}))
          << "record " << i << ": " << testing::describeRecord(whole[i]) << " vs " << testing::describeRecord(pieces[i]);
  }
}

// A string past its limit is refused whether it arrives in pieces or whole in the window.
TEST(HarReader, StringLimitsHoldInAnyWindow) {
  const std::string type(300, 't');  // past the 256 bytes a message type may have
  const std::string har = R"({"log":{"entries":[{"_webSocketMessages":[{"type":")" + type +
                          R"(","opcode":1,"data":"x"},{"type":"send","opcode":1,"data":"y"}]}]}})";
  const auto whole = readHar(har);
  ASSERT_EQ(whole.size(), 2u);
  ASSERT_TRUE(whole[0].error);
  EXPECT_EQ(whole[0].error->message, "unknown message type \"(too long)\"");
  EXPECT_EQ(whole[1].payload, "y");
  EXPECT_TRUE(sameRecords(readHar(har, tinyChunks(), 5), whole));
}

TEST(HarReader, MitmproxyFlavourAndKeyOrder) {
  // mitmproxy's savehar: entries with their own field order; here data before opcode, extra keys.
  std::string har = R"({"log": {"version": "1.2", "creator": {"name": "mitmproxy", "version": "10.1"}, "pages": [],
  "entries": [{"startedDateTime": "2020-05-13T07:53:58.000Z", "time": 12.5,
    "request": {"method": "GET", "url": "https://web.whatsapp.com/ws", "headers": [{"name": "Upgrade", "value": "websocket"}]},
    "response": {"status": 101, "content": {"size": 0, "text": ""}},
    "_resourceType": "websocket",
    "_webSocketMessages": [
      {"data": "?,,", "opcode": 1, "time": 1589356458.0, "type": "send", "extra": [1, {"x": null}]},
      {"time": 1589356458.2, "type": "receive", "data": "AAEC/w==", "opcode": 2}
    ]}]}})";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].conn, "0");
  EXPECT_EQ(records[0].payload, "?,,");
  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_EQ(records[0].dir, Direction::Send);
  EXPECT_EQ(records[1].payload, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(records[1].op, Opcode::Binary);
  EXPECT_DOUBLE_EQ(records[1].t, 1589356458.2);
  EXPECT_TRUE(sameRecords(readHar(har, tinyChunks(), 1), records));
}

TEST(HarReader, UnescapesTextAndBase64) {
  std::string har =
      R"({"log":{"entries":[{"_webSocketMessages":[)"
      R"({"type":"receive","time":1,"opcode":1,"data":"s1,[\"Conn\",{\"pushname\":\"Ren\u00e9e \ud83d\ude00\",\"q\":\"\\\"\/\"}]"},)"
      R"({"type":"receive","time":2,"opcode":2,"data":"AAEC\/w=="},)"
      R"({"type":"send","time":3,"opcode":1,"data":"lone \udc00 surrogate"})"
      R"(]}]}})";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].payload, "s1,[\"Conn\",{\"pushname\":\"Ren\xc3\xa9" "e \xf0\x9f\x98\x80\",\"q\":\"\\\"/\"}]");
  EXPECT_EQ(records[1].payload, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(records[2].payload, "lone \xef\xbf\xbd surrogate");
}

TEST(HarReader, EntriesWithoutMessagesAndOtherShapes) {
  EXPECT_TRUE(readHar(R"({"log":{"entries":[]}})").empty());
  EXPECT_TRUE(readHar(R"({"log":{"version":"1.2"}})").empty());
  EXPECT_TRUE(readHar(R"({"log":null,"other":[1,2,{"a":"b"}]})").empty());
  EXPECT_TRUE(readHar("\xEF\xBB\xBF  {\"log\":{\"entries\":[{},{\"_webSocketMessages\":[]},7,null]}}\n").empty());
  // Conn counts every entry, WebSocket or not.
  auto records = readHar(R"({"log":{"entries":[{},1,"x",{"_webSocketMessages":[{"type":"send","opcode":1,"data":"a,"}]}]}})");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].conn, "3");
  EXPECT_EQ(records[0].t, 0);  // no time in the capture
}

TEST(HarReader, OpcodeMinusOneIsAnErrorFrameWhateverTheType) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[)"
                    R"({"type":"receive","time":5,"opcode":-1,"data":"net::ERR_CONNECTION_CLOSED"},)"
                    R"({"data":"Invalid frame header","opcode":-1,"type":"send"}]}]}})";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->message, "websocket error frame: net::ERR_CONNECTION_CLOSED");
  EXPECT_DOUBLE_EQ(records[0].t, 5);
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->message, "websocket error frame: Invalid frame header");
}

TEST(HarReader, MissingOpcodeIsGuessed) {
  auto records = readHar(
      R"({"log":{"entries":[{"_webSocketMessages":[)"
      R"({"type":"send","data":"1.--1,[\"query\"]"},{"type":"receive","data":"AAEC"},{"type":"receive","data":"!1589"},)"
      R"({"type":"receive","data":"not base64!"}]}]}})");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].op, Opcode::Text);
  EXPECT_EQ(records[1].op, Opcode::Binary);
  EXPECT_EQ(records[1].payload, std::string("\x00\x01\x02", 3));
  EXPECT_EQ(records[2].op, Opcode::Text);
  EXPECT_EQ(records[3].op, Opcode::Text);
  EXPECT_EQ(records[3].payload, "not base64!");
}

TEST(HarReader, MessageLevelErrorsAreRecords) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[)"
                    R"({"type":"send","opcode":5,"data":"AAAA"},)"
                    R"({"type":"bogus","opcode":1,"data":"x"},)"
                    R"({"opcode":1,"data":"x"},)"
                    R"({"type":"receive","opcode":2,"data":"AAA*AAAA"},)"
                    R"({"type":"receive","time":"yesterday","opcode":1,"data":"x,"},)"
                    R"(42,)"
                    R"({"type":"receive","opcode":1,"data":"still here,"}]}]}})";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 7u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->message, "unsupported opcode 5");
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->message, "unknown message type \"bogus\"");
  ASSERT_TRUE(records[2].error);
  EXPECT_EQ(records[2].error->message, "message has no type");
  ASSERT_TRUE(records[3].error);
  EXPECT_EQ(records[3].error->code, ErrorCode::Invalid);
  EXPECT_EQ(records[3].error->offset, har.find("AAA*") + 3);
  EXPECT_EQ(records[3].error->message, "data is not base64: expected a base64 character, found '*'");
  ASSERT_TRUE(records[4].error);
  EXPECT_EQ(records[4].error->message, "message time is not a number");
  ASSERT_TRUE(records[5].error);
  EXPECT_EQ(records[5].error->offset, har.find("42,"));
  EXPECT_EQ(records[5].error->message, "expected a message object, found '4'");
  EXPECT_FALSE(records[6].error);
  EXPECT_EQ(records[6].payload, "still here,");
}

TEST(HarReader, OversizedMessageIsSkippedWithARecord) {
  ReaderLimits limits;
  limits.max_message_bytes = 8;
  limits.chunk_bytes = 16;
  std::string big(200, 'A');
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[{"type":"send","opcode":2,"data":")" + big +
                    R"("},{"type":"send","opcode":2,"data":"QUJD"}]}]}})";
  auto records = readHar(har, limits);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(records[0].error->offset, har.find(big) - 1);
  EXPECT_EQ(records[0].error->message, "message longer than the limit of 8 bytes");
  EXPECT_FALSE(records[1].error);
  EXPECT_EQ(records[1].payload, "ABC");
  // Whole in one chunk, the same record.
  limits.chunk_bytes = 1 << 16;
  EXPECT_TRUE(sameRecords(readHar(har, limits), records));
}

TEST(HarReader, SkipsHugeValuesWithoutBufferingThem) {
  // A response body far larger than any token the reader may hold (6 x 64 + 16 bytes) is skipped
  // by streaming, escapes and all; buffering it whole would fail with LimitExceeded.
  ReaderLimits limits;
  limits.max_message_bytes = 64;
  limits.chunk_bytes = 32;
  std::string body;
  for (int i = 0; i < 5000; ++i) body += "ab\\\"\\\\cd";
  std::string har = R"({"log":{"entries":[{"response":{"content":{"text":")" + body +
                    R"("}},"_webSocketMessages":[{"type":"receive","opcode":1,"data":"s2,[\"Stream\"]"}]}]}})";
  auto records = readHar(har, limits);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].error);
  EXPECT_EQ(records[0].payload, R"(s2,["Stream"])");
}

TEST(HarReader, TruncatedInputEndsWithATruncatedRecord) {
  auto har = chromeHar();
  std::string cut = har.substr(0, har.find(R"({"type":"receive","time":1589356439.25)") + 40);
  auto records = readHar(cut);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_FALSE(records[0].error);
  EXPECT_FALSE(records[1].error);
  ASSERT_TRUE(records[2].error);
  EXPECT_EQ(records[2].error->code, ErrorCode::Truncated);
  EXPECT_EQ(records[2].error->offset, cut.size());
  EXPECT_EQ(records[2].error->message, "expected the end of the string, found end of input");
  EXPECT_EQ(records[2].conn, "1");
}

TEST(HarReader, SyntaxErrorResynchronisesAtTheNextMessage) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[)"
                    R"({"type":"send","opcode":1 "data":"lost,"},)"
                    R"({"type":"receive","opcode":1,"data":"found,"}]},)"
                    R"({"_webSocketMessages":[{"type":"send","opcode":1,"data":"next entry,"}]}]}})";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 3u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::Invalid);
  EXPECT_EQ(records[0].error->offset, har.find(R"("data":"lost)"));
  EXPECT_EQ(records[0].error->message, "expected ',' or '}', found '\"'");
  EXPECT_EQ(records[1].payload, "found,");
  EXPECT_EQ(records[1].conn, "0");
  EXPECT_EQ(records[2].payload, "next entry,");
  EXPECT_EQ(records[2].conn, "1");
}

TEST(HarReader, GarbageAndTrailingData) {
  auto garbage = readHar("this is not json");
  ASSERT_EQ(garbage.size(), 1u);
  ASSERT_TRUE(garbage[0].error);
  EXPECT_EQ(garbage[0].error->offset, 0u);
  EXPECT_EQ(garbage[0].error->message, "expected a HAR object ('{'), found 't'");

  auto empty = readHar("");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].error->code, ErrorCode::Truncated);

  auto trailing = readHar(R"({"log":{"entries":[]}} x)");
  ASSERT_EQ(trailing.size(), 1u);
  EXPECT_EQ(trailing[0].error->offset, 23u);
  EXPECT_EQ(trailing[0].error->message, "expected the end of input after the HAR object, found 'x'");
}

TEST(HarReader, DeepNestingIsALimit) {
  std::string har = R"({"log":{"entries":[{"x":)" + std::string(1000, '[') + std::string(1000, ']') + "}]}}";
  auto records = readHar(har);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].error);
  EXPECT_EQ(records[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(records[0].error->offset, har.find('[', har.find("\"x\"")) + 256);
}

TEST(HarReader, IoErrorIsTheLastRecord) {
  std::string har = R"({"log":{"entries":[{"_webSocketMessages":[{"type":"send","opcode":1,"data":"a,"},)";
  auto reader = makeHarReader(std::make_unique<testing::FailingSource>(har));
  auto records = readAll(*reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[0].error);
  ASSERT_TRUE(records[1].error);
  EXPECT_EQ(records[1].error->code, ErrorCode::Io);
  EXPECT_EQ(records[1].error->message, "read failed: disk on fire");
}

TEST(HarReader, NextReturnsOptional) {
  auto har = chromeHar();
  auto reader = makeHarReader(makeMemorySource(har));
  EXPECT_EQ(reader->format(), CaptureFormat::Har);
  std::size_t n = 0;
  while (auto m = reader->next()) ++n;
  EXPECT_EQ(n, 4u);
  EXPECT_FALSE(reader->next());
}

}  // namespace
}  // namespace wa::capture
