// Unit tests of permessage-deflate: negotiation parsing, RFC 7692 §7.2.3 vectors, zlib references,
// context takeover, limits.
#include "wa/capture/ws/permessage_deflate.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>

#include "helpers/expected_matchers.h"

namespace wa::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

/// What a permessage-deflate sender produces, made directly with zlib: raw deflate, sync flush,
/// trailing 00 00 ff ff removed. One stream for all messages (context takeover) unless `reset`.
std::vector<std::string> zlibReference(const std::vector<std::string>& messages, bool reset) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<std::string> out;
  for (const auto& m : messages) {
    if (m.empty()) {
      // zlib emits nothing for an empty sync flush after another one; RFC 7692 §7.2.3.6 says 0x00.
      out.emplace_back(1, '\0');
      continue;
    }
    std::string buf(m.size() + 1024, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(m.data()));
    z.avail_in = static_cast<uInt>(m.size());
    z.next_out = reinterpret_cast<Bytef*>(buf.data());
    z.avail_out = static_cast<uInt>(buf.size());
    EXPECT_EQ(deflate(&z, Z_SYNC_FLUSH), Z_OK);
    buf.resize(buf.size() - z.avail_out);
    EXPECT_EQ(buf.substr(buf.size() - 4), std::string("\x00\x00\xff\xff", 4));
    buf.resize(buf.size() - 4);
    out.push_back(buf);
    if (reset) deflateReset(&z);
  }
  deflateEnd(&z);
  return out;
}

std::vector<std::string> sampleMessages() {
  return {"1589356438.--0,[\"admin\",\"init\",[2,2019,6],[\"Windows\",\"Chrome\",\"10\"],\"ABC\",true]",
          "1589356438.--0,[\"admin\",\"init\",[2,2019,6],[\"Windows\",\"Chrome\",\"10\"],\"ABD\",true]",
          std::string(5000, 'z') + "tail", "", "short"};
}

// --- negotiation ------------------------------------------------------------------------------

TEST(PermessageDeflate, PlainExtensionUsesDefaults) {
  auto ext = parseNegotiatedExtensions("permessage-deflate");
  WA_ASSERT_OK(ext);
  ASSERT_TRUE(ext->deflate);
  EXPECT_EQ(*ext->deflate, DeflateParams{});
  EXPECT_TRUE(ext->others.empty());
}

TEST(PermessageDeflate, AllParameters) {
  auto ext = parseNegotiatedExtensions(
      "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; "
      "client_max_window_bits=\"12\"");
  WA_ASSERT_OK(ext);
  ASSERT_TRUE(ext->deflate);
  EXPECT_TRUE(ext->deflate->server_no_context_takeover);
  EXPECT_TRUE(ext->deflate->client_no_context_takeover);
  EXPECT_EQ(ext->deflate->server_max_window_bits, 10);
  EXPECT_EQ(ext->deflate->client_max_window_bits, 12);
}

TEST(PermessageDeflate, CaseInsensitiveNamesAndOtherExtensions) {
  auto ext = parseNegotiatedExtensions("x-custom; a=1, Permessage-Deflate;Client_No_Context_Takeover");
  WA_ASSERT_OK(ext);
  ASSERT_TRUE(ext->deflate);
  EXPECT_TRUE(ext->deflate->client_no_context_takeover);
  ASSERT_EQ(ext->others.size(), 1u);
  EXPECT_EQ(ext->others[0], "x-custom");
}

TEST(PermessageDeflate, EmptyValueHasNoExtensions) {
  auto ext = parseNegotiatedExtensions("");
  WA_ASSERT_OK(ext);
  EXPECT_FALSE(ext->deflate);
  EXPECT_TRUE(ext->others.empty());
}

TEST(PermessageDeflate, NegotiationErrors) {
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; foo"),
              FailsWithMessage(ErrorCode::Invalid, 20, "unknown permessage-deflate parameter \"foo\""));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; server_max_window_bits=16"),
              FailsWithMessage(ErrorCode::Invalid, 20, "server_max_window_bits must be 8..15, found \"16\""));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; client_max_window_bits"),
              FailsWithMessage(ErrorCode::Invalid, 20, "client_max_window_bits needs a value in a response"));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; server_no_context_takeover=1"),
              FailsWithMessage(ErrorCode::Invalid, 20, "server_no_context_takeover takes no value"));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; client_no_context_takeover; client_no_context_takeover"),
              FailsWithMessage(ErrorCode::Invalid, 48, "permessage-deflate parameter client_no_context_takeover repeated"));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate, permessage-deflate"),
              FailsWithMessage(ErrorCode::Invalid, 20, "permessage-deflate accepted twice"));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate; server_max_window_bits=\"9"),
              FailsWith(ErrorCode::Invalid, 45));
  EXPECT_THAT(parseNegotiatedExtensions("permessage-deflate garbage"),
              FailsWithMessage(ErrorCode::Invalid, 19, "expected ',' or ';' after an extension"));
}

TEST(PermessageDeflate, HeaderValueRoundTrip) {
  DeflateParams p;
  p.client_no_context_takeover = true;
  p.server_max_window_bits = 9;
  EXPECT_EQ(toHeaderValue(p), "permessage-deflate; client_no_context_takeover; server_max_window_bits=9");
  auto back = parseNegotiatedExtensions(toHeaderValue(p));
  WA_ASSERT_OK(back);
  EXPECT_EQ(back->deflate, p);
  EXPECT_EQ(toHeaderValue(DeflateParams{}), "permessage-deflate");
}

// --- inflate: RFC 7692 §7.2.3 examples --------------------------------------------------------

std::string inflateOk(Inflater& inflater, const Bytes& compressed) {
  auto r = inflater.inflate(ByteView(compressed));
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::string();
}

TEST(PermessageDeflate, RfcHello) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
}

TEST(PermessageDeflate, RfcSharedWindowSecondMessage) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x00, 0x11, 0x00, 0x00}), "Hello");
}

TEST(PermessageDeflate, SharedWindowMessageFailsWithoutContextTakeover) {
  Inflater inflater(/*reset_per_message=*/true);
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
  const Bytes second = {0xf2, 0x00, 0x11, 0x00, 0x00};
  auto r = inflater.inflate(ByteView(second));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  EXPECT_EQ(r.error().message, "inflate failed: invalid distance too far back");
  EXPECT_FALSE(inflater.historyIncomplete());  // each message stands alone
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
}

TEST(PermessageDeflate, SetHistoryLetsAFreshInflaterReadALaterMessage) {
  // RFC 7692 §7.2.3.2: the second "Hello" refers back to the first. An inflater that did not see
  // the first message reads the second once given its text as history; without it, it fails.
  const Bytes second = {0xf2, 0x00, 0x11, 0x00, 0x00};
  Inflater fresh;
  EXPECT_FALSE(fresh.inflate(ByteView(second)));
  Inflater primed;
  const std::string hello = "Hello";
  ASSERT_TRUE(primed.setHistory(asBytes(hello)));
  EXPECT_EQ(inflateOk(primed, second), "Hello");
  // Only the last 32 KiB count; a longer history works the same.
  Inflater long_history;
  const std::string history = std::string(100000, 'x') + hello;
  ASSERT_TRUE(long_history.setHistory(asBytes(history)));
  EXPECT_EQ(inflateOk(long_history, second), "Hello");
}

TEST(PermessageDeflate, SetHistoryMatchesContextTakeoverOnRealMessages) {
  const auto messages = sampleMessages();
  const auto compressed = zlibReference(messages, /*reset=*/false);
  std::string history;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    Inflater inflater;
    ASSERT_TRUE(inflater.setHistory(asBytes(history)));
    auto r = inflater.inflate(asBytes(compressed[i]));
    ASSERT_TRUE(r) << i << ": " << r.error().message;
    EXPECT_EQ(*r, messages[i]) << i;
    history += messages[i];
  }
}

TEST(PermessageDeflate, RfcStoredBlock) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}), "Hello");
}

TEST(PermessageDeflate, RfcBfinalBlock) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}), "Hello");
  // A final block ends the stream: the next message starts a fresh one.
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
}

TEST(PermessageDeflate, RfcTwoBlocks) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00}),
            "Hello");
}

TEST(PermessageDeflate, EmptyMessageAsSingleZeroByte) {
  Inflater inflater;
  EXPECT_EQ(inflateOk(inflater, {0x00}), "");
}

// --- against zlib references ------------------------------------------------------------------

TEST(PermessageDeflate, DeflaterMatchesZlibWithContextTakeover) {
  const auto messages = sampleMessages();
  const auto reference = zlibReference(messages, /*reset=*/false);
  Deflater deflater;
  Inflater inflater;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string compressed = deflater.deflate(asBytes(messages[i]));
    EXPECT_EQ(compressed, reference[i]) << i;
    auto back = inflater.inflate(asBytes(reference[i]));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, messages[i]);
  }
  // The second message shares most bytes with the first: takeover makes it much smaller.
  EXPECT_LT(reference[1].size(), reference[0].size() / 2);
}

TEST(PermessageDeflate, DeflaterMatchesZlibWithoutContextTakeover) {
  const auto messages = sampleMessages();
  const auto reference = zlibReference(messages, /*reset=*/true);
  Deflater deflater(/*no_context_takeover=*/true);
  Inflater inflater(/*reset_per_message=*/true);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(deflater.deflate(asBytes(messages[i])), reference[i]) << i;
    auto back = inflater.inflate(asBytes(reference[i]));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, messages[i]);
  }
  // Messages stand alone: any one inflates with a fresh inflater.
  Inflater fresh(/*reset_per_message=*/true);
  auto second = fresh.inflate(asBytes(reference[1]));
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, messages[1]);
}

TEST(PermessageDeflate, SmallWindowStillInflates) {
  Deflater deflater(false, 9);
  Inflater inflater;
  const std::string text(3000, 'q');
  auto back = inflater.inflate(asBytes(deflater.deflate(asBytes(text))));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, text);
}

// --- limits and lost context ------------------------------------------------------------------

TEST(PermessageDeflate, InflateLimitStopsZipBombs) {
  Deflater deflater;
  const std::string bomb(10 << 20, '\0');
  const std::string compressed = deflater.deflate(asBytes(bomb));
  EXPECT_LT(compressed.size(), 20000u);
  Inflater inflater(false, 1 << 20);
  auto r = inflater.inflate(asBytes(compressed));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
  EXPECT_EQ(r.error().message, "inflated message exceeds the limit of 1048576 bytes");
  EXPECT_TRUE(inflater.historyIncomplete());
  // The next message refers back into the bomb's zeros, which are gone.
  auto next = inflater.inflate(asBytes(deflater.deflate(asBytes(std::string(100, '\0')))));
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::Invalid);
  EXPECT_EQ(next.error().message,
            "cannot inflate: the message refers to compression history lost with an earlier message of this "
            "direction that failed to inflate (context takeover) (inflate failed: invalid distance too far back)");
}

TEST(PermessageDeflate, OutputExactlyAtTheLimitIsAccepted) {
  Deflater deflater;
  const std::string text(4096, 'k');
  Inflater inflater(false, 4096);
  auto r = inflater.inflate(asBytes(deflater.deflate(asBytes(text))));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->size(), 4096u);
}

TEST(PermessageDeflate, CorruptDataIsInvalid) {
  const Bytes garbage = {0xff, 0xff, 0xff, 0xff, 0x12};
  Inflater inflater;
  auto r = inflater.inflate(ByteView(garbage));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  EXPECT_EQ(r.error().stage, Stage::WebSocket);
  EXPECT_EQ(r.error().message.rfind("inflate failed: ", 0), 0u);
}

TEST(PermessageDeflate, ForgottenHistoryFailsOnlyTheMessagesThatReferToIt) {
  // Hello, then a message made of a back-reference to it: the second cannot be inflated alone.
  Inflater takeover;
  takeover.forgetHistory("with the bytes lost at stream offset 7");
  EXPECT_TRUE(takeover.historyIncomplete());
  EXPECT_THAT(takeover.inflate(ByteView(Bytes{0xf2, 0x00, 0x11, 0x00, 0x00})),
              FailsWithMessage(ErrorCode::Invalid, 3,
                               "cannot inflate: the message refers to compression history lost with the bytes lost at "
                               "stream offset 7 (context takeover) (inflate failed: invalid distance too far back)"));
  // A message that stands alone inflates, and later ones may refer to it.
  EXPECT_EQ(inflateOk(takeover, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
  EXPECT_EQ(inflateOk(takeover, {0xf2, 0x00, 0x11, 0x00, 0x00}), "Hello");
  Inflater reset(/*reset_per_message=*/true);
  reset.forgetHistory("with anything");
  EXPECT_FALSE(reset.historyIncomplete());
  EXPECT_EQ(inflateOk(reset, {0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}), "Hello");
}

TEST(PermessageDeflate, HistoryIsWholeAgainAfterAFullWindow) {
  Deflater deflater;
  Inflater inflater;
  std::string text;
  for (int i = 0; text.size() < 40000; ++i) text += "message " + std::to_string(i * 7919 % 10007) + "; ";
  (void)deflater.deflate(asBytes(std::string(1000, '#')));  // history the inflater never sees (no # in text)
  inflater.forgetHistory("with a lost message");
  auto r = inflater.inflate(asBytes(deflater.deflate(asBytes(text))));
  ASSERT_TRUE(r) << r.error().message;  // refers only to itself (zlib checks every distance)
  EXPECT_EQ(*r, text);
  EXPECT_FALSE(inflater.historyIncomplete());
}

}  // namespace wa::capture
}  // namespace wa::capture
