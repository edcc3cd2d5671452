// Unit tests of masking and close payloads.
#include "wa/capture/ws/frame.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"

namespace wa::capture {
namespace {

using codec::Frame;

TEST(Frame, CopyMaskedMatchesBytewiseXorForEveryPhaseAndLength) {
  const MaskKey key{0x37, 0xfa, 0x21, 0x3d};
  std::vector<std::uint8_t> src(67);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::uint8_t>(i * 7 + 3);
  for (std::size_t phase = 0; phase < 4; ++phase) {
    for (std::size_t n = 0; n <= src.size(); ++n) {
      std::vector<std::uint8_t> dst(n);
      const std::size_t next = copyMasked(dst.data(), src.data(), n, key, phase);
      EXPECT_EQ(next, (phase + n) % 4);
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(dst[i], src[i] ^ key[(phase + i) % 4]) << phase << " " << n << " " << i;
    }
  }
}

TEST(Frame, CopyMaskedInPlaceTwiceRestoresInput) {
  const MaskKey key{1, 2, 3, 4};
  std::string s = "the quick brown fox jumps over the lazy dog";
  const std::string original = s;
  auto* p = reinterpret_cast<std::uint8_t*>(s.data());
  copyMasked(p, p, s.size(), key, 2);
  EXPECT_NE(s, original);
  copyMasked(p, p, s.size(), key, 2);
  EXPECT_EQ(s, original);
}

TEST(Frame, RfcMaskedHelloUnmasks) {
  // RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d.
  const std::uint8_t masked[] = {0x7f, 0x9f, 0x4d, 0x51, 0x58};
  std::uint8_t out[5];
  copyMasked(out, masked, 5, MaskKey{0x37, 0xfa, 0x21, 0x3d}, 0);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), 5), "Hello");
}

TEST(Frame, ClosePayloadWithCodeAndReason) {
  const std::string payload = makeClosePayload(1000, "bye");
  EXPECT_EQ(payload, std::string("\x03\xe8" "bye", 5));
  auto parsed = parseClosePayload(asBytes(payload));
  WA_ASSERT_OK(parsed);
  EXPECT_EQ(parsed->code, 1000);
  EXPECT_EQ(parsed->reason, "bye");
}

TEST(Frame, EmptyClosePayloadHasNoCode) {
  auto parsed = parseClosePayload({});
  WA_ASSERT_OK(parsed);
  EXPECT_FALSE(parsed->code.has_value());
  EXPECT_TRUE(parsed->reason.empty());
}

TEST(Frame, OneByteClosePayloadIsInvalid) {
  const std::uint8_t one[] = {0x03};
  EXPECT_THAT(parseClosePayload(ByteView(one)),
              FailsWithMessage(ErrorCode::Invalid, 0, "close payload of 1 byte (a status code needs 2)"));
}

TEST(Frame, CloseCodeValidity) {
  EXPECT_TRUE(isValidCloseCode(1000));
  EXPECT_TRUE(isValidCloseCode(1011));
  EXPECT_TRUE(isValidCloseCode(4999));
  EXPECT_FALSE(isValidCloseCode(999));
  EXPECT_FALSE(isValidCloseCode(1005));  // reserved: "no status received"
  EXPECT_FALSE(isValidCloseCode(1006));
  EXPECT_FALSE(isValidCloseCode(5000));
}

TEST(Frame, ControlOpcodes) {
  EXPECT_TRUE(isControl(Opcode::Close));
  EXPECT_TRUE(isControl(Opcode::Ping));
  EXPECT_TRUE(isControl(Opcode::Pong));
  EXPECT_FALSE(isControl(Opcode::Text));
  EXPECT_FALSE(isControl(Opcode::Binary));
  EXPECT_FALSE(isControl(Opcode::Continuation));
}

}  // namespace
}  // namespace wa::capture
