// `wareplay client SESSION --url ws[s]://...`: replay, compare, report.
#include <fmt/format.h>

#include "common/input.h"
#include "wareplay/command_support.h"
#include "wareplay/commands.h"
#include "wareplay/net.h"

namespace wa::wareplay {

int runClientCommand(const ClientCommand& options) {
  Logger log(logLevel(options.session.verbose, options.session.quiet));
  auto url = parseUrl(options.url);
  if (!url || url->scheme == "http") {
    log.error(url ? fmt::format("--url \"{}\": expected ws:// or wss://", options.url) : url.error().message);
    return tools::kExitUsage;
  }
  std::optional<Url> scan;
  if (!options.scan.empty()) {
    auto parsed = parseUrl(options.scan);
    if (!parsed || parsed->scheme != "http") {
      log.error(parsed ? fmt::format("--scan \"{}\": expected http://", options.scan) : parsed.error().message);
      return tools::kExitUsage;
    }
    scan = *parsed;
  }
  IgnoreRules base;
  if (!options.no_default_ignores) base = *parseIgnoreRules({std::string(kDefaultIgnoreRules)});
  auto rules = parseIgnoreRules(options.ignore, base);
  if (!rules) {
    log.error(rules.error().message);
    return rules.error().exit_code;
  }
  auto session = openSession(options.session, log);
  if (!session) {
    log.error(session.error().message);
    return session.error().exit_code;
  }
  auto output = tools::openOutput(options.output);
  if (!output) {
    log.error(output.error().message);
    return tools::kExitIo;
  }

  ClientOptions player_options;
  player_options.pacing.speed = options.session.asap ? 0 : options.session.speed;
  player_options.pacing.max_gap = options.session.max_gap;
  player_options.timeout = secondsToDuration(options.timeout);
  player_options.keepalive = secondsToDuration(options.keepalive);
  player_options.linger = secondsToDuration(options.linger);
  player_options.ignore = std::move(*rules);
  player_options.posts_scan = scan.has_value();
  auto player = std::make_shared<ClientPlayer>(*session, std::move(player_options));

  ClientNetOptions net;
  net.url = *url;
  net.origin = options.origin;
  net.ca_file = options.ca_file;
  net.insecure = options.insecure;
  net.scan = scan;
  net.connect_timeout = secondsToDuration(options.timeout);
  net.log = [&log](const std::string& line) {
    if (line.starts_with("qr: ") || line.starts_with("scan: ") || line.starts_with("timed out"))
      log.info(line);
    else
      log.detail(line);
  };
  runClient(player, net);

  Report report = player->report();
  report.url = options.url;
  std::string text = options.json ? renderReportJson(report) : renderReportText(report, options.all);
  std::fwrite(text.data(), 1, text.size(), output->get());
  std::fflush(output->get());
  if (!report.network_error.empty()) log.error(report.network_error);
  return exitCodeFor(report);
}

}  // namespace wa::wareplay
