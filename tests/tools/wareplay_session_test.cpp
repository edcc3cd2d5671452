// Tests for loading recordings (tools/wareplay/session.h) from every capture format.
#include "wareplay/session.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"
#include "tools/wareplay_fixture.h"

namespace wa::wareplay {
namespace {

namespace fs = std::filesystem;

using WareplaySessionFiles = testing::TempDirTest;

std::size_t countRole(const Session& s, Role role) {
  std::size_t n = 0;
  for (const auto& m : s.messages) n += m.role == role;
  return n;
}

TEST(WareplaySession, RestoreRolesKeysAndTokens) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore, .challenge = true});
  auto session = buildSession(rec.messages, rec.keys);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_TRUE(session->has_login);
  EXPECT_TRUE(session->restore);
  EXPECT_FALSE(session->new_login);
  ASSERT_TRUE(session->keys);
  EXPECT_EQ(*session->keys, fixture::sessionKeys());
  EXPECT_EQ(session->client_token, fixture::kClientToken);
  EXPECT_EQ(session->server_token, fixture::kServerToken);
  EXPECT_EQ(session->client_id, fixture::kClientId);
  const auto& m = session->messages;
  EXPECT_EQ(m[0].role, Role::Init);
  EXPECT_EQ(m[1].role, Role::InitReply);
  EXPECT_EQ(m[2].role, Role::Login);
  EXPECT_EQ(m[3].role, Role::Challenge);
  EXPECT_EQ(m[4].role, Role::ChallengeAnswer);
  EXPECT_EQ(m[5].role, Role::ChallengeReply);
  EXPECT_EQ(m[6].role, Role::LoginReply);
  EXPECT_EQ(m[7].role, Role::Conn);
  EXPECT_EQ(m[8].role, Role::Stream);
  EXPECT_EQ(m[9].role, Role::Props);
  EXPECT_EQ(countRole(*session, Role::KeepAlive), 1u);
  EXPECT_EQ(countRole(*session, Role::KeepAliveReply), 1u);
  EXPECT_EQ(countRole(*session, Role::Goodbye), 1u);
  // Every binary frame decrypted and decoded, in both directions.
  std::size_t binary = 0;
  for (const auto& msg : m) {
    if (msg.kind != codec::FrameKind::Binary) continue;
    ++binary;
    ASSERT_TRUE(msg.node) << msg.index << ": " << msg.problem;
  }
  EXPECT_EQ(binary, 2u + 5u);
  EXPECT_EQ(m[12].key, "node query type=chat");
  EXPECT_EQ(m[13].key, "node response type=chat > chat");
  EXPECT_EQ(m[10].key, "query exist");
  EXPECT_TRUE(session->warnings.empty());
}

TEST(WareplaySession, QrLoginDerivesKeysFromThePrivateKey) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Qr, .rerefs = 2});
  crypto::KeyEntry keys;
  keys.private_key = fixture::clientPrivateKey();  // no encKey/macKey: derived from the Conn secret
  auto session = buildSession(rec.messages, keys);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_TRUE(session->new_login);
  EXPECT_FALSE(session->restore);
  ASSERT_TRUE(session->keys);
  EXPECT_EQ(*session->keys, fixture::sessionKeys());
  EXPECT_EQ(countRole(*session, Role::Reref), 2u);
  EXPECT_EQ(countRole(*session, Role::RerefReply), 2u);
  // Tokens come from the recorded Conn when the key file has none.
  EXPECT_EQ(session->client_token, fixture::kClientToken);
}

TEST(WareplaySession, WithoutKeysBinaryStaysOpaque) {
  auto rec = fixture::makeRecording({});
  auto session = buildSession(rec.messages, {});
  ASSERT_TRUE(session);
  EXPECT_FALSE(session->keys);
  for (const auto& m : session->messages)
    if (m.kind == codec::FrameKind::Binary) {
      EXPECT_FALSE(m.node);
      EXPECT_EQ(m.problem, "no keys");
      EXPECT_EQ(m.key, "binary");
    }
  ASSERT_EQ(session->warnings.size(), 1u);
  EXPECT_EQ(session->warnings[0],
            "<memory>: 7 binary messages not decrypted (no keys): matched in order, content not compared");
}

TEST(WareplaySession, WrongKeysAreReportedPerMessage) {
  auto rec = fixture::makeRecording({.pushes = 1});
  crypto::KeyEntry keys;
  keys.enc_key = fixture::filledKey(9);
  keys.mac_key = fixture::filledKey(10);
  auto session = buildSession(rec.messages, keys);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->warnings.size(), 4u);
  EXPECT_NE(session->warnings[0].find("frame hmac mismatch"), std::string::npos) << session->warnings[0];
}

TEST_F(WareplaySessionFiles, ReadsJsonlHarAndPcapAlike) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore});
  auto keys = write("keys.json", rec.keyFile());
  std::vector<std::vector<std::string>> payloads;
  for (const auto& [name, content] : {std::pair{"s.jsonl", rec.jsonl()}, std::pair{"s.har", rec.har()},
                                      std::pair{"s.pcap", rec.pcap()}}) {
    LoadOptions options;
    options.path = write(name, content);
    options.keys_path = keys;
    auto session = loadSession(options);
    ASSERT_TRUE(session) << name << ": " << session.error().message;
    EXPECT_TRUE(session->warnings.empty()) << name << ": " << session->warnings.front();
    ASSERT_EQ(session->messages.size(), rec.messages.size()) << name;
    std::vector<std::string> p;
    for (const auto& m : session->messages) {
      p.push_back(m.payload);
      EXPECT_EQ(m.dir, rec.messages[m.index].dir) << name << " " << m.index;
    }
    payloads.push_back(std::move(p));
  }
  EXPECT_EQ(payloads[0], payloads[1]);
  EXPECT_EQ(payloads[0], payloads[2]);
}

TEST_F(WareplaySessionFiles, LoadErrorsMapToExitCodes) {
  LoadOptions missing;
  missing.path = "/nonexistent/wareplay/session.jsonl";
  auto a = loadSession(missing);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().exit_code, 3);

  auto rec = fixture::makeRecording({});
  LoadOptions bad_keys;
  bad_keys.path = write("s.jsonl", rec.jsonl());
  bad_keys.keys_path = write("k.json", R"({"encKey":"AAAA","macKey":"AAAA"})");
  auto b = loadSession(bad_keys);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().exit_code, 2);

  LoadOptions no_conn;
  no_conn.path = bad_keys.path;
  no_conn.conn = "7";
  auto c = loadSession(no_conn);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().exit_code, 2);
  EXPECT_EQ(c.error().message, no_conn.path + ": connection \"7\" has no messages");

  LoadOptions empty;
  empty.path = write("empty.jsonl", "");
  auto d = loadSession(empty);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().exit_code, 2);
}

TEST_F(WareplaySessionFiles, PicksTheFirstConnectionAndWarns) {
  auto rec = fixture::makeRecording({});
  auto other = rec.messages;
  for (auto& m : other) m.conn = "1";
  std::string jsonl = rec.jsonl();
  for (const auto& m : other) capture::appendCaptureJsonl(m, jsonl);
  LoadOptions options;
  options.path = write("two.jsonl", jsonl);
  auto session = loadSession(options);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->conn, "0");
  EXPECT_EQ(session->messages.size(), rec.messages.size());
  ASSERT_FALSE(session->warnings.empty());
  EXPECT_EQ(session->warnings[0],
            options.path + ": capture has 2 connections; replaying \"0\" (choose another with --conn)");
  options.conn = "1";
  auto second = loadSession(options);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->conn, "1");
}

}  // namespace
}  // namespace wa::wareplay
