// Tests of the frame splitter: every frame kind, both directions, opcode guessing and errors.
#include "wa/codec/frame/frame.h"

#include <gtest/gtest.h>

namespace wa::codec {
namespace {

std::string filler(std::size_t n, int seed = 1) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>((i * 131 + static_cast<std::size_t>(seed) * 17 + 7) & 0xff));
  return s;
}

SplitOptions opts(std::optional<Opcode> op, Direction dir = Direction::Unknown) {
  SplitOptions o;
  o.opcode = op;
  o.dir = dir;
  return o;
}

TEST(SplitFrame, KeepAliveAndPong) {
  auto ka = splitFrame("?,,");
  EXPECT_EQ(ka.kind, FrameKind::KeepAlive);
  EXPECT_EQ(ka.tag, "?");
  EXPECT_EQ(ka.dir, Direction::Send);
  EXPECT_TRUE(ka.dir_inferred);
  EXPECT_FALSE(ka.error);

  auto pong = splitFrame("!1589356438000");
  EXPECT_EQ(pong.kind, FrameKind::Pong);
  EXPECT_EQ(pong.pong_ms, 1589356438000u);
  EXPECT_EQ(pong.dir, Direction::Receive);
  EXPECT_FALSE(pong.error);

  auto bad = splitFrame("!15x", opts(Opcode::Text, Direction::Receive));
  EXPECT_EQ(bad.kind, FrameKind::Pong);
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->stage, Stage::Frame);
  EXPECT_EQ(bad.error->offset, 3u);
  EXPECT_EQ(bad.error->message, "expected milliseconds after '!'");
  EXPECT_FALSE(bad.dir_inferred);
}

TEST(SplitFrame, ServerAndClientJson) {
  auto server = splitFrame(R"(s1,["Conn",{"battery":80}])", opts(Opcode::Text));
  EXPECT_EQ(server.kind, FrameKind::Json);
  EXPECT_EQ(server.tag, "s1");
  EXPECT_FALSE(server.two_commas);
  EXPECT_EQ(server.body, R"(["Conn",{"battery":80}])");
  EXPECT_EQ(server.body_offset, 3u);
  EXPECT_EQ(server.json[0], "Conn");
  EXPECT_EQ(server.json[1]["battery"], 80);
  EXPECT_EQ(server.dir, Direction::Receive);
  EXPECT_TRUE(server.dir_inferred);

  auto client = splitFrame(R"(goodbye,,["admin","Conn","disconnect"])");
  EXPECT_EQ(client.kind, FrameKind::Json);
  EXPECT_EQ(client.tag, "goodbye");
  EXPECT_TRUE(client.two_commas);
  EXPECT_EQ(client.body_offset, 9u);
  EXPECT_EQ(client.json[2], "disconnect");
  EXPECT_EQ(client.dir, Direction::Send);

  // A tag is everything before the first comma; the JSON may hold more commas.
  auto reply = splitFrame(R"(1589356438.--0,{"status":200,"ref":"1@a,b"})", opts(Opcode::Text, Direction::Receive));
  EXPECT_EQ(reply.tag, "1589356438.--0");
  EXPECT_EQ(reply.json["ref"], "1@a,b");
  EXPECT_EQ(reply.dir, Direction::Receive);
  EXPECT_FALSE(reply.dir_inferred);

  auto unparsed = splitFrame(R"(x,[1,2])", SplitOptions{Opcode::Text, Direction::Unknown, /*parse_json=*/false, 256});
  EXPECT_TRUE(unparsed.json.is_null());
  EXPECT_FALSE(unparsed.error);
}

TEST(SplitFrame, EmptyFrames) {
  auto a = splitFrame("tag,", opts(Opcode::Text));
  EXPECT_EQ(a.kind, FrameKind::Empty);
  EXPECT_EQ(a.tag, "tag");
  auto b = splitFrame("tag,,", opts(Opcode::Text));
  EXPECT_EQ(b.kind, FrameKind::Empty);
  EXPECT_TRUE(b.two_commas);
  EXPECT_EQ(b.dir, Direction::Send);
  auto c = splitFrame("tag,", opts(Opcode::Binary));
  EXPECT_EQ(c.kind, FrameKind::Empty);
}

TEST(SplitFrame, JsonErrorsCarryOffsets) {
  auto f = splitFrame(R"(s5,["Cmd",{"type":tru}])", opts(Opcode::Text));
  EXPECT_EQ(f.kind, FrameKind::Json);
  EXPECT_EQ(f.tag, "s5");
  ASSERT_TRUE(f.error);
  EXPECT_EQ(f.error->code, ErrorCode::Invalid);
  EXPECT_EQ(f.error->stage, Stage::Frame);
  EXPECT_EQ(f.error->offset, 21u);
  EXPECT_EQ(f.error->message.rfind("invalid json: syntax error while parsing value", 0), 0u) << f.error->message;
  EXPECT_TRUE(f.json.is_null());

  std::string deep = "t," + std::string(300, '[') + std::string(300, ']');
  auto d = splitFrame(deep, opts(Opcode::Text));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(d.error->offset, 2u + 256u);
  EXPECT_EQ(d.error->message, "json nested deeper than the limit of 256");

  auto no_comma = splitFrame("notag", opts(Opcode::Text));
  ASSERT_TRUE(no_comma.error);
  EXPECT_EQ(no_comma.error->offset, 5u);
  EXPECT_EQ(no_comma.error->message, "expected ',' after the tag, found end of frame");
}

TEST(SplitFrame, ServerBinary) {
  std::string body = filler(48 + 32);
  std::string frame = "1589356439-12," + body;  // the frame's views point into it
  auto f = splitFrame(frame, opts(Opcode::Binary));
  EXPECT_EQ(f.kind, FrameKind::Binary);
  EXPECT_EQ(f.tag, "1589356439-12");
  EXPECT_EQ(f.body, body);
  EXPECT_EQ(f.body_offset, 14u);
  EXPECT_FALSE(f.metric);
  EXPECT_EQ(f.dir, Direction::Receive);  // (80 - 48) % 16 == 0
  EXPECT_TRUE(f.dir_inferred);
  EXPECT_FALSE(f.error);
}

TEST(SplitFrame, ClientBinaryWithMetricAndFlags) {
  std::string body = filler(48 + 16);
  std::string frame = std::string("3EB0ABCDEF,") + "\x10\x80" + body;
  auto f = splitFrame(frame, opts(Opcode::Binary));
  EXPECT_EQ(f.kind, FrameKind::Binary);
  EXPECT_EQ(f.dir, Direction::Send);  // (66 - 50) % 16 == 0
  EXPECT_TRUE(f.dir_inferred);
  ASSERT_TRUE(f.metric);
  EXPECT_EQ(*f.metric, 16);
  EXPECT_EQ(*f.flags, 0x80);
  EXPECT_EQ(f.body, body);
  EXPECT_EQ(f.body_offset, 13u);

  // With the direction given, the layout follows it even when the length rule would disagree.
  auto given = splitFrame("t," + std::string("\x08\x40", 2) + filler(48 + 16 + 16 - 2), opts(Opcode::Binary, Direction::Send));
  EXPECT_EQ(*given.metric, 8);
  EXPECT_FALSE(given.dir_inferred);
}

TEST(SplitFrame, MetriclessClientBinary) {
  std::string body = filler(48 + 32);
  std::string frame = "t,," + body;
  auto f = splitFrame(frame, opts(Opcode::Binary));
  EXPECT_EQ(f.dir, Direction::Send);
  EXPECT_TRUE(f.two_commas);
  EXPECT_FALSE(f.metric);
  EXPECT_EQ(f.body, body);
}

TEST(SplitFrame, MetricByteThatIsAComma) {
  // Metric 44 is ',': the length rule still tells the metric-and-flags layout.
  std::string frame = "t," + std::string(",\x80", 2) + filler(48 + 16);
  auto f = splitFrame(frame, opts(Opcode::Binary));
  EXPECT_EQ(f.dir, Direction::Send);
  EXPECT_FALSE(f.two_commas);
  ASSERT_TRUE(f.metric);
  EXPECT_EQ(*f.metric, 44);
}

TEST(SplitFrame, ShortBinaryIsTruncated) {
  std::string frame = "t," + filler(40);
  auto s = splitFrame(frame, opts(Opcode::Binary, Direction::Receive));
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->code, ErrorCode::Truncated);
  EXPECT_EQ(s.error->offset, 42u);
  EXPECT_EQ(s.error->message, "expected hmac, iv and a cipher block (64 bytes) after the tag, found 40 bytes");
  EXPECT_EQ(s.tag, "t");

  auto c = splitFrame("t," + filler(10), opts(Opcode::Binary, Direction::Send));
  ASSERT_TRUE(c.error);
  EXPECT_EQ(c.error->message,
            "expected metric, flags, hmac, iv and a cipher block (66 bytes) after the tag, found 10 bytes");
  EXPECT_TRUE(c.metric);

  auto unknown = splitFrame("t," + filler(70), opts(Opcode::Binary));
  EXPECT_EQ(unknown.dir, Direction::Unknown);
  EXPECT_FALSE(unknown.dir_inferred);
  EXPECT_FALSE(unknown.error);
}

TEST(GuessOpcode, ByContent) {
  EXPECT_EQ(guessOpcode("?,,"), Opcode::Text);
  EXPECT_EQ(guessOpcode("!12"), Opcode::Text);
  EXPECT_EQ(guessOpcode(R"(s1,["Conn"])"), Opcode::Text);
  EXPECT_EQ(guessOpcode(R"(t,,["admin"])"), Opcode::Text);
  EXPECT_EQ(guessOpcode("t,"), Opcode::Text);
  EXPECT_EQ(guessOpcode("t,  {\"a\":\"\xc3\xa9\"}"), Opcode::Text);
  EXPECT_EQ(guessOpcode("t," + filler(64)), Opcode::Binary);
  EXPECT_EQ(guessOpcode("t,[\xff]"), Opcode::Binary);
  EXPECT_EQ(guessOpcode(std::string("t,[\x01]", 5)), Opcode::Binary);
  EXPECT_EQ(guessOpcode("t,xyz"), Opcode::Binary);
}

TEST(FrameKindNames, Stable) {
  EXPECT_EQ(toString(FrameKind::Json), "json");
  EXPECT_EQ(toString(FrameKind::Binary), "binary");
  EXPECT_EQ(toString(FrameKind::KeepAlive), "keepalive");
  EXPECT_EQ(toString(FrameKind::Pong), "pong");
  EXPECT_EQ(toString(FrameKind::Empty), "empty");
}

// Checking without keeping: the same verdict and error as parsing, and no document.
TEST(SplitFrame, JsonCheckedWithoutKeepingGivesTheSameErrors) {
  for (const char* payload : {R"(t,{"a":[1,2,{"b":null}]})", "t,[1,2", "t,{\"a\":1,}", "t,[1e400]", "t,[\"\\ud800\"]",
                              "t,[\"x\"] y", "t,[[[[[[[[[[1]]]]]]]]]]", "t,tru", "t,\"\\u00e9\"", "t,01"}) {
    SplitOptions keep{Opcode::Text, Direction::Receive};
    keep.max_json_depth = 8;
    SplitOptions check = keep;
    check.keep_json = false;
    const Frame a = splitFrame(payload, keep), b = splitFrame(payload, check);
    EXPECT_EQ(a.error, b.error) << payload;
    EXPECT_EQ(a.kind, b.kind) << payload;
    EXPECT_TRUE(b.json.is_null()) << payload;
  }
  EXPECT_FALSE(splitFrame(R"(t,{"a":1})", SplitOptions{Opcode::Text}).json.is_null());
}

}  // namespace
}  // namespace wa::codec
