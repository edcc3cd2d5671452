// Sessions from the corpus generator (corpus/generator/session.h), QR login and restore, played
// client against mock server in memory: every server message arrives and matches.
#include <gtest/gtest.h>

#include "wa/testing/generator/session.h"
#include "wa/crypto/key_files.h"
#include "wareplay/client_player.h"
#include "wareplay/server_player.h"

namespace wa::wareplay {
namespace {

std::shared_ptr<const Session> generated(bool restore, std::uint64_t seed) {
  testing::SessionOptions options;
  options.seed = seed;
  options.restore = restore;
  auto g = testing::generateSession(options);
  std::vector<capture::CaptureMessage> records;
  for (const auto& m : g.messages) {
    capture::CaptureMessage c;
    c.t = m.t;
    c.dir = m.dir;
    c.op = m.op;
    c.conn = "0";
    c.payload = m.payload;
    records.push_back(std::move(c));
  }
  auto keys = crypto::parseKeyFile(testing::sessionKeyFile(g.secrets));
  EXPECT_TRUE(keys) << keys.error().message;
  auto s = buildSession(std::move(records), *keys);
  EXPECT_TRUE(s) << s.error().message;
  return std::make_shared<const Session>(std::move(*s));
}

Report play(const std::shared_ptr<const Session>& session, std::size_t& sent_by_server) {
  auto script = buildServeScript(session, 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}}, 1, nullptr);
  ClientPlayer client(session, {.pacing = {.speed = 0}, .ignore = parseIgnoreRules({std::string(kDefaultIgnoreRules)}).value()});
  TimePoint now = TimePoint{} + std::chrono::hours(1);
  client.onOpen(now);
  server.onOpen(now);
  std::vector<Outgoing> out;
  for (int step = 0; step < 100000 && !client.done(); ++step) {
    bool moved = false;
    out.clear();
    client.poll(now, 64, out);
    for (auto& o : out) server.onMessage(o.op, o.payload, now), moved = true;
    out.clear();
    server.poll(now, 64, out);
    for (auto& o : out) client.onMessage(o.op, o.payload, now), moved = true;
    if (auto qr = client.takeQr()) {
      auto rest = qr->substr(qr->find(',') + 1);
      auto pub = crypto::base64Decode(rest.substr(0, rest.find(','))).value();
      crypto::Key32 key{};
      std::copy(pub.begin(), pub.end(), key.begin());
      EXPECT_TRUE(server.onScan(key, now));
      moved = true;
    }
    if (server.wantsClose()) client.onClosed("", now);
    if (moved) continue;
    auto a = client.nextWake(), b = server.nextWake();
    TimePoint next = now + std::chrono::milliseconds(1);
    if (a && *a > now) next = *a;
    if (b && *b > now && *b < next) next = *b;
    now = next;
  }
  sent_by_server = server.stats().script_sent;
  return client.report();
}

class WareplayGenerated : public ::testing::TestWithParam<std::tuple<bool, std::uint64_t>> {};

TEST_P(WareplayGenerated, EveryServerMessageMatches) {
  auto [restore, seed] = GetParam();
  auto session = generated(restore, seed);
  EXPECT_EQ(session->restore, restore);
  EXPECT_EQ(session->new_login, !restore);
  std::size_t sent = 0;
  auto report = play(session, sent);
  for (const auto& e : report.entries)
    EXPECT_EQ(e.verdict, Verdict::Matched) << toString(e.verdict) << " " << e.key << "\n" << e.diff << e.content;
  EXPECT_EQ(exitCodeFor(report), 0) << renderReportText(report, false);
  EXPECT_GT(sent, 20u);
}

INSTANTIATE_TEST_SUITE_P(LoginsAndSeeds, WareplayGenerated,
                         ::testing::Combine(::testing::Bool(), ::testing::Values(1u, 7u)));

}  // namespace
}  // namespace wa::wareplay
