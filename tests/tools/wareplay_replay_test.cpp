// Client and mock server logic played against each other in memory, on a simulated clock:
// both logins, challenge, reref, login statuses, takeover, unrecorded messages, differences,
// timeouts (tools/wareplay/client_player.h, server_player.h, serve_script.h).
#include <deque>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tools/wareplay_fixture.h"
#include "wareplay/client_player.h"
#include "wareplay/server_player.h"

namespace wa::wareplay {
namespace {

using std::chrono::milliseconds;

std::shared_ptr<const Session> sessionOf(const fixture::Recording& rec) {
  auto s = buildSession(rec.messages, rec.keys);
  EXPECT_TRUE(s) << s.error().message;
  return std::make_shared<const Session>(std::move(*s));
}

IgnoreRules defaultRules() { return parseIgnoreRules({std::string(kDefaultIgnoreRules)}).value(); }

/// Records claims like the server's registry, for one pair of connections.
class FakeArbiter final : public LoginArbiter {
 public:
  bool claim(const std::string& client_id, std::uint64_t conn, bool takeover) override {
    auto it = holders.find(client_id);
    if (it != holders.end() && it->second != conn) {
      if (!takeover) return false;
      replaced.push_back(it->second);
    }
    holders[client_id] = conn;
    return true;
  }
  void release(const std::string& client_id, std::uint64_t conn) override {
    if (holders[client_id] == conn) holders.erase(client_id);
  }
  void publishRef(const std::string& ref, const std::string& client_id, std::uint64_t conn) override {
    refs[ref] = {client_id, conn};
  }
  std::map<std::string, std::uint64_t> holders;
  std::map<std::string, std::pair<std::string, std::uint64_t>> refs;
  std::vector<std::uint64_t> replaced;
};

/// Delivers messages between two peers instantly; time jumps to the next wake-up when idle.
struct Loop {
  Peer& client;
  Peer& server;
  ClientPlayer* client_player = nullptr;
  ServerPlayer* server_player = nullptr;
  bool auto_scan = true;
  TimePoint now = TimePoint{} + std::chrono::hours(1);
  std::vector<std::string> to_server_log, to_client_log;
  std::vector<TimePoint> to_client_times;  ///< when each message of to_client_log was sent
  std::vector<double> qr_scans;

  void run(std::size_t max_steps = 200000) {
    client.onOpen(now);
    server.onOpen(now);
    std::vector<Outgoing> out;
    for (std::size_t step = 0; step < max_steps; ++step) {
      bool moved = false;
      out.clear();
      client.poll(now, 64, out);
      for (auto& o : out) {
        to_server_log.push_back(o.payload);
        server.onMessage(o.op, o.payload, now);
        moved = true;
      }
      out.clear();
      server.poll(now, 64, out);
      for (auto& o : out) {
        to_client_log.push_back(o.payload);
        to_client_times.push_back(now);
        client.onMessage(o.op, o.payload, now);
        moved = true;
      }
      if (client_player && server_player && auto_scan) {
        if (auto qr = client_player->takeQr()) {
          auto parts = qr->substr(qr->find(',') + 1);
          auto pub = crypto::base64Decode(parts.substr(0, parts.find(','))).value();
          crypto::Key32 key{};
          std::copy(pub.begin(), pub.end(), key.begin());
          EXPECT_TRUE(server_player->onScan(key, now));
          moved = true;
        }
      }
      if (client.wantsClose()) {
        server.onClosed("", now);
        return;
      }
      if (server.wantsClose()) {
        client.onClosed("", now);
        return;
      }
      if (moved) continue;
      auto a = client.nextWake(), b = server.nextWake();
      std::optional<TimePoint> next;
      if (a) next = *a;
      if (b && (!next || *b < *next)) next = *b;
      if (!next) return;
      if (*next > now) now = *next;
      else now += milliseconds(1);
    }
    ADD_FAILURE() << "loop did not settle";
  }
};

struct Pair {
  explicit Pair(std::shared_ptr<const Session> session, ClientOptions co = {}, ServeOptions so = {},
                LoginArbiter* arbiter = nullptr)
      : script(buildServeScript(session, 0)) {
    co.ignore = defaultRules();
    co.tag_shift = 1000;
    client = std::make_shared<ClientPlayer>(session, co);
    server = std::make_shared<ServerPlayer>(script, so, 1, arbiter);
  }
  Loop loop() { return Loop{*client, *server, client.get(), server.get()}; }
  std::shared_ptr<const ServeScript> script;
  std::shared_ptr<ClientPlayer> client;
  std::shared_ptr<ServerPlayer> server;
};

void expectAllMatched(const Report& r) {
  for (const auto& e : r.entries)
    EXPECT_EQ(e.verdict, Verdict::Matched) << toString(e.verdict) << " #" << (e.recorded ? *e.recorded : 0) << " "
                                           << e.key << "\n"
                                           << e.diff << e.content;
  EXPECT_EQ(exitCodeFor(r), 0) << renderReportText(r, false);
}

TEST(WareplayReplay, RestoreMatchesEverything) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore}));
  Pair p(session, {.pacing = {.speed = 0}});
  auto loop = p.loop();
  loop.run();
  auto r = p.client->report();
  expectAllMatched(r);
  EXPECT_EQ(r.count(Verdict::Matched), 13u);
  EXPECT_EQ(r.not_sent, 0u);
  // Tags were rewritten: shifted by 1000 s; the server answered with the live ones.
  EXPECT_EQ(loop.to_server_log[0].substr(0, 16), "1589357438.--0,,");
  EXPECT_EQ(loop.to_client_log[0].substr(0, 15), "1589357438.--0,");
  EXPECT_EQ(p.server->stats().script_sent, p.script->server_items.size());
  EXPECT_EQ(p.server->stats().unrecorded, 0u);
  EXPECT_EQ(p.server->stats().matched, p.script->client_items.size());
}

TEST(WareplayReplay, RestoreWithChallenge) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore, .challenge = true}));
  Pair p(session, {.pacing = {.speed = 0}}, {.challenge = true});
  auto loop = p.loop();
  loop.run();
  expectAllMatched(p.client->report());
  // The client answered the live challenge, not the recorded one.
  bool answered = false;
  for (const auto& m : loop.to_server_log)
    if (m.find("\"challenge\"") != std::string::npos) {
      answered = true;
      EXPECT_EQ(m.find(session->messages[4].json[2].get<std::string>()), std::string::npos);
    }
  EXPECT_TRUE(answered);
  EXPECT_TRUE(p.server->loggedIn());
  // No tag the server made up repeats one it replays: the challenge is not a second s1.
  std::map<std::string, int> tags;
  for (const auto& m : loop.to_client_log)
    if (m.size() > 1 && m[0] == 's') ++tags[m.substr(0, m.find(','))];
  for (const auto& [tag, n] : tags) EXPECT_EQ(n, 1) << tag;
  EXPECT_GE(tags.size(), 2u);
}

TEST(WareplayReplay, WrongChallengeAnswerIsRefused) {
  // The client's keys are not the recording's: its answer is wrong.
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore, .challenge = true});
  auto server_session = sessionOf(rec);
  auto client_rec = rec;
  client_rec.keys.mac_key = fixture::filledKey(42);
  client_rec.keys.enc_key = fixture::filledKey(43);
  auto client_session = sessionOf(client_rec);
  auto script = buildServeScript(server_session, 0);
  ServerPlayer server(script, {.challenge = true}, 1, nullptr);
  ClientPlayer client(client_session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(2), .ignore = defaultRules()});
  Loop loop{client, server};
  loop.run();
  EXPECT_FALSE(server.loggedIn());
  bool refused = false;
  for (const auto& m : loop.to_client_log) refused = refused || m.find(R"({"status":401})") != std::string::npos;
  EXPECT_TRUE(refused);
  auto r = client.report();
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(exitCodeFor(r), 4);
  EXPECT_GT(r.count(Verdict::Differs), 0u);
}

TEST(WareplayReplay, QrLoginWithRerefsAndReencryption) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Qr, .rerefs = 2}));
  Pair p(session, {.pacing = {.speed = 0}});
  auto loop = p.loop();
  loop.run();
  expectAllMatched(p.client->report());
  // Fresh keys: not the recording's, and the binary frames were re-encrypted with them.
  ASSERT_TRUE(p.client->liveKeys());
  EXPECT_NE(*p.client->liveKeys(), fixture::sessionKeys());
  for (const auto& m : loop.to_client_log) {
    for (const auto& rec : session->messages) {
      if (rec.kind == codec::FrameKind::Binary && !rec.fromClient()) {
        EXPECT_NE(m, rec.payload);
      }
    }
  }
}

TEST(WareplayReplay, RerefsStopAfterFive) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Qr, .rerefs = 6}));
  Pair p(session, {.pacing = {.speed = 0}});
  auto loop = p.loop();
  loop.auto_scan = false;
  loop.run(2000);
  int ok = 0, refused = 0;
  for (const auto& m : loop.to_client_log) {
    ok += m.find(R"({"status":200,"ref")") != std::string::npos;
    refused += m.find(R"({"status":429})") != std::string::npos;
  }
  EXPECT_EQ(ok, 1 + 5);  // init and five rerefs
  EXPECT_EQ(refused, 1);
}

TEST(WareplayReplay, LoginStatuses) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore});
  auto session = sessionOf(rec);
  for (int status : {401, 403, 405, 409}) {
    Pair p(session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(1)}, {.login_status = status});
    auto loop = p.loop();
    loop.run();
    EXPECT_FALSE(p.server->loggedIn());
    bool seen = false;
    for (const auto& m : loop.to_client_log) seen = seen || m.find(fmt::format(R"("status":{})", status)) != std::string::npos;
    EXPECT_TRUE(seen) << status;
    auto r = p.client->report();
    EXPECT_EQ(exitCodeFor(r), 4);
    // The timeout names what it waited for and why.
    ASSERT_TRUE(r.stalled) << status;
    EXPECT_EQ(r.stalled->cause, "login-refused");
    EXPECT_EQ(r.stalled->key, "Conn");
    EXPECT_NE(r.stalled->explanation.find(fmt::format("refused the login with {}", status)), std::string::npos)
        << r.stalled->explanation;
  }
  // Wrong tokens: 401.
  auto wrong = rec;
  wrong.keys.client_token = "1@wrong";
  for (auto& m : wrong.messages)
    if (m.payload.find("\"login\"") != std::string::npos)
      m.payload.replace(m.payload.find(fixture::kClientToken), std::string(fixture::kClientToken).size(), "1@wrong");
  auto client_session = sessionOf(wrong);
  auto script = buildServeScript(session, 0);
  ServerPlayer server(script, {}, 1, nullptr);
  ClientPlayer client(client_session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(1), .ignore = defaultRules()});
  Loop loop{client, server};
  loop.run();
  EXPECT_FALSE(server.loggedIn());
  EXPECT_NE(loop.to_client_log.at(1).find(R"({"status":401})"), std::string::npos) << loop.to_client_log.at(1);
}

TEST(WareplayReplay, SecondLoginWithoutTakeoverGets409AndTakeoverReplaces) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore}));
  auto script = buildServeScript(session, 0);
  FakeArbiter arbiter;
  ServerPlayer first(script, {}, 1, &arbiter);
  ServerPlayer second(script, {}, 2, &arbiter);
  TimePoint now{};
  std::vector<Outgoing> out;
  first.onOpen(now);
  second.onOpen(now);
  first.onMessage(codec::Opcode::Text,
                  fmt::format(R"(1.--1,,["admin","login","{}","{}","{}","takeover"])", fixture::kClientToken,
                              fixture::kServerToken, fixture::kClientId),
                  now);
  first.poll(now, 10, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, R"(1.--1,{"status":200})");
  out.clear();
  second.onMessage(codec::Opcode::Text,
                   fmt::format(R"(2.--1,,["admin","login","{}","{}","{}","reconnect"])", fixture::kClientToken,
                               fixture::kServerToken, fixture::kClientId),
                   now);
  second.poll(now, 10, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, R"(2.--1,{"status":409})");
  out.clear();
  // Logging in again on the same connection: 405.
  first.onMessage(codec::Opcode::Text,
                  fmt::format(R"(1.--2,,["admin","login","{}","{}","{}","takeover"])", fixture::kClientToken,
                              fixture::kServerToken, fixture::kClientId),
                  now);
  first.poll(now, 10, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, R"(1.--2,{"status":405})");
  out.clear();
  second.onMessage(codec::Opcode::Text,
                   fmt::format(R"(2.--2,,["admin","login","{}","{}","{}","takeover"])", fixture::kClientToken,
                               fixture::kServerToken, fixture::kClientId),
                   now);
  second.poll(now, 10, out);
  EXPECT_EQ(out.at(0).payload, R"(2.--2,{"status":200})");
  ASSERT_EQ(arbiter.replaced, (std::vector<std::uint64_t>{1}));
  first.onReplaced(now);
  out.clear();
  first.poll(now, 10, out);
  EXPECT_TRUE(first.wantsClose());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].payload.find(R"(["Cmd",{"type":"disconnect","kind":"replaced"}])"), std::string::npos);
}

TEST(WareplayReplay, KeepAliveInitTestAndUnrecordedMessages) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore}));
  auto script = buildServeScript(session, 0);
  ServerPlayer server(script, {.default_reply = R"({"status":204})"}, 7, nullptr);
  TimePoint now{};
  server.onOpen(now);
  server.onMessage(codec::Opcode::Text, "?,,", now);
  server.onMessage(codec::Opcode::Text, R"(5.--1,,["admin","init",[0,4,2088],["a","b","c"],"cid",true])", now);
  server.onMessage(codec::Opcode::Text, R"(5.--2,,["admin","test"])", now);
  server.onMessage(codec::Opcode::Text, R"(5.--3,,["query","status","1@c.us"])", now);
  server.onMessage(codec::Opcode::Text, "no comma at all", now);
  server.onMessage(codec::Opcode::Binary, std::string("\x01\x02\x03", 3), now);
  std::vector<Outgoing> out;
  server.poll(now, 10, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].payload[0], '!');
  EXPECT_GT(out[0].payload.size(), 10u);
  auto init = nlohmann::json::parse(out[1].payload.substr(out[1].payload.find(',') + 1));
  EXPECT_EQ(out[1].payload.substr(0, 6), "5.--1,");
  EXPECT_EQ(init["status"], 200);
  EXPECT_EQ(init["ttl"], 20000);
  EXPECT_TRUE(init["ref"].get<std::string>().starts_with("1@"));
  EXPECT_EQ(init["update"], false);
  EXPECT_TRUE(init.contains("time"));
  EXPECT_EQ(server.ref(), init["ref"]);
  EXPECT_EQ(out[2].payload, R"(5.--2,["Pong",true])");
  EXPECT_EQ(out[3].payload, R"(5.--3,{"status":204})");
  EXPECT_EQ(server.stats().unrecorded, 1u);
  auto log = server.takeLog();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0], R"(conn 7: unrecorded client message tag 5.--3 (query status): answered {"status":204})");
  EXPECT_EQ(log[1].substr(0, 39), "conn 7: ignored a malformed text messag");
}

TEST(WareplayReplay, DifferencesAreReportedWithADiff) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore});
  auto session = sessionOf(rec);
  // The "server" plays a recording whose exist reply says 404.
  auto changed = rec;
  for (auto& m : changed.messages)
    if (m.payload.find(R"({"status":200,"jid")") != std::string::npos)
      m.payload.replace(m.payload.find("200"), 3, "404");
  auto script = buildServeScript(sessionOf(changed), 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}}, 1, nullptr);
  ClientPlayer client(session, {.pacing = {.speed = 0}, .ignore = defaultRules(), .tag_shift = 0});
  Loop loop{client, server};
  loop.run();
  auto r = client.report();
  EXPECT_EQ(r.count(Verdict::Differs), 1u);
  EXPECT_EQ(exitCodeFor(r), 1);
  auto text = renderReportText(r, false);
  EXPECT_NE(text.find("differs    #8     tag 1589356438.--2 ({})"), std::string::npos) << text;
  EXPECT_NE(text.find("-  \"status\": 200"), std::string::npos) << text;
  EXPECT_NE(text.find("+  \"status\": 404"), std::string::npos) << text;
  auto json = nlohmann::json::parse(renderReportJson(r));
  EXPECT_EQ(json["summary"]["differs"], 1);
  EXPECT_EQ(json["summary"]["exit"], 1);
}

TEST(WareplayReplay, MissingServerMessagesTimeOut) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore, .pushes = 2});
  auto session = sessionOf(rec);
  auto fewer = rec;
  // The server's recording lacks the JSON Presence push.
  std::erase_if(fewer.messages, [](const capture::CaptureMessage& m) { return m.payload.starts_with("s4,"); });
  auto script = buildServeScript(sessionOf(fewer), 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}}, 1, nullptr);
  ClientPlayer client(session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(3), .ignore = defaultRules()});
  Loop loop{client, server};
  loop.run();
  auto r = client.report();
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.count(Verdict::Missing), 2u);  // the push, and the reply to the message never sent
  EXPECT_EQ(r.not_sent, 2u);                 // the read action and goodbye
  EXPECT_EQ(exitCodeFor(r), 4);
}

TEST(WareplayReplay, UnexpectedMessagesAreListed) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore, .pushes = 1});
  auto session = sessionOf(rec);
  auto more = rec;
  auto extra = more.messages[more.messages.size() - 4];  // the Presence push
  extra.payload = R"(s9,["Chat",{"id":"15550009999@c.us","type":"archive"}])";
  more.messages.insert(more.messages.end() - 3, extra);
  auto script = buildServeScript(sessionOf(more), 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}}, 1, nullptr);
  ClientPlayer client(session, {.pacing = {.speed = 0}, .ignore = defaultRules()});
  Loop loop{client, server};
  loop.run();
  auto r = client.report();
  EXPECT_EQ(r.count(Verdict::Unexpected), 1u);
  EXPECT_EQ(r.count(Verdict::Matched), r.entries.size() - 1);
  EXPECT_EQ(r.entries.back().key, "Chat archive");
  EXPECT_EQ(exitCodeFor(r), 1);
}

TEST(WareplayReplay, PacedSendsFollowTheRecordedGaps) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore, .gap = 0.05}));
  Pair p(session, {.pacing = {.speed = 2.0}}, {.pacing = {.speed = 2.0}, .login_gap = milliseconds(1)});
  auto loop = p.loop();
  TimePoint start = loop.now;
  loop.run();
  expectAllMatched(p.client->report());
  // The simulated clock never runs late, so every paced send is exactly on time.
  auto timing = p.client->report().timing;
  EXPECT_GT(timing.count, 5u);
  EXPECT_EQ(timing.max_us, 0);
  // The whole session spans (n - 1) gaps of 50 ms at speed 2, at least.
  double span = std::chrono::duration<double>(loop.now - start).count();
  EXPECT_GE(span, (static_cast<double>(session->messages.size()) - 1) * 0.025 * 0.9);
}

TEST(WareplayReplay, ServerGivesUpOnClientMessagesThatNeverCome) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore, .pushes = 1}));
  auto script = buildServeScript(session, 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}, .wait = std::chrono::seconds(2)}, 1, nullptr);
  TimePoint now{};
  server.onOpen(now);
  server.onMessage(codec::Opcode::Text,
                   fmt::format(R"(1.--1,,["admin","login","{}","{}","{}","takeover"])", fixture::kClientToken,
                               fixture::kServerToken, fixture::kClientId),
                   now);
  std::vector<Outgoing> out;
  for (int i = 0; i < 1000 && server.remaining() > 0; ++i) {
    auto wake = server.nextWake();
    if (!wake) break;
    if (*wake > now) now = *wake;
    server.poll(now, 64, out);
  }
  EXPECT_EQ(server.remaining(), 0u);
  EXPECT_EQ(server.stats().given_up, script->client_items.size());
  EXPECT_EQ(server.stats().script_sent, script->server_items.size());
  // Replies to client messages that never came keep their recorded tags.
  bool recorded_tag = false;
  for (const auto& o : out) recorded_tag = recorded_tag || o.payload.starts_with("1589356438.--2,");
  EXPECT_TRUE(recorded_tag);
}

/// The restore recording with `pause` seconds more before its JSON Presence push (s4).
fixture::Recording withPauseBeforePresence(double pause) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Restore, .pushes = 1});
  bool after = false;
  for (auto& m : rec.messages) {
    after = after || m.payload.starts_with("s4,");
    if (after) m.t += pause;
  }
  return rec;
}

std::size_t indexOfPresence(const Session& session) {
  for (const auto& m : session.messages)
    if (m.payload.starts_with("s4,")) return m.index;
  ADD_FAILURE() << "no s4 push";
  return 0;
}

TEST(WareplayTimeout, ARecordedPauseLongerThanTheTimeoutIsNotAStall) {
  auto session = sessionOf(withPauseBeforePresence(40));
  Pair p(session, {.pacing = {.speed = 1}, .timeout = std::chrono::seconds(10)}, {.pacing = {.speed = 1}, .login_gap = milliseconds(1)});
  auto loop = p.loop();
  TimePoint start = loop.now;
  loop.run();
  auto r = p.client->report();
  expectAllMatched(r);
  EXPECT_FALSE(r.stalled);
  EXPECT_GE(loop.now - start, std::chrono::seconds(40));
}

TEST(WareplayTimeout, TheWaitStartsWhenTheMessageIsDue) {
  // At --speed 1 the push after the 40 s pause is due 40 s after the one before; the server never
  // sends it (and holds what follows): the client gives up 10 s after it was due.
  auto rec = withPauseBeforePresence(40);
  auto session = sessionOf(rec);
  auto fewer = rec;
  std::erase_if(fewer.messages, [](const capture::CaptureMessage& m) { return m.payload.starts_with("s4,"); });
  auto script = buildServeScript(sessionOf(fewer), 0);
  ServerPlayer server(script, {.pacing = {.speed = 1}, .login_gap = milliseconds(1), .wait = std::chrono::hours(1)}, 1, nullptr);
  ClientPlayer client(session, {.pacing = {.speed = 1}, .timeout = std::chrono::seconds(10), .ignore = defaultRules()});
  Loop loop{client, server};
  TimePoint start = loop.now;
  loop.run();
  auto r = client.report();
  ASSERT_TRUE(r.timed_out);
  ASSERT_TRUE(r.stalled);
  auto presence = indexOfPresence(*session);
  EXPECT_EQ(r.stalled->recorded, presence);
  EXPECT_EQ(r.stalled->tag, "s4");
  EXPECT_EQ(r.stalled->key, "Presence available");
  ASSERT_TRUE(r.stalled->due);
  double recorded_due = session->messages[presence].t - session->messages.front().t;
  EXPECT_NEAR(*r.stalled->due, recorded_due, 0.01);
  double ended = std::chrono::duration<double>(loop.now - start).count();
  EXPECT_NEAR(ended, *r.stalled->due + 10, 0.01);
  // A client at --speed 1 is never ahead of a pacing server: no cause given.
  EXPECT_EQ(r.stalled->cause, "") << r.stalled->explanation;
  EXPECT_EQ(r.stalled->explanation, "");
  auto text = renderReportText(r, false);
  EXPECT_NE(text.find(fmt::format("stopped: timed out after 10.000s without progress, waiting for #{} tag s4 "
                                  "(Presence available), due at {:.3f}s\n",
                                  presence, *r.stalled->due)),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("likely cause"), std::string::npos) << text;
}

TEST(WareplayTimeout, AnAsapClientBeforeAPacedServerBlamesPacing) {
  auto session = sessionOf(withPauseBeforePresence(40));
  Pair p(session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(10)}, {.pacing = {.speed = 1}, .login_gap = milliseconds(1)});
  auto loop = p.loop();
  loop.run();
  auto r = p.client->report();
  ASSERT_TRUE(r.timed_out);
  ASSERT_TRUE(r.stalled);
  EXPECT_EQ(r.stalled->recorded, indexOfPresence(*session));
  EXPECT_FALSE(r.stalled->due);  // --asap: nothing is due later
  EXPECT_EQ(r.stalled->cause, "pacing");
  EXPECT_NE(r.stalled->explanation.find("the recording has 40.010s before this message"), std::string::npos)
      << r.stalled->explanation;
  auto text = renderReportText(r, false);
  EXPECT_NE(text.find("\nlikely cause: pacing: "), std::string::npos) << text;
  auto json = nlohmann::json::parse(renderReportJson(r));
  EXPECT_EQ(json["timeout"]["cause"], "pacing");
  EXPECT_EQ(json["timeout"]["tag"], "s4");
  EXPECT_TRUE(json["timeout"]["due"].is_null());
}

/// How an --asap client with a 5 s timeout stalls on a QR login that only the server may scan.
StalledWait qrStall(const fixture::Spec& spec, ServeOptions server) {
  auto session = sessionOf(fixture::makeRecording(spec));
  Pair p(session, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(5)}, server);
  auto loop = p.loop();
  loop.auto_scan = false;
  loop.run();
  auto r = p.client->report();
  EXPECT_TRUE(r.stalled);
  EXPECT_EQ(r.stalled.value_or(StalledWait{}).key, "Conn");
  return r.stalled.value_or(StalledWait{});
}

TEST(WareplayTimeout, AQrNobodyScansBlamesTheScan) {
  auto stall = qrStall({.login = fixture::Login::Qr}, {});
  EXPECT_EQ(stall.cause, "scan");
  EXPECT_NE(stall.explanation.find("serve with --auto-scan"), std::string::npos) << stall.explanation;
  // The recording's phone took 20 s; the server scans as late; the client waited 5 s.
  stall = qrStall({.login = fixture::Login::Qr, .gap = 20}, {.pacing = {.speed = 1}, .auto_scan = true});
  EXPECT_EQ(stall.cause, "scan");
  EXPECT_NE(stall.explanation.find("not scanned within 5.000s, and the recording's phone took 20.000s"),
            std::string::npos)
      << stall.explanation;
}

TEST(WareplayAutoScan, ScansTheQrWithTheRecordedKeyPair) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Qr, .rerefs = 1}));
  Pair p(session, {.pacing = {.speed = 0}}, {.pacing = {.speed = 0}, .auto_scan = true});
  auto loop = p.loop();
  loop.auto_scan = false;  // only the server scans
  loop.run();
  expectAllMatched(p.client->report());
  // Fresh keys from a fresh secret for the recording's public key.
  ASSERT_TRUE(p.client->liveKeys());
  EXPECT_NE(*p.client->liveKeys(), fixture::sessionKeys());
  EXPECT_TRUE(p.server->loggedIn());
}

TEST(WareplayAutoScan, WaitsAsLongAsTheRecordingsPhoneByTheSpeed) {
  // The Conn was recorded 3 s after the init reply.
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Qr, .gap = 3}));
  auto script = buildServeScript(session, 0);
  ASSERT_TRUE(script->scan_gap);
  EXPECT_DOUBLE_EQ(*script->scan_gap, 3.0);
  EXPECT_EQ(autoScanDelay(*script, {.pacing = {.speed = 2}, .auto_scan = true}), milliseconds(1500));
  EXPECT_EQ(autoScanDelay(*script, {.pacing = {.speed = 0}, .auto_scan = true}), Duration::zero());
  EXPECT_EQ(autoScanDelay(*script, {.pacing = {.speed = 2}, .auto_scan = true, .auto_scan_after = milliseconds(250)}),
            milliseconds(250));
  // --max-gap caps it like any recorded pause.
  EXPECT_DOUBLE_EQ(*buildServeScript(session, 1.0)->scan_gap, 1.0);

  Pair p(session, {.pacing = {.speed = 2}, .timeout = std::chrono::seconds(10)}, {.pacing = {.speed = 2}, .auto_scan = true});
  auto loop = p.loop();
  loop.auto_scan = false;
  loop.run();
  expectAllMatched(p.client->report());
  // The init reply went out first, the Conn 1.5 s (and the login gap) later.
  std::optional<TimePoint> init_at, conn_at;
  for (std::size_t i = 0; i < loop.to_client_log.size(); ++i) {
    if (!init_at && loop.to_client_log[i].find(R"("ref":)") != std::string::npos) init_at = loop.to_client_times[i];
    if (!conn_at && loop.to_client_log[i].starts_with(R"(s1,["Conn")")) conn_at = loop.to_client_times[i];
  }
  ASSERT_TRUE(init_at && conn_at);
  EXPECT_EQ(*conn_at - *init_at, milliseconds(1500) + ServeOptions{}.login_gap);
}

TEST(WareplayAutoScan, ANewerRefRestartsTheWait) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Qr}));
  auto script = buildServeScript(session, 0);
  ServerPlayer server(script, {.pacing = {.speed = 0}, .auto_scan = true, .auto_scan_after = std::chrono::seconds(2)}, 1, nullptr);
  TimePoint now{};
  std::vector<Outgoing> out;
  server.onOpen(now);
  server.onMessage(codec::Opcode::Text,
                   fmt::format(R"(1.--0,,["admin","init",[0,4,2088],["a","b","c"],"{}",true])", fixture::kClientId),
                   now);
  server.poll(now, 10, out);
  EXPECT_EQ(server.nextWake(), now + std::chrono::seconds(2));
  now += std::chrono::seconds(1);
  server.onMessage(codec::Opcode::Text, R"(1.--1,,["admin","Conn","reref"])", now);
  server.poll(now, 10, out);
  EXPECT_EQ(server.nextWake(), now + std::chrono::seconds(2));
  now += std::chrono::milliseconds(1999);
  server.poll(now, 10, out);
  EXPECT_FALSE(server.loggedIn());
  now += std::chrono::milliseconds(1);
  server.poll(now, 10, out);
  EXPECT_TRUE(server.loggedIn());
}

TEST(WareplayAutoScan, DoesNothingOnARestore) {
  auto session = sessionOf(fixture::makeRecording({.login = fixture::Login::Restore}));
  Pair p(session, {.pacing = {.speed = 0}}, {.pacing = {.speed = 0}, .auto_scan = true});
  auto loop = p.loop();
  loop.run();
  expectAllMatched(p.client->report());
}

TEST(WareplayClient, UsesAFreshKeyPairWithoutTheRecordedPrivateKey) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Qr});
  auto with_key = sessionOf(rec);
  rec.keys.private_key.reset();  // encKey and macKey are still there
  auto without_key = sessionOf(rec);
  auto recorded_public = crypto::base64Encode(crypto::x25519PublicKey(fixture::clientPrivateKey()));
  for (bool keyed : {true, false}) {
    Pair p(keyed ? with_key : without_key, {.pacing = {.speed = 0}, .timeout = std::chrono::seconds(1)});
    TimePoint now{};
    std::vector<Outgoing> out;
    p.client->onOpen(now);
    p.client->poll(now, 10, out);  // the init
    ASSERT_EQ(out.size(), 1u);
    p.client->onMessage(
        codec::Opcode::Text,
        out[0].payload.substr(0, out[0].payload.find(',')) + R"(,{"status":200,"ref":"1@live","ttl":20000})", now);
    out.clear();
    p.client->poll(now, 10, out);
    auto qr = p.client->takeQr();
    ASSERT_TRUE(qr);
    EXPECT_EQ(qr->find("1@live," + recorded_public + ",") == 0, keyed) << *qr;
  }
}

}  // namespace
}  // namespace wa::wareplay
