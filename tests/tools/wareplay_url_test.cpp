// Tests for wareplay's URL and listen-address parsing (tools/wareplay/url.h).
#include "wareplay/url.h"

#include <gtest/gtest.h>

namespace wa::wareplay {
namespace {

TEST(WareplayUrl, ParsesWebSocketUrls) {
  auto url = parseUrl("wss://web.example:8443/ws?x=1");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->scheme, "wss");
  EXPECT_EQ(url->host, "web.example");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->target, "/ws?x=1");
  EXPECT_TRUE(url->tls());
  EXPECT_EQ(parseUrl("ws://127.0.0.1")->port, 80);
  EXPECT_EQ(parseUrl("wss://h")->port, 443);
  auto v6 = parseUrl("ws://[::1]:9000/");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->hostPort(), "[::1]:9000");
}

TEST(WareplayUrl, RefusesBadUrls) {
  auto bad = parseUrl("ftp://x/");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().exit_code, 2);
  EXPECT_EQ(bad.error().message, "\"ftp://x/\": scheme must be ws, wss or http");
  EXPECT_FALSE(parseUrl("ws://host:99999/"));
  EXPECT_FALSE(parseUrl("ws:///path"));
  EXPECT_FALSE(parseUrl("127.0.0.1:80"));
}

TEST(WareplayUrl, ParsesListenAddresses) {
  auto a = parseListenAddress("127.0.0.1:0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 0);
  auto b = parseListenAddress("[::1]:8080");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(parseListenAddress(":80")->host, "0.0.0.0");
  auto bad = parseListenAddress("localhost");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "\"localhost\": expected ADDR:PORT");
}

}  // namespace
}  // namespace wa::wareplay
