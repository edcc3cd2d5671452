// wareplay over loopback: --asap throughput for one connection, 100 concurrent clients of one
// mock server, and send-time errors at --speed 1 (targets in the closing note of issue 7).
#include <sys/resource.h>

#include <atomic>
#include <thread>

#include <benchmark/benchmark.h>

#include "tools/wareplay_fixture.h"
#include "wareplay/net.h"

namespace {

using namespace wa::wareplay;

std::shared_ptr<const Session> makeSession(const fixture::Spec& spec) {
  auto rec = fixture::makeRecording(spec);
  auto s = buildSession(rec.messages, rec.keys);
  if (!s) throw std::runtime_error(s.error().message);
  return std::make_shared<const Session>(std::move(*s));
}

IgnoreRules defaultRules() { return parseIgnoreRules({std::string(kDefaultIgnoreRules)}).value(); }

double maxRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

struct Server {
  Server(std::shared_ptr<const Session> session, ServeOptions options) {
    ServeNetOptions net;
    net.listen = {"127.0.0.1", 0};
    options.login_gap = std::chrono::milliseconds(1);
    server = std::make_unique<ServeServer>(buildServeScript(std::move(session), 0), options, net);
    auto started = server->start();
    if (!started) throw std::runtime_error(started.error().message);
    url = parseUrl("ws://127.0.0.1:" + std::to_string(server->port()) + "/ws").value();
  }
  ~Server() { server->stop(); }
  std::unique_ptr<ServeServer> server;
  Url url;
};

Report playClient(const std::shared_ptr<const Session>& session, const Url& url, double speed) {
  ClientOptions options;
  options.pacing.speed = speed;
  options.linger = std::chrono::milliseconds(0);
  options.keepalive = std::chrono::seconds(0);
  options.ignore = defaultRules();
  auto player = std::make_shared<ClientPlayer>(session, options);
  ClientNetOptions net;
  net.url = url;
  net.handle_signals = false;
  runClient(player, net);
  return player->report();
}

/// One connection, --asap on both sides: server messages the client received and judged per second.
void BM_ClientAsapLoopback(benchmark::State& state) {
  auto session = makeSession({.login = fixture::Login::Restore,
                              .pushes = static_cast<std::size_t>(state.range(0)),
                              .keepalive = false});
  Server server(session, {.pacing = {.speed = 0}});
  std::size_t matched = 0, bad = 0;
  for (auto _ : state) {
    auto report = playClient(session, server.url, 0);
    matched += report.count(Verdict::Matched);
    bad += report.entries.size() - report.count(Verdict::Matched);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(matched));
  state.counters["not_matched"] = static_cast<double>(bad);
}
BENCHMARK(BM_ClientAsapLoopback)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

/// 100 clients at once against one server (--shared-login), 1,000 recorded server messages each, --asap.
void BM_Serve100Clients(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  auto session = makeSession({.login = fixture::Login::Restore, .pushes = 987, .keepalive = false});
  std::size_t server_messages = 0;
  for (const auto& m : session->messages) server_messages += !m.fromClient();
  // One recording, many clients: they share its login (by default each would replace the last).
  ServeOptions options;
  options.pacing.speed = 0;
  options.shared_login = true;
  Server server(session, options);
  double rss_before = maxRssMb();
  double rss_after_first = 0;
  std::atomic<std::size_t> matched{0}, lost{0};
  for (auto _ : state) {
    if (rss_after_first == 0 && matched.load() > 0) rss_after_first = maxRssMb();
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
      threads.emplace_back([&] {
        auto report = playClient(session, server.url, 0);
        matched += report.count(Verdict::Matched);
        lost += report.entries.size() - report.count(Verdict::Matched);
      });
    for (auto& t : threads) t.join();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(matched.load()));
  state.counters["server_messages_per_client"] = static_cast<double>(server_messages);
  state.counters["lost"] = static_cast<double>(lost.load());
  state.counters["max_rss_mb"] = maxRssMb();
  state.counters["rss_growth_mb"] = maxRssMb() - rss_before;
  // Peak memory gained after the first round: 0 when rounds of 100 clients do not accumulate.
  state.counters["rss_growth_after_round1_mb"] = maxRssMb() - rss_after_first;
  auto summary = server.server->summary();
  state.counters["completed_connections"] = static_cast<double>(summary.completed);
}
BENCHMARK(BM_Serve100Clients)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

/// --speed 1, server side: 1,000 pushes recorded 2 ms apart; the server's send-time error.
void BM_ServeSendTimeError(benchmark::State& state) {
  auto session = makeSession({.login = fixture::Login::Restore, .pushes = 1000, .gap = 0.002, .keepalive = false});
  Server server(session, {.pacing = {.speed = 1}});
  for (auto _ : state) playClient(session, server.url, 0);
  auto timing = server.server->summary().timing;
  state.counters["paced_sends"] = static_cast<double>(timing.count);
  state.counters["p50_us"] = timing.p50_us;
  state.counters["p99_us"] = timing.p99_us;
  state.counters["max_us"] = timing.max_us;
}
BENCHMARK(BM_ServeSendTimeError)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

/// --speed 1, client side: 500 queries recorded 2 ms apart; the client's send-time error.
void BM_ClientSendTimeError(benchmark::State& state) {
  auto session = makeSession(
      {.login = fixture::Login::Restore, .pushes = 0, .queries = 500, .gap = 0.002, .keepalive = false});
  Server server(session, {.pacing = {.speed = 0}});
  std::vector<double> p50, p99, mx;
  std::size_t count = 0;
  for (auto _ : state) {
    auto report = playClient(session, server.url, 1);
    count += report.timing.count;
    p50.push_back(report.timing.p50_us);
    p99.push_back(report.timing.p99_us);
    mx.push_back(report.timing.max_us);
  }
  state.counters["paced_sends"] = static_cast<double>(count);
  state.counters["p50_us"] = *std::max_element(p50.begin(), p50.end());
  state.counters["p99_us"] = *std::max_element(p99.begin(), p99.end());
  state.counters["max_us"] = *std::max_element(mx.begin(), mx.end());
}
BENCHMARK(BM_ClientSendTimeError)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
