// JSON tapes: the text reader takes Python's json grammar and refuses the rest; JsonTapeWriter,
// given the calls that make a JsonWriter write some text, writes the very tape the text reader
// gives for that text (random documents, rollbacks, lossy strings, the depth limit).
#include "wa/support/text/json_tape.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wa/support/text/json_writer.h"

namespace wa::support {
namespace {

std::string tapeOf(std::string_view text) {
  JsonTapeBuffer tape;
  if (!writeJsonTape(tape, text)) return "refused";
  return std::string(tape.view());
}

// The items of a tape, readable in a failure message.
std::string describe(std::string_view tape) {
  std::string out;
  std::size_t i = 0;
  auto u32 = [&] {
    std::uint32_t n = 0;
    std::memcpy(&n, tape.data() + i, 4);
    i += 4;
    return n;
  };
  while (i < tape.size()) {
    const char op = tape[i++];
    out += op;
    switch (static_cast<JsonTapeOp>(op)) {
      case JsonTapeOp::Dict:
      case JsonTapeOp::List: out += std::to_string(u32()); break;
      case JsonTapeOp::Str:
      case JsonTapeOp::Key:
      case JsonTapeOp::BigInt:
      case JsonTapeOp::Raw: {
        const std::uint32_t n = u32();
        if (static_cast<JsonTapeOp>(op) != JsonTapeOp::Raw) out += tape[i++] != 0 ? "a" : "u";
        out += "<" + std::string(tape.substr(i, n)) + ">";
        i += n;
        break;
      }
      case JsonTapeOp::Int:
      case JsonTapeOp::Float: {
        std::int64_t v = 0;
        std::memcpy(&v, tape.data() + i, 8);
        i += 8;
        out += std::to_string(v);
        break;
      }
      default: break;
    }
    out += ' ';
  }
  return out;
}

TEST(JsonTapeText, NumbersAsJsonLoadsTypesThem) {
  EXPECT_EQ(describe(tapeOf("[1,-7,123456789012345678,1234567890123456789,0.5,-0.0,1e3]")),
            describe(tapeOf("[1, -7, 123456789012345678, 1234567890123456789, 0.5, -0.0, 1e3]")));
  const std::string t = describe(tapeOf("[123456789012345678,1234567890123456789]"));
  EXPECT_EQ(t, "a2 i123456789012345678 Ia<1234567890123456789> ");
  JsonTapeBuffer tape;
  ASSERT_TRUE(writeJsonTape(tape, "[NaN,Infinity,-Infinity,2.5]"));
  EXPECT_EQ(tape.view()[5], 'f');
}

TEST(JsonTapeText, StringsUnescapedWithTheirAsciiFlag) {
  EXPECT_EQ(describe(tapeOf(R"({"k":"plain","e":"a\"b\\c\n\u0001","u":"\u00e9","p":"\ud83d\ude00"})")),
            "o4 ka<k> sa<plain> ka<e> sa<a\"b\\c\n\x01> ka<u> su<\xC3\xA9> ka<p> su<\xF0\x9F\x98\x80> ");
  // A lone surrogate keeps its 3-byte form (str() reads it with "surrogatepass").
  EXPECT_EQ(describe(tapeOf(R"("\ud800x")")), "su<\xED\xA0\x80x> ");
}

TEST(JsonTapeText, RefusesWhatJsonLoadsRefuses) {
  for (const char* bad : {"", "[1,]", "{\"a\" 1}", "\"raw\x01\"", "01", "1.", "[1] x", "tru", "\"\\x\"", "{1:2}"})
    EXPECT_EQ(tapeOf(bad), "refused") << bad;
}

TEST(JsonTapeText, DepthLimitIsTheConsumers) {
  const std::string ok = std::string(kJsonTapeMaxDepth, '[') + "1" + std::string(kJsonTapeMaxDepth, ']');
  EXPECT_NE(tapeOf(ok), "refused");
  const std::string deep = "[" + ok + "]";
  EXPECT_EQ(tapeOf(deep), "refused");
  std::string out;
  appendJsonTape(out, deep);
  EXPECT_EQ(out[0], 'R');
  EXPECT_EQ(out.substr(5), deep);
}

// The same calls to a JsonWriter and a JsonTapeWriter.
class Both {
 public:
  explicit Both(std::string& text) : text_(text, false), tape_(buffer_) {}
  void beginArray() { text_.beginArray(), tape_.beginArray(); }
  void endArray() { text_.endArray(), tape_.endArray(); }
  void beginObject() { text_.beginObject(), tape_.beginObject(); }
  void endObject() { text_.endObject(), tape_.endObject(); }
  void key(std::string_view k) { text_.key(k), tape_.key(k); }
  void string(std::string_view s) { text_.stringValue(s), tape_.stringValue(s); }
  void base64(std::string_view s) { text_.base64Value(s), tape_.base64Value(s); }
  void raw(std::string_view s) { text_.rawValue(s), tape_.rawValue(s); }
  void null() { text_.nullValue(), tape_.nullValue(); }
  void boolean(bool b) { text_.boolValue(b), tape_.boolValue(b); }
  std::pair<JsonWriter::Mark, JsonTapeWriter::Mark> mark() { return {text_.mark(), tape_.mark()}; }
  void rollback(const std::pair<JsonWriter::Mark, JsonTapeWriter::Mark>& m) {
    text_.rollback(m.first);
    tape_.rollback(m.second);
  }
  [[nodiscard]] std::string tape() const { return std::string(buffer_.view()); }
  [[nodiscard]] bool failed() const { return tape_.failed(); }
  JsonTapeWriter& tapeWriter() { return tape_; }

 private:
  JsonWriter text_;
  JsonTapeBuffer buffer_;
  JsonTapeWriter tape_;
};

class Random {
 public:
  explicit Random(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::size_t below(std::size_t n) {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return static_cast<std::size_t>((s_ * 2685821657736338717ull) % n);
  }

 private:
  std::uint64_t s_;
};

std::string randomText(Random& r) {
  static const std::vector<std::string> pieces = {"a", "Zoe", " ", "\"", "\\", "/", "\n", "\t", std::string(1, '\0'),
                                                  "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                                  "0123456789abcdef0123456789abcdef0123456789"};
  std::string s;
  const std::size_t n = r.below(6);
  for (std::size_t i = 0; i < n; ++i) s += pieces[r.below(pieces.size())];
  return s;
}

std::string randomNumber(Random& r) {
  static const std::vector<std::string> numbers = {"0",    "-1",     "42",   "123456789012345678", "-12345678901234567",
                                                   "1234567890123456789", "18446744073709551615", "0.5", "-0.0",
                                                   "1e300", "2.5e-3", "1589358533.112425", "1e400"};
  return numbers[r.below(numbers.size())];
}

void randomValue(Both& w, Random& r, int depth) {
  switch (depth > 4 ? r.below(6) : r.below(9)) {
    case 0: w.string(randomText(r)); break;
    case 1: w.raw(randomNumber(r)); break;
    case 2: w.null(); break;
    case 3: w.boolean(r.below(2) == 0); break;
    case 4: w.base64(randomText(r)); break;
    case 5: w.string(""); break;
    case 6:
    case 7: {
      w.beginObject();
      const std::size_t n = r.below(5);
      for (std::size_t i = 0; i < n; ++i) {
        w.key(randomText(r));
        if (r.below(8) == 0) {
          // What the node view does when the canonical path gives up half-way.
          const auto m = w.mark();
          w.beginArray();
          randomValue(w, r, depth + 1);
          w.beginObject();
          w.rollback(m);
        }
        randomValue(w, r, depth + 1);
      }
      w.endObject();
      break;
    }
    default: {
      w.beginArray();
      const std::size_t n = r.below(5);
      for (std::size_t i = 0; i < n; ++i) randomValue(w, r, depth + 1);
      w.endArray();
      break;
    }
  }
}

TEST(JsonTapeWriter, WritesTheTapeOfTheTextJsonWriterWrites) {
  for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
    Random r(seed);
    std::string text;
    Both w(text);
    randomValue(w, r, 0);
    ASSERT_FALSE(w.failed());
    ASSERT_EQ(describe(w.tape()), describe(tapeOf(text))) << "seed " << seed << ": " << text;
    ASSERT_EQ(w.tape(), tapeOf(text)) << "seed " << seed;
  }
}

TEST(JsonTapeWriter, LossyStringsAsTheirText) {
  JsonTapeBuffer buffer;
  JsonTapeWriter w(buffer);
  w.beginArray();
  w.lossyStringValue("ok \xC3\xA9");
  w.lossyStringValue("bad \xFF\xC3 end");
  w.endArray();
  std::string text = "[";
  appendJsonQuotedLossy(text, "ok \xC3\xA9");
  text += ',';
  appendJsonQuotedLossy(text, "bad \xFF\xC3 end");
  text += ']';
  EXPECT_EQ(std::string(buffer.view()), tapeOf(text));
}

TEST(JsonTapeWriter, JsonTextAndRawValuesAsTheTextReaderReadsThem) {
  JsonTapeBuffer buffer;
  JsonTapeWriter w(buffer);
  w.beginObject();
  w.key("json");
  w.jsonTextValue(R"( {"b": [1, 2.5, "x"], "a": null} )");
  w.key("n");
  w.rawValue("1e3");
  w.endObject();
  EXPECT_FALSE(w.failed());
  EXPECT_EQ(std::string(buffer.view()), tapeOf(R"({"json":{"b":[1,2.5,"x"],"a":null},"n":1e3})"));
  w.rawValue("nan");  // not JSON
  EXPECT_TRUE(w.failed());
}

TEST(JsonTapeWriter, FailsPastTheDepthTheTextReaderTakes) {
  for (const std::size_t depth : {kJsonTapeMaxDepth, kJsonTapeMaxDepth + 1}) {
    JsonTapeBuffer buffer;
    JsonTapeWriter w(buffer);
    std::string text;
    JsonWriter t(text, false);
    for (std::size_t i = 0; i < depth; ++i) w.beginArray(), t.beginArray();
    w.nullValue(), t.nullValue();
    for (std::size_t i = 0; i < depth; ++i) w.endArray(), t.endArray();
    EXPECT_EQ(w.failed(), depth > kJsonTapeMaxDepth);
    EXPECT_EQ(tapeOf(text) == "refused", depth > kJsonTapeMaxDepth);
    if (!w.failed()) {
      EXPECT_EQ(std::string(buffer.view()), tapeOf(text));
    }
  }
}

}  // namespace
}  // namespace wa::support
