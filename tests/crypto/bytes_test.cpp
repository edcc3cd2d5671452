// Tests for base64 (RFC 4648 vectors, URL-safe, unpadded), hex, key values and fixed-size copies.
#include "wa/crypto/bytes.h"

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::hex;
using test::Succeeds;

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64Encode(asBytes(plain)), encoded);
    auto back = base64Decode(encoded);
    ASSERT_THAT(back, Succeeds());
    EXPECT_EQ(asChars(*back), plain);
  }
}

TEST(Base64, UrlSafeAndUnpadded) {
  const Bytes b = hex("fbff3e");
  EXPECT_EQ(base64Encode(b), "+/8+");
  EXPECT_EQ(base64UrlEncode(b), "-_8-");
  EXPECT_EQ(base64UrlEncode(hex("fbff"), /*pad=*/false), "-_8");
  EXPECT_EQ(base64UrlEncode(hex("fbff"), /*pad=*/true), "-_8=");
  EXPECT_EQ(*base64Decode("-_8-"), b);
  EXPECT_EQ(*base64Decode("+/8+"), b);
  EXPECT_EQ(*base64Decode("-_8"), hex("fbff"));
  EXPECT_EQ(*base64Decode("Zg"), hex("66"));
}

TEST(Base64, Errors) {
  EXPECT_THAT(base64Decode("Zm9v!"), FailsWithMessage(ErrorCode::Invalid, Stage::Key, 4,
                                                      "not base64 (unexpected character at offset 4)"));
  EXPECT_THAT(base64Decode("Zm9vY"), FailsWith(ErrorCode::Invalid, Stage::Key, 5));
  EXPECT_THAT(base64Decode("Zm="), FailsWith(ErrorCode::Invalid, Stage::Key, 2));
  EXPECT_THAT(base64Decode("Z==="), FailsWith(ErrorCode::Invalid, Stage::Key, 1));
  EXPECT_THAT(base64Decode("Zm=v"), FailsWith(ErrorCode::Invalid, Stage::Key, 2));
  EXPECT_THAT(base64Decode("Zm9v YmFy"), FailsWith(ErrorCode::Invalid, Stage::Key, 4));
}

TEST(Hex, RoundTripAndErrors) {
  EXPECT_EQ(hexEncode(hex("00ff7A")), "00ff7a");
  EXPECT_EQ(*hexDecode("ABcd"), (Bytes{0xab, 0xcd}));
  EXPECT_THAT(hexDecode("abc"), FailsWithMessage(ErrorCode::Invalid, Stage::Key, 3, "not hex (odd number of digits)"));
  EXPECT_THAT(hexDecode("zz"), FailsWith(ErrorCode::Invalid, Stage::Key, 0));
  EXPECT_THAT(hexDecode("az"), FailsWith(ErrorCode::Invalid, Stage::Key, 1));
}

TEST(KeyValue, HexPrefixOrBase64) {
  EXPECT_EQ(*decodeKeyValue("hex:0102"), hex("0102"));
  EXPECT_EQ(*decodeKeyValue("AQI="), hex("0102"));
  EXPECT_EQ(*decodeKeyValue("AQI"), hex("0102"));
  // The offset of a bad hex digit counts the prefix.
  EXPECT_THAT(decodeKeyValue("hex:01x2"), FailsWith(ErrorCode::Invalid, Stage::Key, 6));
}

TEST(ToFixed, LengthMessage) {
  EXPECT_THAT(toFixed<32>(Bytes(31), "encKey"),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0, "encKey: 31 bytes where 32 are needed"));
  EXPECT_THAT(toFixed<32>(Bytes(1), "macKey"),
              FailsWithMessage(ErrorCode::Invalid, Stage::Key, 0, "macKey: 1 byte where 32 are needed"));
  auto ok = toFixed<2>(hex("0102"), "x");
  ASSERT_THAT(ok, Succeeds());
  EXPECT_EQ((*ok)[1], 2);
}

TEST(SecureWipe, Zeroes) {
  Bytes b = hex("010203");
  secureWipe(b);
  EXPECT_EQ(b, Bytes(3));
}

}  // namespace
}  // namespace wa::crypto
