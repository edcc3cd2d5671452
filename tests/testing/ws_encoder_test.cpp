// Unit tests of the frame encoder: RFC 6455 §5.7 bytes, length forms, fragmentation, compression.
#include "wa/testing/ws_encoder.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wa/capture/ws/deframer.h"

namespace wa::testing {
namespace {

using capture::Inflater;
using capture::MaskPolicy;
using capture::WsChunkInfo;
using capture::WsDeframer;
using capture::WsDeframerOptions;
using capture::WsMessage;

std::string hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TEST(WsEncoder, RfcUnmaskedAndMaskedHello) {
  std::string out;
  appendFrame(out, Opcode::Text, asBytes("Hello"));
  EXPECT_EQ(hex(out), "810548656c6c6f");
  out.clear();
  appendFrame(out, Opcode::Text, asBytes("Hello"), true, false, MaskKey{0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(hex(out), "818537fa213d7f9f4d5158");
}

TEST(WsEncoder, RfcFragmentsAndPing) {
  std::string out;
  appendFrame(out, Opcode::Text, asBytes("Hel"), false);
  appendFrame(out, Opcode::Continuation, asBytes("lo"), true);
  appendFrame(out, Opcode::Ping, asBytes("Hello"));
  EXPECT_EQ(hex(out), "010348656c" "80026c6f" "890548656c6c6f");
}

TEST(WsEncoder, LengthForms) {
  for (std::size_t n : {125u, 126u, 65535u, 65536u}) {
    std::string out;
    const std::string payload(n, 'x');
    appendFrame(out, Opcode::Binary, asBytes(payload));
    const std::size_t header = n < 126 ? 2 : n <= 65535 ? 4 : 10;
    ASSERT_EQ(out.size(), header + n) << n;
    EXPECT_EQ(static_cast<unsigned char>(out[1]), n < 126 ? n : n <= 65535 ? 126u : 127u);
  }
}

std::vector<WsMessage> roundTrip(const std::string& stream, WsDeframerOptions options = {}) {
  WsDeframer d(options);
  std::vector<WsMessage> out;
  d.feed(asBytes(stream), {}, out);
  d.finish({}, out);
  return out;
}

TEST(WsEncoder, FragmentsAtTheGivenSize) {
  WsEncoder enc(WsEncoderOptions{.mask = true, .fixed_mask = MaskKey{1, 2, 3, 4}, .fragment_size = 4});
  const auto frames = enc.encodeFrames(Opcode::Binary, asBytes("0123456789"));
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(static_cast<unsigned char>(frames[0][0]), 0x02);  // binary, no fin
  EXPECT_EQ(static_cast<unsigned char>(frames[1][0]), 0x00);  // continuation
  EXPECT_EQ(static_cast<unsigned char>(frames[2][0]), 0x80);  // continuation with fin
  EXPECT_EQ(frames[0].substr(2, 4), std::string("\x01\x02\x03\x04", 4));
  std::string stream;
  for (const auto& f : frames) stream += f;
  auto out = roundTrip(stream, WsDeframerOptions{.mask = MaskPolicy::Required});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, "0123456789");
}

TEST(WsEncoder, ControlFramesAreNeverFragmented) {
  WsEncoder enc(WsEncoderOptions{.fragment_size = 2});
  EXPECT_EQ(enc.encodeFrames(Opcode::Ping, asBytes("12345")).size(), 1u);
  EXPECT_EQ(hex(enc.encodeClose(1001, "x")), "880303e978");
}

TEST(WsEncoder, MaskKeysAreDeterministicAndVary) {
  WsEncoder a(WsEncoderOptions{.mask = true, .mask_seed = 7});
  WsEncoder b(WsEncoderOptions{.mask = true, .mask_seed = 7});
  const MaskKey k1 = a.nextMaskKey();
  const MaskKey k2 = a.nextMaskKey();
  EXPECT_EQ(k1, b.nextMaskKey());
  EXPECT_NE(k1, k2);
}

TEST(WsEncoder, CompressedMessagesSetRsv1OnTheFirstFrameOnly) {
  WsEncoder enc(WsEncoderOptions{.fragment_size = 3, .deflate = true});
  const auto frames = enc.encodeFrames(Opcode::Text, asBytes(std::string(100, 'a') + "bcdefghijklmnop"));
  ASSERT_GT(frames.size(), 1u);
  EXPECT_EQ(static_cast<unsigned char>(frames[0][0]) & 0x40, 0x40);
  for (std::size_t i = 1; i < frames.size(); ++i) EXPECT_EQ(static_cast<unsigned char>(frames[i][0]) & 0x40, 0) << i;
  const auto uncompressed = enc.encodeFrames(Opcode::Text, asBytes("plain"), /*compress=*/false);
  EXPECT_EQ(static_cast<unsigned char>(uncompressed[0][0]) & 0x40, 0);
  std::string stream;
  for (const auto& f : frames) stream += f;
  auto out = roundTrip(stream, WsDeframerOptions{.allow_rsv1 = true});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].compressed);
  Inflater inflater;
  auto text = inflater.inflate(asBytes(out[0].payload));
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, std::string(100, 'a') + "bcdefghijklmnop");
}

}  // namespace
}  // namespace wa::testing
