// The text helpers give the same results, failures, offsets and partial output with every
// instruction set as with the portable code: each variant is forced in turn (useTextIsa) on inputs
// built around the block sizes (16 and 32) and on random ones.
#include "wa/support/text/text_isa.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/utf8.h"

namespace wa::support {

void PrintTo(TextIsa isa, std::ostream* os) { *os << textIsaName(isa); }

namespace {

constexpr std::size_t kMaxLength = 300;  // every length up to here: blocks of 16 and 32, and the tails

// What one call of a helper gave: its output and, for decoders, the failure.
struct Outcome {
  std::string out;
  bool failed = false;
  TextDecodeFailure::Kind kind{};
  std::size_t offset = 0;
  bool operator==(const Outcome& o) const {
    return out == o.out && failed == o.failed && (!failed || (kind == o.kind && offset == o.offset));
  }
};

Outcome outcome(std::string out, const std::optional<TextDecodeFailure>& f) {
  Outcome o;
  o.out = std::move(out);
  if (f) {
    o.failed = true;
    o.kind = f->kind;
    o.offset = f->offset;
  }
  return o;
}

std::string randomBytes(std::mt19937& rng, std::size_t n) {
  std::string bytes(n, '\0');
  for (auto& b : bytes) b = static_cast<char>(rng());
  return bytes;
}

std::string printable(std::string_view s) {
  std::string r;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      r += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      r += "\\x";
      r += kHex[c >> 4];
      r += kHex[c & 15];
    }
  }
  return r;
}

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  os << "out \"" << printable(o.out) << "\"";
  if (o.failed) os << ", failure kind " << static_cast<int>(o.kind) << " at " << o.offset;
  return os;
}

// Runs each check under the portable code and under the variant of the test, and compares.
class TextIsaTest : public ::testing::TestWithParam<TextIsa> {
 protected:
  void SetUp() override {
    if (!textIsaSupported(GetParam())) GTEST_SKIP() << textIsaName(GetParam()) << " is not supported here";
    restore_ = textIsa();
  }
  void TearDown() override { useTextIsa(restore_); }

  template <class F>
  auto under(TextIsa isa, F f) {
    EXPECT_TRUE(useTextIsa(isa));
    EXPECT_EQ(textIsa(), isa);
    return f();
  }
  // f() under both; a failure names the input.
  template <class F>
  void same(std::string_view what, std::string_view input, F f) {
    const auto expected = under(TextIsa::Scalar, f);
    const auto actual = under(GetParam(), f);
    if (!(expected == actual)) {
      ADD_FAILURE() << what << " of \"" << printable(input) << "\" (" << input.size() << " bytes): scalar gave "
                    << expected << ", " << textIsaName(GetParam()) << " gave " << actual;
      ++failures_;
    }
  }
  // Stops a loop of many inputs after a few failures.
  bool tooManyFailures() const { return failures_ >= 5; }

 private:
  TextIsa restore_ = TextIsa::Scalar;
  int failures_ = 0;
};

// JSON escaping: every escape class (each control, '"', '\\') and its neighbours at every position
// of every length, and random text.
TEST_P(TextIsaTest, JsonQuotingMatches) {
  std::string classes;
  for (int c = 0; c < 0x20; ++c) classes += static_cast<char>(c);
  classes += "\"\\ !#[]\x7f\x80\xc2\xff";
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    const std::string plain(n, 'a');
    same("json quoting", plain, [&] {
      std::string out;
      appendJsonQuoted(out, plain);
      return out;
    });
    for (std::size_t at = 0; at < n && !tooManyFailures(); ++at)
      for (char c : classes) {
        std::string s = plain;
        s[at] = c;
        same("json quoting", s, [&] {
          std::string out = "x";
          appendJsonQuoted(out, s);
          return out;
        });
      }
  }
  std::mt19937 rng(17);
  // Long text with escapes around the 1 KB steps the escaping goes in, and runs of escapes.
  for (std::size_t at : {1000u, 1023u, 1024u, 1025u, 2040u, 2047u, 2048u, 3071u}) {
    std::string s(4000, 'b');
    for (std::size_t k = 0; k < 40; ++k) s[at + k] = classes[(at + k) % classes.size()];
    same("json quoting", s, [&] {
      std::string out;
      appendJsonQuoted(out, s);
      return out;
    });
  }
  for (int round = 0; round < 3000 && !tooManyFailures(); ++round) {
    std::string s(rng() % (round % 10 == 0 ? 5000 : 700), 'a');
    const auto density = 1 + rng() % 64;
    for (auto& c : s)
      c = rng() % density == 0 ? classes[rng() % classes.size()] : static_cast<char>(0x20 + rng() % 0x5f);
    same("json quoting", s, [&] {
      std::string out;
      appendJsonQuoted(out, s);
      appendJsonQuotedLossy(out, s);
      return out;
    });
  }
}

// The plain-run scan of JSON readers: where it stops and whether all before was ASCII, with each
// escape class and each non-ASCII byte at every position of every length, before, after and
// without a stop.
TEST_P(TextIsaTest, JsonPlainScanMatches) {
  const std::string stops = std::string("\"\\\x00\x01\x1f", 5);
  const std::string others = "\x7f\x80\xc2\xff a";
  auto scan = [](const std::string& s) {
    const JsonPlainRun run = scanJsonPlain(s);
    return std::to_string(run.length) + (run.ascii ? " ascii" : " not ascii");
  };
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    const std::string plain(n, 'a');
    same("plain scan", plain, [&] { return scan(plain); });
    for (std::size_t at = 0; at < n && !tooManyFailures(); ++at) {
      for (char c : stops + others) {
        std::string s = plain;
        s[at] = c;
        same("plain scan", s, [&] { return scan(s); });
        // A high byte on either side of a stop (three blocks of 32 are enough for that).
        for (std::size_t other = 0; n <= 96 && other < n && !tooManyFailures(); other += 5) {
          std::string t = s;
          if (other != at) t[other] = '\x80';
          same("plain scan", t, [&] { return scan(t); });
        }
      }
    }
  }
}

// Byte sequences that are UTF-8 or miss it in one way each.
const std::vector<std::string>& utf8Pieces() {
  static const std::vector<std::string> pieces = {
      // well-formed: each length, the ends of each range
      "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xe1\x80\x80", "\xec\xbf\xbf", "\xed\x80\x80", "\xed\x9f\xbf",
      "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf1\x80\x80\x80", "\xf3\xbf\xbf\xbf", "\xf4\x80\x80\x80",
      "\xf4\x8f\xbf\xbf",
      // overlong
      "\xc0\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
      // surrogates
      "\xed\xa0\x80", "\xed\xaf\xbf", "\xed\xb0\x80", "\xed\xbf\xbf",
      // past U+10FFFF, and bytes that start nothing
      "\xf4\x90\x80\x80", "\xf4\xbf\xbf\xbf", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
      "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff",
      // lone or extra continuations
      "\x80", "\xbf", "\xc2\x80\x80", "\xe2\x82\xac\x80", "\xf0\x9f\x98\x80\xbf",
      // cut short (at the end of the input too, where the checks of the last block see them)
      "\xc2", "\xdf", "\xe2\x82", "\xe2", "\xf0\x9f\x98", "\xf0\x9f", "\xf0", "\xf4\x8f\xbf",
      // a lead where a continuation should be
      "\xc2\xc2\x80", "\xe2\xe2\x82\xac", "\xf0\x9f\xf0\x9f\x98\x80", "\xe2\x82\x41"};
  return pieces;
}

// The UTF-8 check: each piece at every position of ASCII of every length (so that it sits across
// each block boundary and at the very end), pairs and triples of bytes across a boundary, and
// random text with random damage.
TEST_P(TextIsaTest, Utf8CheckMatches) {
  auto check = [&](const std::string& s) { same("utf-8 check", s, [&] { return isUtf8(s); }); };
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    check(std::string(n, 'a'));
    for (const auto& piece : utf8Pieces())
      for (std::size_t at = 0; at + piece.size() <= n; ++at) {
        std::string s(n, 'a');
        s.replace(at, piece.size(), piece);
        check(s);
      }
  }
  // Every pair of bytes, and every triple from a lead byte on, where a block ends.
  const std::uint8_t thirds[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xe0, 0xf0, 0xff};
  for (std::size_t before : {0u, 15u, 30u, 31u}) {
    for (int a = 0; a < 256 && !tooManyFailures(); ++a)
      for (int b = 0; b < 256; ++b) {
        std::string s(before, 'a');
        s += static_cast<char>(a);
        s += static_cast<char>(b);
        check(s);
        check(s + "\x80\x80");
        check(s + "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
        if (a < 0xc0) continue;
        for (std::uint8_t c : thirds) {
          check(s + static_cast<char>(c));
          check(s + static_cast<char>(c) + "\x80" + std::string(40, 'z'));
        }
      }
  }
  std::mt19937 rng(23);
  const char32_t ranges[][2] = {{0x20, 0x7e}, {0x80, 0x7ff}, {0x800, 0xd7ff}, {0xe000, 0xffff}, {0x10000, 0x10ffff}};
  for (int round = 0; round < 20000 && !tooManyFailures(); ++round) {
    std::string s;
    const std::size_t chars = rng() % 400;
    for (std::size_t i = 0; i < chars; ++i) {
      const auto& r = ranges[rng() % (round % 2 == 0 ? 1 : 5)];
      appendUtf8(s, static_cast<char32_t>(r[0] + rng() % (r[1] - r[0] + 1)));
    }
    const int damage = static_cast<int>(rng() % 3);
    for (int d = 0; d < damage && !s.empty(); ++d) s[rng() % s.size()] = static_cast<char>(rng());
    if (rng() % 4 == 0 && !s.empty()) s.resize(rng() % s.size());  // cut anywhere, mid-sequence too
    check(s);
  }
}

TEST_P(TextIsaTest, HexEncodingMatches) {
  std::mt19937 rng(5);
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    const std::string bytes = randomBytes(rng, n);
    same("hex encoding", bytes, [&] {
      std::string out = "x";
      appendHex(out, bytes);
      return out;
    });
  }
}

// Hex decoding: digits of both cases with each kind of wrong character at every position of every
// length (odd lengths too), under each separator rule; and separators at random.
TEST_P(TextIsaTest, HexDecodingMatches) {
  // Each wrong character, and those next to the digits' ranges ('/', ':', '`', 'g', '@', 'G').
  const std::string wrong = std::string("gG:x/@`\0\x80\xff \t\r\n", 14);
  const HexSeparators rules[] = {HexSeparators::None, HexSeparators::BetweenBytes, HexSeparators::Anywhere};
  auto check = [&](const std::string& s, HexSeparators rule) {
    same("hex decoding", s, [&] {
      std::string out = "x";
      const auto f = appendHexDecoded(out, s, rule);
      return outcome(out, f);
    });
  };
  std::mt19937 rng(7);
  static constexpr char kDigits[] = "0123456789abcdefABCDEF";
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    std::string digits(n, '0');
    for (auto& c : digits) c = kDigits[rng() % 22];
    for (HexSeparators rule : rules) {
      check(digits, rule);
      for (std::size_t at = 0; at < n; ++at)
        for (char c : wrong) {
          std::string s = digits;
          s[at] = c;
          check(s, rule);
        }
    }
  }
  for (int round = 0; round < 20000 && !tooManyFailures(); ++round) {
    std::string s;
    const std::size_t n = rng() % 400;
    const auto density = 1 + rng() % 40;
    for (std::size_t i = 0; i < n; ++i) s += rng() % density == 0 ? " :\t\n\r"[rng() % 5] : kDigits[rng() % 22];
    if (rng() % 8 == 0 && !s.empty()) s[rng() % s.size()] = wrong[rng() % wrong.size()];
    for (HexSeparators rule : rules) check(s, rule);
  }
}

TEST_P(TextIsaTest, Base64EncodingMatches) {
  std::mt19937 rng(11);
  for (std::size_t n = 0; n <= kMaxLength && !tooManyFailures(); ++n) {
    const std::string bytes = randomBytes(rng, n);
    same("base64 encoding", bytes, [&] {
      std::string out = "x";
      appendBase64(out, bytes);
      appendBase64Url(out, bytes, /*pad=*/true);
      appendBase64Url(out, bytes, /*pad=*/false);
      return out;
    });
  }
}

// Base64 decoding: the encodings of every length in both alphabets, padded or not, with too much
// padding, with each kind of wrong character at every position, and with a last character that is
// not canonical; under each alphabet rule, canonical or not.
TEST_P(TextIsaTest, Base64DecodingMatches) {
  const std::string wrong = std::string("=!*.-_+/@[`{ \n\0\x80\xff", 17);
  std::vector<Base64DecodeOptions> options;
  for (auto alphabet : {Base64Alphabet::Standard, Base64Alphabet::UrlSafe, Base64Alphabet::Either})
    for (bool canonical : {false, true}) options.push_back({alphabet, canonical});
  auto check = [&](const std::string& s) {
    for (const auto& o : options)
      same("base64 decoding", s, [&] {
        std::string out = "x";
        const auto f = appendBase64Decoded(out, s, o);
        return outcome(out, f);
      });
  };
  std::mt19937 rng(13);
  for (std::size_t n = 0; n <= 230 && !tooManyFailures(); ++n) {
    const std::string bytes = randomBytes(rng, n);
    std::string standard, url;
    appendBase64(standard, bytes);
    appendBase64Url(url, bytes, /*pad=*/false);
    check(standard);
    check(url);
    check(standard + "=");
    check(url + "===");
    if (!url.empty()) {
      std::string loose = url;
      loose.back() = static_cast<char>(loose.back() ^ 1);  // other unused bits: not canonical (or another byte)
      check(loose);
    }
    for (std::size_t at = 0; at < standard.size(); ++at)
      for (char c : wrong) {
        std::string s = standard;
        s[at] = c;
        check(s);
      }
  }
  for (int round = 0; round < 5000 && !tooManyFailures(); ++round) {
    const std::string bytes = randomBytes(rng, rng() % 600);
    std::string s;
    appendBase64Url(s, bytes, rng() % 2 == 0);
    for (char& c : s)
      if (rng() % 8 == 0) c = c == '-' ? '+' : c == '_' ? '/' : c;  // both alphabets in one text
    if (rng() % 4 == 0 && !s.empty()) s[rng() % s.size()] = wrong[rng() % wrong.size()];
    check(s);
  }
}

INSTANTIATE_TEST_SUITE_P(EachSimdVariant, TextIsaTest,
                         ::testing::Values(TextIsa::Sse42, TextIsa::Avx2, TextIsa::Avx512Vbmi),
                         [](const auto& param) {
                           return std::string(param.param == TextIsa::Avx512Vbmi ? "Avx512Vbmi"
                                              : param.param == TextIsa::Avx2     ? "Avx2"
                                                                                 : "Sse42");
                         });

TEST(TextIsa, TheScalarVariantIsAlwaysThereAndNamesRoundTrip) {
  EXPECT_TRUE(textIsaSupported(TextIsa::Scalar));
  EXPECT_EQ(textIsaName(TextIsa::Scalar), "scalar");
  EXPECT_EQ(textIsaName(TextIsa::Sse42), "sse4.2");
  EXPECT_EQ(textIsaName(TextIsa::Avx2), "avx2");
  EXPECT_EQ(textIsaName(TextIsa::Avx512Vbmi), "avx512vbmi");
  const TextIsa before = textIsa();
  EXPECT_TRUE(useTextIsa(TextIsa::Scalar));
  EXPECT_EQ(textIsa(), TextIsa::Scalar);
  EXPECT_TRUE(useTextIsa(before));
}

#if defined(__x86_64__)
// The variants are compiled in every x86-64 build, so a CPU of this kind offers them to the tests.
TEST(TextIsa, OnX86TheBestSupportedVariantIsChosen) {
  // Chosen at first use (WA_TEXT_ISA aside); the other tests put back what they found.
  if (std::getenv("WA_TEXT_ISA") != nullptr) GTEST_SKIP() << "WA_TEXT_ISA is set";
  const TextIsa best = textIsaSupported(TextIsa::Avx512Vbmi) ? TextIsa::Avx512Vbmi
                       : textIsaSupported(TextIsa::Avx2)     ? TextIsa::Avx2
                       : textIsaSupported(TextIsa::Sse42)    ? TextIsa::Sse42
                                                             : TextIsa::Scalar;
  EXPECT_EQ(textIsa(), best) << textIsaName(textIsa()) << " in use, " << textIsaName(best) << " supported";
}
#endif

}  // namespace
}  // namespace wa::support
