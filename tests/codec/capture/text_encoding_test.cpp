// Tests of base64 and hex: RFC 4648 vectors, alphabets, padding rules and error offsets.
#include "wa/codec/capture/text_encoding.h"

#include <gtest/gtest.h>

#include "support/expected_matchers.h"

namespace wa::codec {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(encodeBase64(plain), encoded);
    auto d = decodeBase64(encoded);
    WA_ASSERT_OK(d);
    EXPECT_EQ(*d, plain);
  }
}

TEST(Base64, UnpaddedAndUrlSafe) {
  EXPECT_EQ(*decodeBase64("Zm9vYg"), "foob");
  EXPECT_EQ(*decodeBase64("Zm9vYmE"), "fooba");
  EXPECT_EQ(*decodeBase64("_-8", /*url_safe=*/true), "\xff\xef");
  EXPECT_EQ(*decodeBase64("/+8", /*url_safe=*/true), "\xff\xef");
  EXPECT_THAT(decodeBase64("_-8"), FailsWithMessage(ErrorCode::Invalid, 0, "expected a base64 character, found '_'"));
}

TEST(Base64, AllBytesRoundTripAcrossTheUnrolledLoop) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    auto enc = encodeBase64(bytes.substr(0, n));
    auto dec = decodeBase64(enc);
    WA_ASSERT_OK(dec);
    EXPECT_EQ(*dec, bytes.substr(0, n)) << n;
  }
}

TEST(Base64, ErrorsCarryTheOffset) {
  EXPECT_THAT(decodeBase64("AAAAAAAAAAAA*AAA"), FailsWithMessage(ErrorCode::Invalid, 12, "expected a base64 character, found '*'"));
  EXPECT_THAT(decodeBase64("AAAA\nAAA"), FailsWithMessage(ErrorCode::Invalid, 4, "expected a base64 character, found byte 0x0a"));
  EXPECT_THAT(decodeBase64("AA=A"), FailsWith(ErrorCode::Invalid, 2));
  EXPECT_THAT(decodeBase64("AAA=="), FailsWithMessage(ErrorCode::Invalid, 3, "padding does not complete a base64 quantum"));
  EXPECT_THAT(decodeBase64("AAAAA"), FailsWithMessage(ErrorCode::Invalid, 4, "base64 ends with a lone character"));
  EXPECT_THAT(decodeBase64("===="), FailsWith(ErrorCode::Invalid, 0));
  EXPECT_THAT(decodeBase64("A*"), FailsWith(ErrorCode::Invalid, 1));

  std::string out = "keep";
  auto r = appendBase64Decoded("Zm9vYmFyZm9v!", out);
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error().offset, 12u);
  EXPECT_EQ(out.substr(0, 4), "keep");
}

TEST(Hex, DecodeAndEncode) {
  EXPECT_EQ(*decodeHex("00ff7F"), std::string("\x00\xff\x7f", 3));
  EXPECT_EQ(*decodeHex("00:ff 7f", /*allow_separators=*/true), std::string("\x00\xff\x7f", 3));
  EXPECT_EQ(encodeHex(std::string("\x00\xab\x10", 3)), "00ab10");
  EXPECT_THAT(decodeHex("00:ff"), FailsWithMessage(ErrorCode::Invalid, 2, "expected a hex digit, found ':'"));
  EXPECT_THAT(decodeHex("0g"), FailsWith(ErrorCode::Invalid, 1));
  EXPECT_THAT(decodeHex("abc"), FailsWithMessage(ErrorCode::Invalid, 2, "hex ends with a lone digit"));
  EXPECT_THAT(decodeHex(":00", true), FailsWith(ErrorCode::Invalid, 0));
  EXPECT_THAT(decodeHex("00::11", true), FailsWith(ErrorCode::Invalid, 3));
  EXPECT_THAT(decodeHex("00:", true), FailsWith(ErrorCode::Invalid, 2));
}

}  // namespace
}  // namespace wa::codec
