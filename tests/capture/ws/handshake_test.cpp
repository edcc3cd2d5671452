// Unit tests of HTTP upgrade parsing and building (RFC 6455 §4).
#include "wa/capture/ws/handshake.h"

#include <string>

#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"

namespace wa::capture {
namespace {

const std::string kRequest =
    "GET /ws HTTP/1.1\r\n"
    "Host: web.example.test\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Upgrade: websocket\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
    "\r\n";

const std::string kResponse =
    "HTTP/1.1 101 Switching Protocols\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
    "Sec-WebSocket-Extensions: permessage-deflate\r\n"
    "Sec-WebSocket-Extensions: x-other\r\n"
    "\r\n";

TEST(Handshake, AcceptKeyOfRfcExample) {
  // RFC 6455 §1.3.
  EXPECT_EQ(computeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, FindHeadEndIncrementally) {
  const std::string head = "GET / HTTP/1.1\r\nA: b\r\n\r\nbody";
  EXPECT_FALSE(findHeadEnd(head.substr(0, 10)));
  EXPECT_FALSE(findHeadEnd(head.substr(0, 23), 10));
  EXPECT_EQ(findHeadEnd(head.substr(0, 24), 23), 24u);
  EXPECT_EQ(findHeadEnd(head), 24u);
}

TEST(Handshake, ParsesRequest) {
  auto head = parseHttpHead(kRequest);
  WA_ASSERT_OK(head);
  EXPECT_TRUE(head->is_request);
  EXPECT_EQ(head->method, "GET");
  EXPECT_EQ(head->target, "/ws");
  EXPECT_EQ(head->version, "HTTP/1.1");
  EXPECT_EQ(head->size, kRequest.size());
  EXPECT_EQ(head->header("host"), "web.example.test");
  EXPECT_FALSE(head->header("cookie"));
  auto request = checkUpgradeRequest(*head);
  WA_ASSERT_OK(request);
  EXPECT_EQ(request->key, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(request->host, "web.example.test");
  EXPECT_EQ(request->offered_extensions, "permessage-deflate; client_max_window_bits");
}

TEST(Handshake, ParsesResponseAndJoinsRepeatedHeaders) {
  auto head = parseHttpHead(kResponse);
  WA_ASSERT_OK(head);
  EXPECT_FALSE(head->is_request);
  EXPECT_EQ(head->status, 101);
  EXPECT_EQ(head->reason, "Switching Protocols");
  EXPECT_EQ(head->joinedHeader("sec-websocket-extensions"), "permessage-deflate, x-other");
  auto response = checkUpgradeResponse(*head);
  WA_ASSERT_OK(response);
  EXPECT_EQ(response->accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  ASSERT_TRUE(response->extensions.deflate);
  ASSERT_EQ(response->extensions.others.size(), 1u);
  EXPECT_EQ(response->extensions.others[0], "x-other");
}

TEST(Handshake, RefusedUpgrade) {
  auto head = parseHttpHead("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  WA_ASSERT_OK(head);
  EXPECT_THAT(checkUpgradeResponse(*head),
              FailsWithMessage(ErrorCode::Unsupported, 0, "websocket upgrade refused with http status 403"));
}

TEST(Handshake, ResponseWithBadExtensionFails) {
  auto head = parseHttpHead(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; x=1\r\n\r\n");
  WA_ASSERT_OK(head);
  EXPECT_THAT(checkUpgradeResponse(*head), FailsWith(ErrorCode::Invalid, 20));
}

TEST(Handshake, PlainHttpIsNotAnUpgrade) {
  auto head = parseHttpHead("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n");
  WA_ASSERT_OK(head);
  EXPECT_THAT(checkUpgradeRequest(*head),
              FailsWithMessage(ErrorCode::Unsupported, 0, "not a websocket upgrade: no \"Upgrade: websocket\" header"));
  auto post = parseHttpHead("POST /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
  WA_ASSERT_OK(post);
  EXPECT_THAT(checkUpgradeRequest(*post), FailsWithMessage(ErrorCode::Unsupported, 0, "not a websocket upgrade: method POST"));
  auto no_key = parseHttpHead("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n");
  WA_ASSERT_OK(no_key);
  EXPECT_THAT(checkUpgradeRequest(*no_key),
              FailsWithMessage(ErrorCode::Unsupported, 0, "not a websocket upgrade: no Sec-WebSocket-Key header"));
}

TEST(Handshake, MalformedHeads) {
  EXPECT_THAT(parseHttpHead("GET\r\n\r\n"), FailsWithMessage(ErrorCode::Invalid, 0, "malformed http start line"));
  EXPECT_THAT(parseHttpHead("HTTP/1.1 1x1 Oops\r\n\r\n"), FailsWithMessage(ErrorCode::Invalid, 9, "malformed http status code"));
  EXPECT_THAT(parseHttpHead("GET / HTTP/1.1\r\nNoColon\r\n\r\n"),
              FailsWithMessage(ErrorCode::Invalid, 16, "http header line without a name"));
  EXPECT_THAT(parseHttpHead("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"),
              FailsWithMessage(ErrorCode::Invalid, 22, "obsolete folded http header line"));
  EXPECT_THAT(parseHttpHead("GET / HTTP/1.1\r\nA: b\r\n"),
              FailsWithMessage(ErrorCode::Invalid, 22, "http head does not end in an empty line"));
  EXPECT_THAT(parseHttpHead("GET / FTP\r\n\r\n"), FailsWithMessage(ErrorCode::Invalid, 6, "request line without an http version"));
}

TEST(Handshake, BuiltHeadsParseBack) {
  const std::string request = buildUpgradeRequest("h.test", "/ws", "AQIDBAUGBwgJCgsMDQ4PEA==", "permessage-deflate");
  auto req_head = parseHttpHead(request);
  WA_ASSERT_OK(req_head);
  auto req = checkUpgradeRequest(*req_head);
  WA_ASSERT_OK(req);
  EXPECT_EQ(req->offered_extensions, "permessage-deflate");
  const std::string response = buildUpgradeResponse(req->key, "permessage-deflate; server_no_context_takeover");
  auto resp_head = parseHttpHead(response);
  WA_ASSERT_OK(resp_head);
  auto resp = checkUpgradeResponse(*resp_head);
  WA_ASSERT_OK(resp);
  EXPECT_EQ(resp->accept, computeAcceptKey("AQIDBAUGBwgJCgsMDQ4PEA=="));
  ASSERT_TRUE(resp->extensions.deflate);
  EXPECT_TRUE(resp->extensions.deflate->server_no_context_takeover);
  auto plain = parseHttpHead(buildUpgradeResponse("k"));
  WA_ASSERT_OK(plain);
  EXPECT_FALSE(plain->header("Sec-WebSocket-Extensions"));
}

}  // namespace
}  // namespace wa::capture
