// Unit tests of one WebSocket connection decoded from two byte streams.
#include "wa/capture/ws/connection_decoder.h"

#include <string>

#include <gtest/gtest.h>

#include "wa/testing/ws_encoder.h"

namespace wa::capture {
namespace {

using wa::testing::WsEncoder;
using wa::testing::WsEncoderOptions;

constexpr const char* kKey = "x3JJHMbDL1EzLkh9GBhXDw==";

struct Harness {
  MessageQueue out;
  WsConnectionCounters counters;
  WsConnectionDecoder decoder;
  std::uint64_t offset[2] = {0, 0};

  explicit Harness(WsConnectionOptions options = {})
      : decoder("10.0.0.1:50000", "10.0.0.2:80", out, counters, options) {}

  void send(StreamSide side, const std::string& bytes, double t = 1.0) {
    const auto i = static_cast<std::size_t>(side);
    decoder.data(side, asBytes(bytes), WsChunkInfo{t, i * 1000000 + offset[i]});
    offset[i] += bytes.size();
  }
  std::vector<CaptureMessage> records() {
    std::vector<CaptureMessage> v;
    CaptureMessage m;
    while (out.pop(m)) v.push_back(m);
    return v;
  }
};

std::string request(std::string_view extensions = {}) { return buildUpgradeRequest("h.test", "/ws", kKey, extensions); }
std::string response(std::string_view extensions = {}) { return buildUpgradeResponse(kKey, extensions); }

TEST(ConnectionDecoder, DecodesBothDirections) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true});
  WsEncoder server;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, response() + server.encodeText("s1,hello"));
  h.send(StreamSide::A, client.encodeText("c1,hi"), 2.0);
  h.send(StreamSide::B, server.encodeBinary(asBytes(std::string("\x01\x02", 2))), 3.0);
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::Open);
  EXPECT_EQ(h.decoder.clientSide(), StreamSide::A);
  auto r = h.records();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].dir, Direction::Receive);
  EXPECT_EQ(r[0].op, Opcode::Text);
  EXPECT_EQ(r[0].payload, "s1,hello");
  EXPECT_EQ(r[0].conn, "10.0.0.1:50000");
  EXPECT_EQ(r[0].source_offset, 1000000 + response().size());
  EXPECT_EQ(r[1].dir, Direction::Send);
  EXPECT_EQ(r[1].payload, "c1,hi");
  EXPECT_EQ(r[1].t, 2.0);
  EXPECT_EQ(r[1].source_offset, request().size());
  EXPECT_EQ(r[2].op, Opcode::Binary);
  EXPECT_EQ(h.counters.websocket_connections, 1u);
  EXPECT_EQ(h.counters.messages, 3u);
  EXPECT_EQ(h.counters.accept_mismatches, 0u);
}

TEST(ConnectionDecoder, ClientMayBeSideBAndHeadsMayArriveInPieces) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true});
  const std::string req = request();
  h.send(StreamSide::B, req.substr(0, 5));
  h.send(StreamSide::B, req.substr(5, 30));
  h.send(StreamSide::B, req.substr(35) + client.encodeText("early"));  // before the response: held
  EXPECT_TRUE(h.records().empty());
  h.send(StreamSide::A, response());
  auto r = h.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].dir, Direction::Send);
  EXPECT_EQ(r[0].conn, "10.0.0.2:80");
  EXPECT_EQ(r[0].payload, "early");
  EXPECT_EQ(r[0].source_offset, 1000000 + req.size());
}

TEST(ConnectionDecoder, NonWebSocketStreamIsSkippedAtOnce) {
  Harness h;
  h.send(StreamSide::A, "SSH-2.0-OpenSSH_9.2\r\n");
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::NotWebSocket);
  EXPECT_FALSE(h.decoder.wantsData());
  EXPECT_EQ(h.counters.non_websocket_connections, 1u);
  h.decoder.finish({});
  EXPECT_TRUE(h.records().empty());
}

TEST(ConnectionDecoder, TlsIsSkippedAtTheFirstByte) {
  Harness h;
  h.send(StreamSide::A, std::string("\x16\x03\x01\x02\x00", 5));
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::NotWebSocket);
}

TEST(ConnectionDecoder, PlainHttpIsSkipped) {
  Harness h;
  h.send(StreamSide::A, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::NotWebSocket);
}

TEST(ConnectionDecoder, RefusedUpgradeIsCountedWithoutRecord) {
  Harness h;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::NotWebSocket);
  EXPECT_EQ(h.counters.refused_upgrades, 1u);
  EXPECT_TRUE(h.records().empty());
}

TEST(ConnectionDecoder, UnknownAcceptedExtensionFailsTheConnection) {
  Harness h;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, response("x-webkit-deflate-frame"));
  auto r = h.records();
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].error);
  EXPECT_EQ(r[0].error->code, ErrorCode::Unsupported);
  EXPECT_EQ(r[0].error->message,
            "websocket extension \"x-webkit-deflate-frame\" was accepted; its framing is not supported");
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::Failed);
}

TEST(ConnectionDecoder, WrongAcceptIsCounted) {
  Harness h;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: nope\r\n\r\n");
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::Open);
  EXPECT_EQ(h.counters.accept_mismatches, 1u);
}

TEST(ConnectionDecoder, DeflateWithContextTakeover) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true, .deflate = true});
  WsEncoder server(WsEncoderOptions{.deflate = true});
  h.send(StreamSide::A, request("permessage-deflate"));
  h.send(StreamSide::B, response("permessage-deflate"));
  ASSERT_TRUE(h.decoder.deflate());
  for (int i = 0; i < 3; ++i) {
    h.send(StreamSide::A, client.encodeText("repeated payload repeated payload " + std::to_string(i)));
    h.send(StreamSide::B, server.encodeText("server says " + std::to_string(i)));
  }
  auto r = h.records();
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[4].payload, "repeated payload repeated payload 2");
  EXPECT_EQ(r[5].payload, "server says 2");
  EXPECT_EQ(h.counters.compressed_messages, 6u);
  EXPECT_EQ(h.counters.deflate_connections, 1u);
}

TEST(ConnectionDecoder, GapInCompressedMessageBreaksContextTakeoverOnly) {
  for (bool no_takeover : {false, true}) {
    Harness h;
    WsEncoder server(WsEncoderOptions{.deflate = true, .no_context_takeover = no_takeover});
    const std::string ext = no_takeover ? "permessage-deflate; server_no_context_takeover" : "permessage-deflate";
    h.send(StreamSide::A, request(ext));
    h.send(StreamSide::B, response(ext));
    const std::string body = "the quick brown fox jumps over the lazy dog, 0123456789; ";
    const std::string first = server.encodeText(body + "first");
    h.send(StreamSide::B, first.substr(0, 6));
    h.decoder.gap(StreamSide::B, 3, WsChunkInfo{2.0, 555});
    h.offset[1] += 3;
    h.send(StreamSide::B, first.substr(9));
    h.send(StreamSide::B, server.encodeText(body + "second"));
    auto r = h.records();
    ASSERT_EQ(r.size(), 2u) << no_takeover;
    ASSERT_TRUE(r[0].error);
    EXPECT_EQ(r[0].error->code, ErrorCode::Truncated);
    EXPECT_EQ(r[0].error->message,
              "server-to-client stream offset " + std::to_string(response(ext).size()) +
                  ": message incomplete: 3 bytes missing from stream offset " +
                  std::to_string(response(ext).size() + 6));
    if (no_takeover) {
      EXPECT_FALSE(r[1].error);
      EXPECT_EQ(r[1].payload, body + "second");
    } else {
      // The second message refers back to the first, whose end was lost with the gap.
      ASSERT_TRUE(r[1].error);
      EXPECT_EQ(r[1].error->code, ErrorCode::Invalid);
      EXPECT_NE(r[1].error->message.find("refers to compression history lost with the bytes lost at "
                                         "server-to-client stream offset"),
                std::string::npos)
          << r[1].error->message;
    }
  }
}

TEST(ConnectionDecoder, UnmaskedClientFrameStopsThatDirection) {
  Harness h;
  WsEncoder unmasked;
  WsEncoder server;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, response());
  h.send(StreamSide::A, unmasked.encodeText("bad"));
  h.send(StreamSide::B, server.encodeText("still fine"));
  auto r = h.records();
  ASSERT_EQ(r.size(), 2u);
  ASSERT_TRUE(r[0].error);
  EXPECT_EQ(r[0].dir, Direction::Send);
  EXPECT_EQ(r[0].error->message,
            "client-to-server stream offset " + std::to_string(request().size()) + ": unmasked frame from the client");
  EXPECT_EQ(r[0].error->offset, request().size());
  EXPECT_EQ(r[1].payload, "still fine");
}

TEST(ConnectionDecoder, GapInTheRequestHeadDecodesTheFramesWithoutIt) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true});
  WsEncoder server;
  const std::string req = request();
  h.decoder.gap(StreamSide::A, 20, WsChunkInfo{5.0, 42});  // the request's start is lost
  h.offset[0] += 20;
  h.send(StreamSide::A, req.substr(20));
  h.send(StreamSide::B, response());
  h.send(StreamSide::A, client.encodeText("1.--0,[\"admin\",\"init\"]"));
  h.send(StreamSide::B, server.encodeText("1.--0,{\"status\":200}"));
  h.send(StreamSide::A, client.encodeText("1.--1,[\"admin\",\"test\"]"));
  h.decoder.finish(WsChunkInfo{9.0, 999});
  auto r = h.records();
  ASSERT_EQ(r.size(), 4u);
  // The server's head was seen: it tells the client, and the server's frames follow it at once.
  EXPECT_EQ(r[0].payload, "1.--0,{\"status\":200}");
  EXPECT_EQ(r[0].dir, Direction::Receive);
  // The client's side hunts past the rest of its head; a frame is taken once its follower is seen.
  ASSERT_TRUE(r[1].error);
  EXPECT_EQ(r[1].dir, Direction::Send);
  EXPECT_EQ(r[1].error->offset, 42u);
  EXPECT_NE(r[1].error->message.find("20 bytes missing at stream offset 0 before the http head was complete: "),
            std::string::npos)
      << r[1].error->message;
  EXPECT_EQ(r[2].payload, "1.--0,[\"admin\",\"init\"]");
  EXPECT_EQ(r[3].payload, "1.--1,[\"admin\",\"test\"]");
  EXPECT_EQ(r[3].conn, "10.0.0.1:50000");
}

TEST(ConnectionDecoder, MissingStartFindsTheClientByItsMask) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true});
  WsEncoder server;
  // Side A is the server here (it sent first); its port is the lower one.
  h.decoder.startMissing(StreamSide::A);
  h.decoder.startMissing(StreamSide::B);
  const std::string s1 = server.encodeText("s1,[\"Conn\",{}]");
  h.send(StreamSide::A, s1.substr(3));
  h.send(StreamSide::A, server.encodeText("s2,[\"Stream\"]"));
  h.send(StreamSide::B, client.encodeText("1.--5,[\"query\"]"));
  h.decoder.finish(WsChunkInfo{});
  auto r = h.records();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_TRUE(r[0].error);
  EXPECT_EQ(r[1].payload, "s2,[\"Stream\"]");
  EXPECT_EQ(r[1].dir, Direction::Receive);
  EXPECT_TRUE(r[2].error);  // side B's start: found at once, but its start is still unknown
  EXPECT_EQ(r[2].error->message.find("client-to-server stream offset 0: stream start not captured: 0 bytes skipped"),
            0u)
      << r[2].error->message;
  EXPECT_EQ(r[3].dir, Direction::Send);
  EXPECT_EQ(r[3].payload, "1.--5,[\"query\"]");
}

TEST(ConnectionDecoder, EndInsideMessageIsReported) {
  Harness h;
  WsEncoder server;
  h.send(StreamSide::A, request());
  h.send(StreamSide::B, response() + server.encodeText("complete") + server.encodeText("cut").substr(0, 3));
  h.decoder.finish(WsChunkInfo{9.0, 0});
  auto r = h.records();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].payload, "complete");
  ASSERT_TRUE(r[1].error);
  EXPECT_EQ(r[1].error->code, ErrorCode::Truncated);
}

TEST(ConnectionDecoder, MissingResponseWithPendingDataIsReported) {
  Harness h;
  WsEncoder client(WsEncoderOptions{.mask = true});
  h.send(StreamSide::A, request() + client.encodeText("lost?"));
  h.send(StreamSide::B, "HTTP/1.1 101 Swi");
  h.decoder.finish({});
  auto r = h.records();
  ASSERT_EQ(r.size(), 1u);
  ASSERT_TRUE(r[0].error);
  EXPECT_EQ(r[0].error->message, "websocket upgrade incomplete: no complete response to the request");
  EXPECT_EQ(h.counters.incomplete_handshakes, 1u);
}

TEST(ConnectionDecoder, HeadLimit) {
  Harness h(WsConnectionOptions{.max_http_head = 64});
  h.send(StreamSide::A, "GET /ws HTTP/1.1\r\n" + std::string(100, 'x'));
  EXPECT_EQ(h.decoder.state(), WsConnectionDecoder::State::NotWebSocket);
}

}  // namespace
}  // namespace wa::capture
