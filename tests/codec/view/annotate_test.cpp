// Unit tests of the node annotator: exact items per tag, the text table, agreement with the decoder.
#include "wa/codec/view/annotate.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers/random_nodes.h"
#include "wa/codec/node/encoder.h"

namespace wa::codec {
namespace {

using Bytes = std::vector<std::uint8_t>;

NodeAnnotation annotate(const Bytes& b, DecodeLimits limits = {}) { return annotateNode(ByteView(b), limits); }

// Items as "offset+size depth role: meaning" lines, for compact exact comparisons.
std::vector<std::string> lines(const NodeAnnotation& a) {
  std::vector<std::string> out;
  for (const auto& i : a.items)
    out.push_back(std::to_string(i.offset) + "+" + std::to_string(i.size) + " " + std::to_string(i.depth) + " " +
                  i.role + ": " + i.meaning);
  return out;
}

// The items cover [0, end) without gaps or overlaps; returns end.
std::size_t coveredPrefix(const NodeAnnotation& a) {
  std::size_t end = 0;
  for (const auto& i : a.items) {
    EXPECT_EQ(i.offset, end) << "gap or overlap before " << i.role << ": " << i.meaning;
    EXPECT_GE(i.size, 1u);
    end = i.offset + i.size;
  }
  return end;
}

// Tokens used below: 9 "action", 10 "add", 34 "from", 35 "g.us", 52 "message", 65 "presence",
// 80 "s.whatsapp.net", 82 "set", 87 "t", 91 "type", 107 "epoch".

TEST(Annotate, NodeWithTokensAndANibbleValue) {
  // <action type="set" epoch="1"/> as the server writes it.
  auto a = annotate({0xf8, 0x05, 9, 91, 82, 107, 0xff, 0x81, 0x1f});
  ASSERT_FALSE(a.error);
  EXPECT_EQ(lines(a), (std::vector<std::string>{
                          "0+2 0 node: LIST_8 size 5: <action> with 2 attributes, no content (odd size)",
                          "2+1 0 description: token 9 \"action\"",
                          "3+1 0 attribute key: token 91 \"type\"",
                          "4+1 0 attribute value: token 82 \"set\"",
                          "5+1 0 attribute key: token 107 \"epoch\"",
                          "6+3 0 attribute value: NIBBLE_8 1 byte, odd (pad f dropped) -> \"1\"",
                      }));
}

TEST(Annotate, JidPairChildrenAndToken80) {
  // <action add="relay"><presence from="15550101475@c.us"/></action>
  auto bytes = encodeNode(makeParentNode("action", {{"add", "relay"}},
                                         {makeNode("presence", {{"from", "15550101475@c.us"}})}),
                          EncodeStyle::Server);
  ASSERT_TRUE(bytes);
  Bytes b(bytes->begin(), bytes->end());
  auto a = annotate(b);
  ASSERT_FALSE(a.error);
  EXPECT_EQ(coveredPrefix(a), b.size());
  EXPECT_EQ(lines(a), (std::vector<std::string>{
                          "0+2 0 node: LIST_8 size 4: <action> with 1 attribute, content",
                          "2+1 0 description: token 9 \"action\"",
                          "3+1 0 attribute key: token 10 \"add\"",
                          "4+1 0 attribute value: token 75 \"relay\"",
                          "5+2 0 content: LIST_8 size 1: 1 child node",
                          "7+2 1 child 1 of 1: LIST_8 size 3: <presence> with 1 attribute, no content (odd size)",
                          "9+1 1 description: token 65 \"presence\"",
                          "10+1 1 attribute key: token 34 \"from\"",
                          "11+1 1 attribute value: JID_PAIR -> \"15550101475@c.us\"",
                          "12+8 2 user: NIBBLE_8 6 bytes, odd (pad f dropped) -> \"15550101475\"",
                          "20+1 2 server: token 80 \"s.whatsapp.net\", read as \"c.us\"",
                      }));
}

TEST(Annotate, RemainingStringTags) {
  // <t id=HEX_8 odd "ABC" x=null y=JID_PAIR(null, g.us) z=JID_AD(1, 2, "5551")> BINARY_20 300 bytes
  Bytes b = {0xf8, 0x0a, 87,                       // list size 10: description, 4 attributes, content
             39, 0xfb, 0x82, 0xab, 0xc0,            // id = HEX_8 "ABC"
             10, 0x00,                              // add = null
             34, 0xfa, 0x00, 35,                    // from = JID_PAIR(null, g.us)
             91, 0xf7, 1, 2, 0xff, 0x02, 0x55, 0x51,  // type = JID_AD
             0xfd, 0x00, 0x01, 0x2c};
  b.resize(b.size() + 300, 'x');
  auto a = annotate(b);
  ASSERT_FALSE(a.error) << a.error->message;
  EXPECT_EQ(coveredPrefix(a), b.size());
  auto l = lines(a);
  ASSERT_EQ(l.size(), 15u);
  EXPECT_EQ(l[3], "4+4 0 attribute value: HEX_8 2 bytes, odd (pad 0 dropped) -> \"ABC\"");
  EXPECT_EQ(l[5], "9+1 0 attribute value: LIST_EMPTY -> null");
  EXPECT_EQ(l[7], "11+1 0 attribute value: JID_PAIR -> \"g.us\" (no user: the server alone)");
  EXPECT_EQ(l[8], "12+1 1 user: LIST_EMPTY -> null");
  EXPECT_EQ(l[9], "13+1 1 server: token 35 \"g.us\"");
  EXPECT_EQ(l[11], "15+3 0 attribute value: JID_AD agent 1, device 2 -> \"5551.1:2@c.us\"");
  EXPECT_EQ(l[12], "18+4 1 user: NIBBLE_8 2 bytes -> \"5551\"");
  EXPECT_EQ(l[13], "22+4 0 content: BINARY_20 length 300: raw bytes");
  EXPECT_EQ(l[14], "26+300 1 bytes: 300 bytes");
  EXPECT_EQ(a.items[14].meaning, "300 bytes");
}

TEST(Annotate, BinaryStringsAreQuotedAndEscaped) {
  // <message> with an attribute of non-UTF-8 bytes, and raw content.
  auto a = annotate({0xf8, 0x04, 52, 39, 0xfc, 0x03, 'a', 0xff, '"', 0xfc, 0x02, 'h', '\n'});
  ASSERT_FALSE(a.error);
  auto l = lines(a);
  ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(l[3], "4+5 0 attribute value: BINARY_8 length 3 -> \"a\\xff\\\"\"");
  EXPECT_EQ(l[4], "9+2 0 content: BINARY_8 length 2: raw bytes");
  auto utf8 = annotate({0xf8, 0x03, 52, 39, 0xfc, 0x03, 'a', 0xc3, 0xa9});
  ASSERT_FALSE(utf8.error);
  EXPECT_EQ(utf8.items.back().meaning, "BINARY_8 length 3 -> \"a\xc3\xa9\"");
}

TEST(Annotate, MessageBytesAreNamed) {
  auto a = annotate({0xf8, 0x02, 52, 0xfc, 0x02, 0x0a, 0x00});
  ASSERT_FALSE(a.error);
  EXPECT_EQ(a.items.back().meaning, "2 bytes (a WebMessageInfo protobuf)");
  EXPECT_EQ(a.items.back().role, "bytes");
  EXPECT_EQ(a.items.back().depth, 1u);
}

TEST(Annotate, EmptyChildListAndList16) {
  auto a = annotate({0xf9, 0x00, 0x02, 9, 0x00});
  ASSERT_FALSE(a.error);
  EXPECT_EQ(lines(a), (std::vector<std::string>{
                          "0+3 0 node: LIST_16 size 2: <action> with 0 attributes, content",
                          "3+1 0 description: token 9 \"action\"",
                          "4+1 0 content: LIST_EMPTY: no child nodes",
                      }));
}

TEST(Annotate, ErrorsAreTheDecodersAndItemsStopBeforeThem) {
  // Trailing bytes: the node is annotated, then the error.
  Bytes trailing = {0xf8, 0x01, 9, 0xaa, 0xbb};
  auto a = annotate(trailing);
  ASSERT_TRUE(a.error);
  EXPECT_EQ(a.error->code, ErrorCode::Invalid);
  EXPECT_EQ(a.error->offset, 3u);
  EXPECT_EQ(a.error->message, "expected the end of the node, found 2 trailing bytes");
  EXPECT_EQ(coveredPrefix(a), 3u);

  // The double-byte dictionary: the header and nothing of the description.
  auto d = annotate({0xf8, 0x01, 0xed, 0x05});
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::Unsupported);
  EXPECT_EQ(d.error->offset, 2u);
  EXPECT_EQ(lines(d), (std::vector<std::string>{"0+2 0 node: LIST_8 size 1: 0 attributes, no content (odd size)"}));

  // A string longer than the input.
  auto t = annotate({0xf8, 0x02, 9, 0xfc, 0x0a, 0x01});
  ASSERT_TRUE(t.error);
  EXPECT_EQ(t.error->code, ErrorCode::Truncated);
  EXPECT_EQ(coveredPrefix(t), 5u);  // the content header is still true

  // Depth limit.
  Bytes deep;
  for (int i = 0; i < 5; ++i) deep.insert(deep.end(), {0xf8, 0x02, 9, 0xf8, 0x01});
  deep.insert(deep.end(), {0xf8, 0x01, 9});
  DecodeLimits limits;
  limits.max_depth = 3;
  auto l = annotate(deep, limits);
  ASSERT_TRUE(l.error);
  EXPECT_EQ(l.error->code, ErrorCode::LimitExceeded);
  auto decoded = decodeNode(ByteView(deep), limits);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(l.error->offset, decoded.error().offset);

  auto empty = annotate({});
  ASSERT_TRUE(empty.error);
  EXPECT_EQ(empty.error->code, ErrorCode::Truncated);
  EXPECT_TRUE(empty.items.empty());
}

TEST(Annotate, AJidDescriptionNamesTheNode) {
  auto a = annotate({0xf8, 0x01, 0xfa, 0x00, 35});  // <g.us/> written as JID_PAIR(null, g.us)
  ASSERT_FALSE(a.error);
  EXPECT_EQ(lines(a), (std::vector<std::string>{
                          "0+2 0 node: LIST_8 size 1: <g.us> with 0 attributes, no content (odd size)",
                          "2+1 0 description: JID_PAIR -> \"g.us\" (no user: the server alone)",
                          "3+1 1 user: LIST_EMPTY -> null",
                          "4+1 1 server: token 35 \"g.us\"",
                      }));
}

TEST(Annotate, RunsRefusedAfterTheyWereReadAreLeftOut) {
  // A JID_PAIR whose server is null: the JID's opening and its user stay, unfinished; the server
  // (where the error is) does not.
  auto server = annotate({0xf8, 0x03, 9, 34, 0xfa, 0xff, 0x81, 0x1f, 0x00});
  ASSERT_TRUE(server.error);
  EXPECT_EQ(server.error->offset, 8u);
  EXPECT_EQ(server.error->message, "expected a JID server, found LIST_EMPTY");
  EXPECT_EQ(lines(server), (std::vector<std::string>{
                               "0+2 0 node: LIST_8 size 3: <action> with 1 attribute, no content (odd size)",
                               "2+1 0 description: token 9 \"action\"",
                               "3+1 0 attribute key: token 34 \"from\"",
                               "4+1 0 attribute value: JID_PAIR",
                               "5+3 1 user: NIBBLE_8 1 byte, odd (pad f dropped) -> \"1\"",
                           }));

  // A JID_AD whose user is null.
  auto user = annotate({0xf8, 0x03, 9, 34, 0xf7, 0, 3, 0x00});
  ASSERT_TRUE(user.error);
  EXPECT_EQ(user.error->offset, 7u);
  EXPECT_EQ(user.items.back().meaning, "JID_AD");
  EXPECT_EQ(coveredPrefix(user), 7u);

  // An empty description: the header keeps no name, and the description is left out.
  auto empty = annotate({0xf8, 0x01, 0xfc, 0x00});
  ASSERT_TRUE(empty.error);
  EXPECT_EQ(empty.error->offset, 2u);
  EXPECT_EQ(lines(empty), (std::vector<std::string>{"0+2 0 node: LIST_8 size 1: 0 attributes, no content (odd size)"}));

  // A null attribute key.
  auto key = annotate({0xf8, 0x03, 9, 0x00, 9});
  ASSERT_TRUE(key.error);
  EXPECT_EQ(key.error->offset, 3u);
  EXPECT_EQ(coveredPrefix(key), 3u);
}

TEST(Annotate, FormatsATable) {
  Bytes b = {0xf8, 0x05, 9, 91, 82, 107, 0xff, 0x81, 0x1f};
  EXPECT_EQ(formatAnnotation(ByteView(b), annotateNode(ByteView(b))),
            "offset  bytes                    meaning\n"
            "0000    f8 05                    node: LIST_8 size 5: <action> with 2 attributes, no content (odd size)\n"
            "0002    09                       description: token 9 \"action\"\n"
            "0003    5b                       attribute key: token 91 \"type\"\n"
            "0004    52                       attribute value: token 82 \"set\"\n"
            "0005    6b                       attribute key: token 107 \"epoch\"\n"
            "0006    ff 81 1f                 attribute value: NIBBLE_8 1 byte, odd (pad f dropped) -> \"1\"\n");
}

TEST(Annotate, FormatWrapsLongRunsElidesAndMarksErrors) {
  Bytes b = {0xf8, 0x02, 9, 0xfc, 20};
  b.resize(b.size() + 20, 0x41);
  b.push_back(0x99);  // trailing
  AnnotationFormat format;
  format.bytes_per_line = 4;
  format.max_run_bytes = 10;
  std::string text = formatAnnotation(ByteView(b), annotateNode(ByteView(b)), format);
  EXPECT_EQ(text,
            "offset  bytes        meaning\n"
            "0000    f8 02        node: LIST_8 size 2: <action> with 0 attributes, content\n"
            "0002    09           description: token 9 \"action\"\n"
            "0003    fc 14        content: BINARY_8 length 20: raw bytes\n"
            "0005    41 41 41 41    bytes: 20 bytes\n"
            "0009    41 41 41 41\n"
            "000d    41 41\n"
            "        ...          (10 more bytes)\n"
            "0019    99           <?> decode at offset 0x19 (25): expected the end of the node, found 1 trailing "
            "bytes\n");
}

// Every byte sequence the decoder accepts is annotated in full; every one it refuses gets its error.
void checkAgreement(const Bytes& b) {
  auto a = annotate(b);
  auto decoded = decodeNode(ByteView(b));
  if (decoded) {
    ASSERT_FALSE(a.error) << a.error->message;
    ASSERT_EQ(coveredPrefix(a), b.size());
  } else {
    ASSERT_TRUE(a.error);
    EXPECT_EQ(a.error->code, decoded.error().code);
    EXPECT_EQ(a.error->offset, decoded.error().offset);
    EXPECT_EQ(a.error->message, decoded.error().message);
    EXPECT_LE(coveredPrefix(a), a.error->offset);
  }
}

TEST(Annotate, AgreesWithTheDecoderOnRandomTreesAndMutations) {
  testing::Rng rng(2024);
  for (auto style : {EncodeStyle::Server, EncodeStyle::WebClient, EncodeStyle::Plain}) {
    testing::RandomNodeOptions options;
    options.style = style;
    options.max_depth = 4;
    options.max_children = 4;
    for (int i = 0; i < 150; ++i) {
      auto bytes = encodeNode(testing::randomNode(rng, options), style);
      ASSERT_TRUE(bytes);
      Bytes b(bytes->begin(), bytes->end());
      checkAgreement(b);
      for (int m = 0; m < 8; ++m) {
        Bytes mutated = b;
        switch (rng.below(3)) {
          case 0: mutated[rng.below(mutated.size())] = static_cast<std::uint8_t>(rng.below(256)); break;
          case 1: mutated.resize(rng.below(mutated.size())); break;
          default: mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(rng.below(mutated.size())),
                                  static_cast<std::uint8_t>(rng.below(256)));
        }
        checkAgreement(mutated);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

Bytes fromHex(const std::string& line) {
  Bytes b;
  std::string digits;
  for (char c : line)
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    b.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return b;
}

TEST(Annotate, CommittedNodeCorpus) {
  for (const char* name : {"ok_small", "ok_small_webclient", "ok_small_plain", "ok_history", "ok_contacts",
                           "ok_chats", "ok_group", "ok_mixed", "bad_double_byte_dictionary",
                           "bad_length_beyond_input", "bad_list_size_zero", "bad_nibble_value",
                           "bad_stream_end_description", "bad_too_deep", "bad_trailing_bytes",
                           "bad_truncated_list_size", "bad_unknown_token"}) {
    std::ifstream in(std::string(WA_SOURCE_DIR) + "/corpus/nodes/" + name + ".hex");
    ASSERT_TRUE(in) << name;
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      SCOPED_TRACE(name);
      Bytes b = fromHex(line);
      checkAgreement(b);
      EXPECT_EQ(annotate(b).error.has_value(), std::string(name).starts_with("bad_"));
      ++count;
    }
    EXPECT_GT(count, 0u) << name;
  }
}

}  // namespace
}  // namespace wa::codec
