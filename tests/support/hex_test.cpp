// Hex: encoding, decoding with each separator rule, failures and their offsets.
#include "wa/support/text/hex.h"

#include <gtest/gtest.h>

namespace wa::support {
namespace {

using Kind = TextDecodeFailure::Kind;

std::optional<TextDecodeFailure> decodeInto(std::string& out, std::string_view in, HexSeparators s) {
  out.clear();
  return appendHexDecoded(out, in, s);
}

TEST(Hex, DigitValuesEitherCase) {
  EXPECT_EQ(hexDigitValue('0'), 0);
  EXPECT_EQ(hexDigitValue('9'), 9);
  EXPECT_EQ(hexDigitValue('a'), 10);
  EXPECT_EQ(hexDigitValue('F'), 15);
  for (char c : {'g', 'G', ' ', ':', '\0', '\xff'}) EXPECT_EQ(hexDigitValue(c), -1) << static_cast<int>(c);
}

TEST(Hex, EncodesLowerCase) {
  EXPECT_EQ(toHex(std::string("\x00\xab\x10\xff", 4)), "00ab10ff");
  EXPECT_EQ(toHex(""), "");
  std::string out = "x";
  appendHex(out, "\x7f");
  EXPECT_EQ(out, "x7f");
}

TEST(Hex, EachByteHasItsTwoDigits) {
  EXPECT_EQ(hexByte(0x00), "00");
  EXPECT_EQ(hexByte(0xab), "ab");
  for (int b = 0; b < 256; ++b)
    EXPECT_EQ(hexByte(static_cast<std::uint8_t>(b)), toHex(std::string(1, static_cast<char>(b)))) << b;
}

TEST(Hex, RoundTripsEveryByte) {
  std::string bytes, out;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_FALSE(decodeInto(out, toHex(bytes), HexSeparators::None));
  EXPECT_EQ(out, bytes);
}

TEST(Hex, SeparatorRules) {
  std::string out;
  EXPECT_FALSE(decodeInto(out, "00ff7F", HexSeparators::None));
  EXPECT_EQ(out, std::string("\x00\xff\x7f", 3));
  EXPECT_FALSE(decodeInto(out, "00:ff 7f", HexSeparators::BetweenBytes));
  EXPECT_EQ(out, std::string("\x00\xff\x7f", 3));
  EXPECT_FALSE(decodeInto(out, " 0 0:\tf\nf 7f \r\n", HexSeparators::Anywhere));
  EXPECT_EQ(out, std::string("\x00\xff\x7f", 3));
}

TEST(Hex, FailuresNameTheirKindAndOffset) {
  const struct {
    const char* in;
    HexSeparators separators;
    Kind kind;
    std::size_t offset;
  } cases[] = {
      {"00:ff", HexSeparators::None, Kind::BadCharacter, 2},   {"0g", HexSeparators::None, Kind::BadCharacter, 1},
      {"abc", HexSeparators::None, Kind::BadLength, 2},        {":00", HexSeparators::BetweenBytes, Kind::BadCharacter, 0},
      {"00::11", HexSeparators::BetweenBytes, Kind::BadCharacter, 3},
      {"00:", HexSeparators::BetweenBytes, Kind::BadCharacter, 2},
      {"0 0 1", HexSeparators::Anywhere, Kind::BadLength, 4},  {"0x00", HexSeparators::Anywhere, Kind::BadCharacter, 1},
  };
  for (const auto& c : cases) {
    std::string out;
    const auto f = decodeInto(out, c.in, c.separators);
    ASSERT_TRUE(f) << c.in;
    EXPECT_EQ(f->kind, c.kind) << c.in;
    EXPECT_EQ(f->offset, c.offset) << c.in;
  }
}

}  // namespace
}  // namespace wa::support
