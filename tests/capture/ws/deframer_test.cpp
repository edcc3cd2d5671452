// Unit tests of the streaming RFC 6455 deframer: RFC 6455 §5.7 vectors, chunking, errors, gaps.
#include "wa/capture/ws/deframer.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "wa/codec/frame/frame.h"
#include "wa/testing/ws_encoder.h"

namespace wa::capture {
namespace {

using wa::testing::WsEncoder;
using wa::testing::WsEncoderOptions;
using codec::looksLikeFrameStart;

using Bytes = std::vector<std::uint8_t>;

std::vector<WsMessage> deframe(const Bytes& bytes, WsDeframerOptions options = {}, std::size_t chunk = 0,
                               bool finish = true) {
  WsDeframer d(options);
  std::vector<WsMessage> out;
  if (chunk == 0) chunk = bytes.size() == 0 ? 1 : bytes.size();
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const std::size_t n = std::min(chunk, bytes.size() - at);
    d.feed(ByteView(bytes.data() + at, n), WsChunkInfo{static_cast<double>(at), 1000 + at}, out);
  }
  if (finish) d.finish(WsChunkInfo{}, out);
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes toBytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// RFC 6455 §5.7 examples.
const Bytes kUnmaskedHello = {0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
const Bytes kMaskedHello = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
const Bytes kFragmentHel = {0x01, 0x03, 0x48, 0x65, 0x6c};
const Bytes kFragmentLo = {0x80, 0x02, 0x6c, 0x6f};
const Bytes kUnmaskedPing = {0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
const Bytes kMaskedPong = {0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};

TEST(Deframer, RfcSingleFrameUnmaskedText) {
  auto out = deframe(kUnmaskedHello);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].error);
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[0].payload, "Hello");
  EXPECT_FALSE(out[0].compressed);
  EXPECT_EQ(out[0].stream_offset, 0u);
  EXPECT_EQ(out[0].source_offset, 1000u);
}

TEST(Deframer, RfcSingleFrameMaskedText) {
  auto out = deframe(kMaskedHello);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, "Hello");
}

TEST(Deframer, RfcFragmentedText) {
  auto out = deframe(concat({kFragmentHel, kFragmentLo}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].op, Opcode::Text);
  EXPECT_EQ(out[0].payload, "Hello");
}

TEST(Deframer, RfcPingAndMaskedPong) {
  auto out = deframe(concat({kUnmaskedPing, kMaskedPong}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].op, Opcode::Ping);
  EXPECT_EQ(out[0].payload, "Hello");
  EXPECT_EQ(out[1].op, Opcode::Pong);
  EXPECT_EQ(out[1].payload, "Hello");
  EXPECT_EQ(out[1].stream_offset, kUnmaskedPing.size());
}

TEST(Deframer, RfcSixteenAndSixtyFourBitLengths) {
  Bytes b256 = {0x82, 0x7e, 0x01, 0x00};
  for (int i = 0; i < 256; ++i) b256.push_back(static_cast<std::uint8_t>(i));
  Bytes b64k = {0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0};
  for (int i = 0; i < 65536; ++i) b64k.push_back(static_cast<std::uint8_t>(i * 13));
  auto out = deframe(concat({b256, b64k}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].op, Opcode::Binary);
  ASSERT_EQ(out[0].payload.size(), 256u);
  EXPECT_EQ(static_cast<std::uint8_t>(out[0].payload[255]), 255);
  ASSERT_EQ(out[1].payload.size(), 65536u);
  EXPECT_EQ(static_cast<std::uint8_t>(out[1].payload[65535]), static_cast<std::uint8_t>(65535 * 13));
  EXPECT_EQ(out[1].stream_offset, b256.size());
}

TEST(Deframer, AnyChunkingGivesTheSameMessages) {
  WsEncoder client(WsEncoderOptions{.mask = true, .fragment_size = 7});
  std::string stream;
  for (int i = 0; i < 20; ++i) stream += client.encodeText(std::string(static_cast<std::size_t>(i * 11), 'a' + static_cast<char>(i % 26)));
  stream += client.encode(Opcode::Ping, asBytes("p"));
  const Bytes bytes = toBytes(stream);
  const auto whole = deframe(bytes);
  ASSERT_EQ(whole.size(), 21u);
  for (std::size_t chunk : {1u, 2u, 3u, 5u, 13u, 64u}) {
    const auto parts = deframe(bytes, {}, chunk);
    ASSERT_EQ(parts.size(), whole.size()) << chunk;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(parts[i].payload, whole[i].payload) << chunk << " " << i;
      EXPECT_EQ(parts[i].op, whole[i].op);
      EXPECT_EQ(parts[i].stream_offset, whole[i].stream_offset);
      EXPECT_EQ(parts[i].source_offset, whole[i].source_offset);
    }
  }
}

TEST(Deframer, TimeIsThatOfTheChunkCompletingTheMessage) {
  // Chunks of 3 bytes: the 7-byte frame completes in the chunk starting at byte 6 (t = 6).
  auto out = deframe(kUnmaskedHello, {}, 3);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].t, 6.0);
  EXPECT_EQ(out[0].source_offset, 1000u);
}

TEST(Deframer, PingInsideFragmentedMessageComesFirst) {
  auto out = deframe(concat({kFragmentHel, kUnmaskedPing, kFragmentLo}));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].op, Opcode::Ping);
  EXPECT_EQ(out[0].stream_offset, kFragmentHel.size());
  EXPECT_EQ(out[1].op, Opcode::Text);
  EXPECT_EQ(out[1].payload, "Hello");
  EXPECT_EQ(out[1].stream_offset, 0u);
}

TEST(Deframer, CloseFrameKeepsCodeAndReason) {
  const Bytes close = {0x88, 0x05, 0x03, 0xe8, 'b', 'y', 'e'};
  auto out = deframe(close);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].op, Opcode::Close);
  auto parsed = parseClosePayload(asBytes(out[0].payload));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->code, 1000);
  EXPECT_EQ(parsed->reason, "bye");
}

TEST(Deframer, OneByteCloseIsAnErrorRecordButFramingGoesOn) {
  auto out = deframe(concat({Bytes{0x88, 0x01, 0x03}, kUnmaskedHello}));
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::Invalid);
  EXPECT_EQ(out[0].error->message, "close payload of 1 byte (a status code needs 2)");
  EXPECT_EQ(out[1].payload, "Hello");
}

TEST(Deframer, EmptyMessages) {
  auto out = deframe(Bytes{0x82, 0x00, 0x81, 0x80, 1, 2, 3, 4});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].op, Opcode::Binary);
  EXPECT_TRUE(out[0].payload.empty());
  EXPECT_EQ(out[1].op, Opcode::Text);
  EXPECT_TRUE(out[1].payload.empty());
}

TEST(Deframer, Rsv1MarksCompressedMessagesWhenAllowed) {
  const Bytes frame = {0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00};
  auto out = deframe(frame, WsDeframerOptions{.allow_rsv1 = true});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].compressed);
  EXPECT_EQ(out[0].payload.size(), 7u);
}

struct ViolationCase {
  const char* name;
  Bytes prefix;  // valid frames before the offending one
  Bytes bad;
  WsDeframerOptions options;
  const char* message;
};

class DeframerViolation : public ::testing::TestWithParam<ViolationCase> {};

TEST_P(DeframerViolation, ReportsAtTheFrameAndStops) {
  const auto& c = GetParam();
  auto out = deframe(concat({c.prefix, c.bad, kUnmaskedHello}), c.options);
  ASSERT_FALSE(out.empty());
  const WsMessage& last = out.back();
  ASSERT_TRUE(last.error) << "the frame after the violation must not be decoded";
  EXPECT_EQ(last.error->code, ErrorCode::Invalid);
  EXPECT_EQ(last.error->stage, Stage::WebSocket);
  EXPECT_EQ(last.error->offset, c.prefix.size());
  EXPECT_EQ(last.error->message, c.message);
  EXPECT_EQ(last.source_offset, 1000 + c.prefix.size());
}

INSTANTIATE_TEST_SUITE_P(
    All, DeframerViolation,
    ::testing::Values(
        ViolationCase{"ReservedOpcode", kUnmaskedHello, {0x83, 0x00}, {}, "reserved opcode 0x3"},
        ViolationCase{"ReservedControlOpcode", {}, {0x8b, 0x00}, {}, "reserved opcode 0xb"},
        ViolationCase{"Rsv2", {}, {0xa1, 0x00}, {}, "reserved bit rsv2 or rsv3 set (first header byte 0xa1)"},
        ViolationCase{"Rsv1WithoutDeflate", {}, {0xc1, 0x00}, {}, "rsv1 set but permessage-deflate was not negotiated"},
        ViolationCase{"Rsv1OnControl", {}, {0xc9, 0x00}, WsDeframerOptions{.allow_rsv1 = true}, "rsv1 set on a control frame"},
        ViolationCase{"Rsv1OnContinuation", kFragmentHel, {0xc0, 0x00}, WsDeframerOptions{.allow_rsv1 = true},
                      "rsv1 set on a continuation frame"},
        ViolationCase{"UnmaskedFromClient", {}, {0x81, 0x00}, WsDeframerOptions{.mask = MaskPolicy::Required},
                      "unmasked frame from the client"},
        ViolationCase{"MaskedFromServer", {}, {0x81, 0x80, 1, 2, 3, 4}, WsDeframerOptions{.mask = MaskPolicy::Forbidden},
                      "masked frame from the server"},
        ViolationCase{"FragmentedControl", {}, {0x09, 0x00}, {}, "fragmented control frame (opcode 0x9 without fin)"},
        ViolationCase{"LongControl", {}, {0x89, 0x7e, 0x00, 0x7e}, {}, "control frame payload of 126 bytes (the limit is 125)"},
        ViolationCase{"ContinuationWithoutMessage", kUnmaskedHello, {0x80, 0x00}, {},
                      "continuation frame without a message in progress"},
        ViolationCase{"NewMessageInsideFragmented", kFragmentHel, {0x81, 0x00}, {},
                      "new data frame before the fragmented message ended"},
        ViolationCase{"TopBitOf64BitLength", {}, {0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1}, {},
                      "64-bit payload length with the most significant bit set"}),
    [](const ::testing::TestParamInfo<ViolationCase>& p) { return std::string(p.param.name); });

TEST(Deframer, OversizedMessageIsSkippedAndFramingGoesOn) {
  Bytes big = {0x82, 0x7e, 0x01, 0x00};
  big.resize(4 + 256, 0xaa);
  auto out = deframe(concat({big, kUnmaskedHello}), WsDeframerOptions{.max_message_size = 100});
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(out[0].error->message, "message exceeds the size limit of 100 bytes");
  EXPECT_EQ(out[0].error->offset, 0u);
  EXPECT_EQ(out[1].payload, "Hello");
}

TEST(Deframer, OversizedAcrossFragmentsIsSkipped) {
  WsEncoder enc(WsEncoderOptions{.fragment_size = 40});
  const std::string stream = enc.encodeText(std::string(120, 'x')) + enc.encodeText("ok");
  auto out = deframe(toBytes(stream), WsDeframerOptions{.max_message_size = 100});
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::LimitExceeded);
  EXPECT_EQ(out[1].payload, "ok");
}

TEST(Deframer, GapInsidePayloadDamagesOnlyThatMessage) {
  WsDeframer d;
  std::vector<WsMessage> out;
  const Bytes first = {0x82, 0x0a, 1, 2, 3};  // 10-byte payload, 3 present
  d.feed(ByteView(first), WsChunkInfo{1.0, 500}, out);
  d.skip(4, WsChunkInfo{2.0, 600}, out);
  const Bytes rest = {8, 9, 10};
  d.feed(ByteView(rest), WsChunkInfo{3.0, 700}, out);
  d.feed(ByteView(kUnmaskedHello), WsChunkInfo{4.0, 800}, out);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::Truncated);
  EXPECT_EQ(out[0].error->message, "message incomplete: 4 bytes missing from stream offset 5");
  EXPECT_EQ(out[0].source_offset, 500u);
  EXPECT_EQ(out[1].payload, "Hello");
  EXPECT_EQ(out[1].stream_offset, 12u);
  EXPECT_FALSE(d.failed());
}

TEST(Deframer, GapInsideMaskedPayloadResumesAtTheNextFrame) {
  // A masked frame damaged by a gap is reported; the following masked frame unmasks right.
  WsEncoder enc(WsEncoderOptions{.mask = true});
  const std::string a = enc.encodeBinary(asBytes(std::string(10, 'a')));
  const std::string b = enc.encodeText("after");
  WsDeframer d(WsDeframerOptions{.mask = MaskPolicy::Required});
  std::vector<WsMessage> out;
  d.feed(asBytes(std::string_view(a).substr(0, 8)), {}, out);  // header (6) + 2 payload bytes
  d.skip(3, {}, out);
  d.feed(asBytes(std::string_view(a).substr(11)), {}, out);
  d.feed(asBytes(b), {}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].error);
  EXPECT_EQ(out[1].payload, "after");
}

TEST(Deframer, GapOutsidePayloadHuntsForTheNextHeader) {
  WsDeframer d;
  std::vector<WsMessage> out;
  d.feed(ByteView(kUnmaskedHello), {}, out);
  d.skip(3, WsChunkInfo{0, 77}, out);
  d.feed(ByteView(kUnmaskedHello), WsChunkInfo{1, 100}, out);
  d.feed(ByteView(kUnmaskedPing), WsChunkInfo{2, 107}, out);
  d.finish(WsChunkInfo{}, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].payload, "Hello");
  ASSERT_TRUE(out[1].error);
  EXPECT_EQ(out[1].error->code, ErrorCode::Truncated);
  EXPECT_EQ(out[1].error->offset, 7u);
  EXPECT_EQ(out[1].source_offset, 77u);
  EXPECT_EQ(out[1].error->message,
            "3 bytes missing at stream offset 7, frame boundaries lost: 3 bytes skipped from stream offset 7 to the "
            "next frame header that checks out, at stream offset 10");
  EXPECT_EQ(out[2].payload, "Hello");
  EXPECT_EQ(out[2].stream_offset, 10u);
  EXPECT_EQ(out[2].source_offset, 100u);
  EXPECT_EQ(out[3].op, Opcode::Ping);
  EXPECT_FALSE(d.hunting());
}

TEST(Deframer, GapOverAHeaderSkipsToTheNextFrameThatChecksOut) {
  // The protocol's check: a frame starts with "tag,".
  WsDeframerOptions options;
  options.check_payload = [](Opcode, ByteView p, bool complete) {
    const std::string_view text = asChars(p);
    const auto comma = text.find(',');
    if (comma == std::string_view::npos) return complete ? FrameCheck::Fail : FrameCheck::Unknown;
    return comma > 0 ? FrameCheck::Pass : FrameCheck::Fail;
  };
  WsEncoder server;
  const std::string a = server.encodeText("1.--1,[\"first\"]");
  const std::string b = server.encodeText("1.--2,[\"second, which loses its header and start\"]");
  const std::string c = server.encodeText("1.--3,[\"third\"]");
  const std::string d2 = server.encodeText("1.--4,[\"fourth\"]");
  WsDeframer d(options);
  std::vector<WsMessage> out;
  d.feed(asBytes(a.substr(0, a.size() - 4)), WsChunkInfo{0, 0}, out);
  d.skip(4 + 6, WsChunkInfo{1, 500}, out);  // the end of a and the first 6 bytes of b
  d.feed(asBytes(b.substr(6)), WsChunkInfo{2, 600}, out);
  d.feed(asBytes(c + d2), WsChunkInfo{3, 700}, out);
  d.finish(WsChunkInfo{}, out);
  ASSERT_EQ(out.size(), 3u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].stream_offset, 0u);  // the damaged frame's header
  EXPECT_EQ(out[0].error->message,
            fmt::format("10 bytes missing at stream offset {}, frame boundaries lost: {} bytes skipped from stream "
                        "offset 0 to the next frame header that checks out, at stream offset {}",
                        a.size() - 4, a.size() + b.size(), a.size() + b.size()));
  EXPECT_EQ(out[1].payload, "1.--3,[\"third\"]");
  EXPECT_EQ(out[1].source_offset, 700u);
  EXPECT_EQ(out[2].payload, "1.--4,[\"fourth\"]");
}

TEST(Deframer, UnknownStartFindsTheFirstWholeFrame) {
  WsEncoder client(WsEncoderOptions{.mask = true});
  const std::string a = client.encodeText("1.--1,[\"a message whose start the capture missed\"]");
  const std::string b = client.encodeText("1.--2,[\"b\"]");
  WsDeframerOptions options;
  options.mask = MaskPolicy::Required;
  options.check_payload = [](Opcode op, ByteView p, bool complete) {
    const auto r = looksLikeFrameStart(op, asChars(p), complete);
    return !r ? FrameCheck::Unknown : *r ? FrameCheck::Pass : FrameCheck::Fail;
  };
  WsDeframer d(options);
  d.startUnknown("stream start not captured");
  std::vector<WsMessage> out;
  const std::string stream = a.substr(9) + b;
  d.feed(asBytes(stream), WsChunkInfo{0, 40}, out);
  d.finish(WsChunkInfo{}, out);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].source_offset, 40u);
  EXPECT_EQ(out[0].error->message,
            fmt::format("stream start not captured: {} bytes skipped before the first frame header that checks out, "
                        "at stream offset {}",
                        a.size() - 9, a.size() - 9));
  EXPECT_EQ(out[1].payload, "1.--2,[\"b\"]");
  EXPECT_TRUE(out[1].masked);
  EXPECT_EQ(out[1].source_offset, 40 + a.size() - 9);
}

TEST(Deframer, ViolationAfterALossHuntsAgainInsteadOfStopping) {
  WsDeframer d(WsDeframerOptions{.mask = MaskPolicy::Forbidden});
  std::vector<WsMessage> out;
  d.skip(5, WsChunkInfo{}, out);
  // A false start: a frame whose payload nothing checks, followed by three possible headers (it
  // is taken), then bytes that break the next header: hunting goes on.
  d.feed(ByteView(Bytes{0x81, 0x01, 'x', 0x82, 0x00, 0x82, 0x00}), {}, out);
  d.feed(ByteView(Bytes{0x82, 0x00, 0x9f, 0x00}), {}, out);  // 0x9f: reserved opcode
  d.feed(ByteView(kUnmaskedHello), {}, out);
  d.feed(ByteView(kUnmaskedHello), {}, out);
  d.finish(WsChunkInfo{}, out);
  ASSERT_GE(out.size(), 4u);
  EXPECT_TRUE(out[0].error);
  EXPECT_EQ(out.back().payload, "Hello");
  std::size_t errors = 0;
  for (const auto& m : out) errors += m.error ? 1 : 0;
  EXPECT_EQ(errors, 2u);  // the loss, and the impossible header after it
}

TEST(Deframer, HuntWithoutACandidateIsReportedAtTheEnd) {
  WsDeframer d(WsDeframerOptions{.mask = MaskPolicy::Required});
  std::vector<WsMessage> out;
  d.feed(ByteView(kMaskedHello), {}, out);
  d.skip(2, {}, out);
  d.feed(asBytes(std::string(300, 'z')), {}, out);  // 0x7a: rsv bits set, never a header
  d.finish(WsChunkInfo{}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].payload, "Hello");
  ASSERT_TRUE(out[1].error);
  EXPECT_EQ(out[1].error->message,
            "2 bytes missing at stream offset 11, frame boundaries lost: 302 bytes skipped from stream offset 11 to "
            "the end of the stream, no frame header checks out");
  EXPECT_TRUE(d.failed());
}

TEST(Deframer, HuntingHoldsAtMostItsWindow) {
  // A candidate that claims more than the window is taken on its payload start alone.
  WsDeframerOptions options;
  options.hunt_window = 256;
  options.check_payload = [](Opcode, ByteView p, bool) {
    return asChars(p).substr(0, 4) == "big," ? FrameCheck::Pass : FrameCheck::Fail;
  };
  WsEncoder server;
  const std::string big = server.encodeText("big," + std::string(1000, 'b'));
  WsDeframer d(options);
  std::vector<WsMessage> out;
  d.skip(1, {}, out);
  for (std::size_t at = 0; at < big.size(); at += 100) d.feed(asBytes(std::string_view(big).substr(at, 100)), {}, out);
  ASSERT_EQ(out.size(), 2u);  // taken before its end was seen
  EXPECT_TRUE(out[0].error);
  EXPECT_EQ(out[1].payload.size(), 1004u);
}

TEST(Deframer, EndInsideFrameIsTruncated) {
  auto out = deframe(Bytes{0x81, 0x05, 'H', 'e'});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->code, ErrorCode::Truncated);
  EXPECT_EQ(out[0].error->message, "stream ended inside a frame: 3 of its 5 payload bytes missing");
}

TEST(Deframer, EndInsideHeaderIsTruncated) {
  auto out = deframe(concat({kUnmaskedHello, Bytes{0x82, 0x7e, 0x01}}));
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[1].error);
  EXPECT_EQ(out[1].error->message, "stream ended inside a frame header (3 of 4 bytes)");
  EXPECT_EQ(out[1].error->offset, 7u);
}

TEST(Deframer, EndInsideFragmentedMessageIsTruncated) {
  auto out = deframe(kFragmentHel);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].error);
  EXPECT_EQ(out[0].error->message, "stream ended inside a fragmented message");
}

TEST(Deframer, CleanEndGivesNothing) {
  auto out = deframe(kUnmaskedHello);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].error);
}

}  // namespace
}  // namespace wa::capture
