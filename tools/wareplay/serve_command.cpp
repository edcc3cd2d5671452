// `wareplay serve SESSION --listen ADDR:PORT`: the mock server until a signal.
#include <fmt/format.h>

#include "wareplay/command_support.h"
#include "wareplay/commands.h"
#include "wareplay/net.h"
#include "wareplay/serve_notice.h"

namespace wa::wareplay {
namespace {

std::string urlFor(const ListenAddress& address, std::uint16_t port, const char* scheme) {
  std::string host = address.host == "0.0.0.0" ? "127.0.0.1" : address.host == "::" ? "::1" : address.host;
  if (host.find(':') != std::string::npos) return fmt::format("{}://[{}]:{}/", scheme, host, port);
  return fmt::format("{}://{}:{}/", scheme, host, port);
}

}  // namespace

int runServeCommand(const ServeCommand& options) {
  Logger log(logLevel(options.session.verbose, options.session.quiet));
  auto listen = parseListenAddress(options.listen);
  if (!listen) {
    log.error(listen.error().message);
    return tools::kExitUsage;
  }
  std::optional<ListenAddress> control;
  if (!options.control.empty()) {
    auto parsed = parseListenAddress(options.control);
    if (!parsed) {
      log.error(parsed.error().message);
      return tools::kExitUsage;
    }
    control = *parsed;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    log.error("--tls-cert and --tls-key go together");
    return tools::kExitUsage;
  }
  auto session = openSession(options.session, log);
  if (!session) {
    log.error(session.error().message);
    return session.error().exit_code;
  }
  if (options.challenge && !(*session)->keys) {
    log.error("--challenge needs the recording's macKey (--keys)");
    return tools::kExitUsage;
  }
  if (options.auto_scan && loginKind(**session) == LoginKind::NewLogin && !(*session)->private_key) {
    log.error("--auto-scan needs the recording's privateKey (--keys): it scans the QR of the recording's key pair");
    return tools::kExitUsage;
  }

  ServeOptions serve;
  serve.pacing.speed = options.session.asap ? 0 : options.session.speed;
  serve.pacing.max_gap = options.session.max_gap;
  serve.login_gap = std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(options.login_gap));
  serve.challenge = options.challenge;
  serve.shared_login = options.shared_login;
  if (options.login_status) serve.login_status = options.login_status;
  serve.default_reply = options.default_reply;
  serve.wait = secondsToDuration(options.wait);
  serve.ttl_ms = options.ttl;
  serve.auto_scan = options.auto_scan;
  if (options.auto_scan_after) serve.auto_scan_after = secondsToDuration(*options.auto_scan_after);

  ServeNetOptions net;
  net.listen = *listen;
  net.control = control;
  if (!options.tls_cert.empty()) net.tls = TlsFiles{options.tls_cert, options.tls_key};
  net.require_origin = options.require_origin;
  net.threads = options.threads;
  net.handshake_timeout = secondsToDuration(options.handshake_timeout);
  net.idle_timeout = secondsToDuration(options.idle_timeout);
  net.max_connections = options.max_connections;
  net.log = [&log](const std::string& line) {
    if (line.find("unrecorded client message") != std::string::npos || line.find("did not come") != std::string::npos ||
        line.find("dropping") != std::string::npos || line.find("cannot be re-encrypted") != std::string::npos ||
        line.find("malformed") != std::string::npos)
      log.warning(line);
    else
      log.detail(line);
  };

  auto script = buildServeScript(*session, serve.pacing.max_gap);
  ServeServer server(script, serve, net);
  if (auto started = server.start(); !started) {
    log.error(started.error().message);
    return started.error().exit_code;
  }
  std::string ws_url = urlFor(*listen, server.port(), net.tls ? "wss" : "ws");
  std::string ready = ws_url + "\n";
  log.info(fmt::format("listening on {}", ws_url));
  std::string scan_url;
  if (control) {
    std::string control_url = urlFor(*control, server.controlPort(), "http");
    ready += control_url + "\n";
    scan_url = control_url + "scan";
    log.info(fmt::format("control on {} (POST /scan, GET /status)", control_url));
  }
  for (const auto& notice : startNotices(*script, serve, scan_url)) {
    if (notice.warning) log.warning(notice.text);
    else log.info(notice.text);
  }
  if (!options.ready_file.empty()) {
    if (auto written = writeReadyFile(options.ready_file, ready); !written) {
      log.error(written.error().message);
      server.stop();
      return written.error().exit_code;
    }
  }
  server.wait(/*signals=*/true);
  auto s = server.summary();
  std::string totals = fmt::format("{} connections ({} got the whole script, {} refused), {} recorded messages sent, "
                                   "{} client messages matched, {} unrecorded",
                                   s.connections, s.completed, s.refused, s.script_sent, s.matched, s.unrecorded);
  if (options.stats) {
    log.info(totals);
    log.info(fmt::format("send-time error over {} paced sends: p50 {:.0f} us, p99 {:.0f} us, max {:.0f} us",
                         s.timing.count, s.timing.p50_us, s.timing.p99_us, s.timing.max_us));
  } else {
    log.detail(totals);
  }
  return tools::kExitOk;
}

}  // namespace wa::wareplay
