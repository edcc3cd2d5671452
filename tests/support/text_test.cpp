// UTF-8, JSON strings and text, display escaping and JSON layout: the text helpers every layer shares.
#include <gtest/gtest.h>

#include "wa/support/text/display.h"
#include "wa/support/text/json_layout.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/json_text.h"
#include "wa/support/text/json_writer.h"
#include "wa/support/text/utf8.h"

namespace wa::support {
namespace {

TEST(Utf8, WellFormedOnly) {
  EXPECT_TRUE(isUtf8(""));
  EXPECT_TRUE(isUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(isUtf8("J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(isUtf8("\xc0\xaf"));              // overlong '/'
  EXPECT_FALSE(isUtf8("\xed\xa0\x80"));          // a surrogate
  EXPECT_FALSE(isUtf8("\xf4\x90\x80\x80"));      // past U+10FFFF
  EXPECT_FALSE(isUtf8("abcdefgh\xff"));          // after the fast path
  EXPECT_FALSE(isUtf8("\xe2\x82"));              // cut short
  EXPECT_EQ(utf8SequenceLength("\xe2\x82\xac", 0), 3u);
  EXPECT_EQ(utf8SequenceLength("\x80", 0), 0u);
}

TEST(Utf8, AsciiAtEveryLengthAndPosition) {
  for (std::size_t n = 0; n <= 70; ++n) {
    const std::string plain(n, 'a');
    EXPECT_TRUE(isAscii(plain)) << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string s = plain;
      s[at] = '\x80';
      EXPECT_FALSE(isAscii(s)) << n << " at " << at;
    }
  }
}

TEST(Utf8, LossyReplacesEachByteThatStartsNoSequence) {
  std::string out;
  appendUtf8Lossy(out, "a\xC3\xA9b\xFF\xC3 \xE2\x82");
  EXPECT_EQ(out, "a\xC3\xA9b\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, AppendsEachLengthOfCodePoint) {
  std::string out;
  for (char32_t cp : {U'/', U'\u00e9', U'\u20ac', U'\U0001F600'}) appendUtf8(out, cp);
  EXPECT_EQ(out, "/\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(JsonText, FindsTheFirstBracketTooDeepOutsideStrings) {
  EXPECT_EQ(jsonTooDeepAt(R"([[1],{"a":[2]}])", 3), std::string_view::npos);
  EXPECT_EQ(jsonTooDeepAt(R"([[1],{"a":[2]}])", 2), 10u);
  EXPECT_EQ(jsonTooDeepAt(R"(["[[[\"[[[", []])", 1), 13u);
  EXPECT_EQ(jsonTooDeepAt("]]}[[", 1), 4u);  // stray closers do not go below zero
}

TEST(JsonText, ParseFailuresKeepTheReasonAndStayInTheText) {
  const auto f = jsonParseFailure(
      5, "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing value", 9);
  EXPECT_EQ(f.offset, 4u);
  EXPECT_EQ(f.message, "invalid json: syntax error while parsing value");
  EXPECT_EQ(jsonParseFailure(0, "no prefix", 9).offset, 0u);
  EXPECT_EQ(jsonParseFailure(0, "no prefix", 9).message, "invalid json: no prefix");
  EXPECT_EQ(jsonParseFailure(12, "x: past the end", 9).offset, 9u);
}

TEST(JsonString, QuotesAsPythonsJsonModuleDoes) {
  std::string out;
  appendJsonQuoted(out, "a\"b\\c\n\r\t\b\f\x01\x1f J\xc3\xb6rg\x7f");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f J\xc3\xb6rg\x7f\"");
}

TEST(JsonString, UnescapesEveryFormAndReportsTheBadOne) {
  std::string out;
  EXPECT_FALSE(appendJsonUnescaped(out, R"(a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00)"));
  EXPECT_EQ(out, "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  out.clear();
  EXPECT_FALSE(appendJsonUnescaped(out, R"(\ud83d!)"));  // a lone surrogate
  EXPECT_EQ(out, "\xef\xbf\xbd!");
  out.clear();
  EXPECT_EQ(appendJsonUnescaped(out, R"(ok\x)"), std::optional<std::size_t>(2));
  EXPECT_EQ(appendJsonUnescaped(out, R"(\u12g4)"), std::optional<std::size_t>(0));
}

TEST(JsonWriter, CompactAndPrettyLayouts) {
  for (bool pretty : {false, true}) {
    std::string out;
    JsonWriter w(out, pretty);
    w.beginObject();
    w.key("a");
    w.beginArray();
    w.rawValue("1");
    w.stringValue("x");
    w.endArray();
    w.key("e");
    w.beginObject();
    w.endObject();
    w.key("b");
    w.base64Value("foo");
    w.endObject();
    EXPECT_EQ(out, pretty ? "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"e\": {},\n  \"b\": \"Zm9v\"\n}"
                          : R"({"a":[1,"x"],"e":{},"b":"Zm9v"})");
  }
}

TEST(DisplayText, EscapesWhatATerminalWouldObey) {
  EXPECT_EQ(displayText("plain J\xc3\xb6rg"), "plain J\xc3\xb6rg");
  EXPECT_EQ(displayText("\x1b[31mred\x07"), "\\x1b[31mred\\x07");
  EXPECT_EQ(displayText("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(displayText("\xc2\x9b" "2J \x7f"), "\\u009b2J \\x7f");
  EXPECT_EQ(displayText("\xff\xfe ok"), "\\xff\\xfe ok");
  EXPECT_EQ(displayText("a\\b"), "a\\b");
  EXPECT_EQ(displayText("a\\b\"", DisplayEscapeOptions{.escape_backslash = true, .quote = '"'}), "a\\\\b\\\"");
  EXPECT_TRUE(isDisplaySafe("J\xc3\xb6rg and \\"));
  EXPECT_FALSE(isDisplaySafe("tab\t"));
  EXPECT_FALSE(isDisplaySafe("\xc2\x85"));
  EXPECT_FALSE(isDisplaySafe("\xe2\x82"));
}

// appendJsonRelaid() as it was written first, one byte at a time: the oracle of the one that
// copies runs.
namespace byte_by_byte {
bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

void newline(std::string& out, std::size_t level) {
  out.push_back('\n');
  out.append(2 * level, ' ');
}

// Copies the string token starting at json[i] == '"'; returns the index after its closing quote.
std::size_t copyString(std::string& out, std::string_view json, std::size_t i) {
  out.push_back('"');
  ++i;
  while (i < json.size()) {
    const auto c = static_cast<std::uint8_t>(json[i]);
    if (c == '\\' && i + 1 < json.size()) {
      out.append(json.data() + i, 2);
      i += 2;
      continue;
    }
    if (c == '"') {
      out.push_back('"');
      return i + 1;
    }
    if (c == 0x7F) {
      out.append("\\u007f");
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < json.size() && static_cast<std::uint8_t>(json[i + 1]) >= 0x80 &&
        static_cast<std::uint8_t>(json[i + 1]) < 0xA0) {
      const auto c1 = static_cast<std::uint8_t>(json[i + 1]);
      out.append("\\u00");
      out.push_back("0123456789abcdef"[c1 >> 4]);
      out.push_back("0123456789abcdef"[c1 & 15]);
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
    ++i;
  }
  return i;
}

std::string relaidByteByByte(std::string_view json, bool pretty, std::size_t indent_level) {
  std::string out;
  std::size_t level = indent_level;
  for (std::size_t i = 0; i < json.size();) {
    const char c = json[i];
    if (isSpace(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      i = copyString(out, json, i);
      continue;
    }
    if (!pretty) {
      out.push_back(c);
      ++i;
      continue;
    }
    switch (c) {
      case '[':
      case '{': {
        const char close = c == '[' ? ']' : '}';
        std::size_t j = i + 1;
        while (j < json.size() && isSpace(json[j])) ++j;
        out.push_back(c);
        if (j < json.size() && json[j] == close) {
          out.push_back(close);
          i = j + 1;
          continue;
        }
        newline(out, ++level);
        break;
      }
      case ']':
      case '}':
        if (level > indent_level) --level;
        newline(out, level);
        out.push_back(c);
        break;
      case ',':
        out.push_back(',');
        newline(out, level);
        break;
      case ':':
        out.append(": ");
        break;
      default:
        out.push_back(c);
    }
    ++i;
  }
  return out;
}
}  // namespace byte_by_byte

TEST(JsonLayout, CopiesRunsAsOneByteAtATimeWould) {
  const std::string_view pieces[] = {"\"",       "\\",   "\\\"",    "\x7f",        "\xc2\x80", "\xc2\x9f",
                                     "\xc2\xa0", "\xc2", "\\u00e9", " ",           "\n",       ":",
                                     ",",        "[",    "}",       "\xe2\x82\xac"};
  for (std::size_t n = 0; n <= 40; ++n)
    for (std::size_t at = 0; at <= n; ++at)
      for (std::string_view piece : pieces) {
        std::string body(n, 'x');
        body.insert(at, piece);
        for (const std::string& json : {"[\"" + body + "\",1 , \"y\"]", "{\"k\" : \"" + body, body})
          for (bool pretty : {false, true}) {
            std::string out;
            appendJsonRelaid(out, json, pretty, 1);
            ASSERT_EQ(out, byte_by_byte::relaidByteByByte(json, pretty, 1)) << json << (pretty ? " pretty" : "");
          }
      }
}

TEST(JsonLayout, KeepsTheSendersTokens) {
  const std::string_view json = R"( {"status":200, "ref" : "1@x", "time":1.589e12, "n":[ ], "o":{}, "u":"\u00e9 \"q\""} )";
  std::string compact;
  appendJsonRelaid(compact, json, /*pretty=*/false);
  EXPECT_EQ(compact, R"({"status":200,"ref":"1@x","time":1.589e12,"n":[],"o":{},"u":"\u00e9 \"q\""})");
  std::string pretty;
  appendJsonRelaid(pretty, R"(["a",{"k":[1,2]}])", /*pretty=*/true);
  EXPECT_EQ(pretty, "[\n  \"a\",\n  {\n    \"k\": [\n      1,\n      2\n    ]\n  }\n]");
}

TEST(JsonLayout, EscapesDelAndC1InStringsAndSurvivesBrokenText) {
  std::string out;
  appendJsonRelaid(out, "[\"\x7f\xc2\x9b\"]", false);
  EXPECT_EQ(out, R"(["\u007f\u009b"])");
  out.clear();
  appendJsonRelaid(out, "[\"unterminated \\", true);  // not JSON: laid out without reading past the end
  EXPECT_EQ(out.substr(0, 2), "[\n");
  out.clear();
  appendJsonRelaid(out, "]]]", true, 1);
  EXPECT_EQ(out, "\n  ]\n  ]\n  ]");
}

}  // namespace
}  // namespace wa::support
