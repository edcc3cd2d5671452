// Unit tests of the decoder's walk as its observers see it: each run of bytes once, in order, with
// its offset, role and value, and the hooks that come before a check that then fails.
#include "node/decoder_walk.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wa/codec/node/encoder.h"

namespace wa::codec::detail {
namespace {

using Bytes = std::vector<std::uint8_t>;

const char* roleName(StringRole role) {
  switch (role) {
    case StringRole::Description:
      return "description";
    case StringRole::AttributeKey:
      return "key";
    case StringRole::AttributeValue:
      return "value";
    case StringRole::Content:
      return "content";
    case StringRole::JidUser:
      return "user";
    case StringRole::JidServer:
      return "server";
  }
  return "?";
}

// Each hook as one line: "<hook> <offset>+<size> d<depth> ...".
struct Recorder {
  std::vector<std::string> events;

  static std::string run(std::string_view hook, std::size_t offset, ByteView bytes, std::size_t depth) {
    return fmt::format("{} {}+{} d{}", hook, offset, bytes.size(), depth);
  }
  void nodeHeader(const NodeHeaderRun& r) {
    events.push_back(run("node", r.offset, r.bytes, r.depth) +
                     fmt::format(" {} size {} child {}/{}", tagName(r.tag), r.size, r.child_index, r.child_count));
  }
  void string(const StringRun& r) {
    events.push_back(
        run("string", r.offset, r.bytes, r.depth) +
        fmt::format(" {} tag {} {}", roleName(r.role), r.tag, r.is_null ? "null" : "'" + std::string(r.value) + "'"));
  }
  void jidBegin(const JidRun& r) {
    events.push_back(run("jid", r.offset, r.bytes, r.depth) +
                     fmt::format(" {} {} agent {} device {}", roleName(r.role), tagName(r.tag), r.agent, r.device));
  }
  void jidEnd(const JidRun& r, std::string_view value, bool user_null) {
    events.push_back(fmt::format("jid end {} '{}'{}", r.offset, value, user_null ? " no user" : ""));
  }
  void childrenHeader(const ContentRun& r) {
    events.push_back(run("children", r.offset, r.bytes, r.depth) + fmt::format(" {} of <{}>", r.count, r.description));
  }
  void binaryHeader(const ContentRun& r) {
    events.push_back(run("binary", r.offset, r.bytes, r.depth) +
                     fmt::format(" length {} of <{}>", r.count, r.description));
  }
  void binaryContent(const ContentRun& r) {
    events.push_back(run("bytes", r.offset, r.bytes, r.depth) + fmt::format(" of <{}>", r.description));
  }
};

struct Walked {
  std::vector<std::string> events;
  Expected<void> result;
  Node node;
};

Walked walk(const Bytes& b, const DecodeLimits& limits = {}) {
  Walked w;
  Recorder recorder;
  w.result = Decoder<Recorder>(ByteView(b), limits, recorder).run(w.node);
  w.events = std::move(recorder.events);
  return w;
}

TEST(DecoderWalk, SeesEachRunInOrder) {
  // <action add="relay"><presence from="15550101475@c.us"/></action> as the server writes it.
  auto bytes =
      encodeNode(makeParentNode("action", {{"add", "relay"}}, {makeNode("presence", {{"from", "15550101475@c.us"}})}),
                 EncodeStyle::Server);
  ASSERT_TRUE(bytes);
  const Bytes b(bytes->begin(), bytes->end());
  auto w = walk(b);
  ASSERT_TRUE(w.result);
  EXPECT_EQ(w.events, (std::vector<std::string>{
                          "node 0+2 d0 LIST_8 size 4 child 0/0",
                          "string 2+1 d0 description tag 9 'action'",
                          "string 3+1 d0 key tag 10 'add'",
                          "string 4+1 d0 value tag 75 'relay'",
                          "children 5+2 d0 1 of <action>",
                          "node 7+2 d1 LIST_8 size 3 child 0/1",
                          "string 9+1 d1 description tag 65 'presence'",
                          "string 10+1 d1 key tag 34 'from'",
                          "jid 11+1 d1 value JID_PAIR agent 0 device 0",
                          "string 12+8 d1 user tag 255 '15550101475'",
                          "string 20+1 d1 server tag 80 'c.us'",
                          "jid end 11 '15550101475@c.us'",
                      }));
  // The walk with this observer decodes what decodeNode() decodes.
  auto plain = decodeNode(ByteView(b));
  ASSERT_TRUE(plain);
  EXPECT_EQ(w.node, *plain);
}

TEST(DecoderWalk, JidAdNullsAndBinaryContent) {
  // <message x=null y=JID_PAIR(null, g.us) z=JID_AD(1, 2, "5551")> BINARY_8 2 bytes
  const Bytes b = {0xf8, 0x08, 52,                                 // list size 8: description, 3 attributes, content
                   39,   0x00,                                     // id = null
                   34,   0xfa, 0x00, 35,                           // from = JID_PAIR(null, g.us)
                   91,   0xf7, 1,    2,   0xff, 0x02, 0x55, 0x51,  // type = JID_AD
                   0xfc, 0x02, 0x0a, 0x00};
  auto w = walk(b);
  ASSERT_TRUE(w.result) << w.result.error().message;
  EXPECT_EQ(w.events, (std::vector<std::string>{
                          "node 0+2 d0 LIST_8 size 8 child 0/0",
                          "string 2+1 d0 description tag 52 'message'",
                          "string 3+1 d0 key tag 39 'id'",
                          "string 4+1 d0 value tag 0 null",
                          "string 5+1 d0 key tag 34 'from'",
                          "jid 6+1 d0 value JID_PAIR agent 0 device 0",
                          "string 7+1 d0 user tag 0 null",
                          "string 8+1 d0 server tag 35 'g.us'",
                          "jid end 6 'g.us' no user",
                          "string 9+1 d0 key tag 91 'type'",
                          "jid 10+3 d0 value JID_AD agent 1 device 2",
                          "string 13+4 d0 user tag 255 '5551'",
                          "jid end 10 '5551.1:2@c.us'",
                          "binary 17+2 d0 length 2 of <message>",
                          "bytes 19+2 d0 of <message>",
                      }));
}

TEST(DecoderWalk, HooksThatComeBeforeAFailedCheck) {
  // A child count beyond the input: the list header is seen, then the walk fails after it.
  auto children = walk({0xf8, 0x02, 9, 0xf8, 0x05, 0xf8});
  ASSERT_FALSE(children.result);
  EXPECT_EQ(children.result.error().offset, 5u);
  EXPECT_EQ(children.events.back(), "children 3+2 d0 5 of <action>");

  // A binary length beyond the input: the header is seen, not the bytes.
  auto binary = walk({0xf8, 0x02, 9, 0xfc, 0x0a, 0x01});
  ASSERT_FALSE(binary.result);
  EXPECT_EQ(binary.result.error().code, ErrorCode::Truncated);
  EXPECT_EQ(binary.result.error().offset, 5u);
  EXPECT_EQ(binary.events.back(), "binary 3+2 d0 length 10 of <action>");

  // An empty description is a string that decodes, and then fails at its own offset.
  auto empty = walk({0xf8, 0x01, 0xfc, 0x00});
  ASSERT_FALSE(empty.result);
  EXPECT_EQ(empty.result.error().offset, 2u);
  EXPECT_EQ(empty.result.error().message, "expected a node description, found an empty string");
  EXPECT_EQ(empty.events.back(), "string 2+2 d0 description tag 252 ''");

  // A JID_PAIR without a server: the parts are seen, not the end.
  auto server = walk({0xf8, 0x03, 9, 34, 0xfa, 0x00, 0x00});
  ASSERT_FALSE(server.result);
  EXPECT_EQ(server.result.error().offset, 6u);
  EXPECT_EQ(server.events.back(), "string 6+1 d0 server tag 0 null");

  // A string that does not decode is not seen at all.
  auto nibble = walk({0xf8, 0x03, 9, 34, 0xff, 0x01, 0xc0});
  ASSERT_FALSE(nibble.result);
  EXPECT_EQ(nibble.result.error().offset, 6u);
  EXPECT_EQ(nibble.events.back(), "string 3+1 d0 key tag 34 'from'");

  // The depth limit: the first node too deep has no header.
  DecodeLimits limits;
  limits.max_depth = 2;
  auto deep = walk({0xf8, 0x02, 9, 0xf8, 0x01, 0xf8, 0x02, 9, 0xf8, 0x01, 0xf8, 0x01, 9}, limits);
  ASSERT_FALSE(deep.result);
  EXPECT_EQ(deep.result.error().code, ErrorCode::LimitExceeded);
  EXPECT_EQ(deep.result.error().offset, 10u);
  EXPECT_EQ(deep.events.back(), "children 8+2 d1 1 of <action>");
}

}  // namespace
}  // namespace wa::codec::detail
