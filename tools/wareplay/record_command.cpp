// `wareplay record --listen ADDR:PORT --upstream ws[s]://...`: the recording proxy until a signal.
#include <fmt/format.h>

#include "common/input.h"
#include "wareplay/command_support.h"
#include "wareplay/commands.h"
#include "wareplay/net.h"

namespace wa::wareplay {

int runRecordCommand(const RecordCommand& options) {
  Logger log(logLevel(options.verbose, options.quiet));
  auto listen = parseListenAddress(options.listen);
  if (!listen) {
    log.error(listen.error().message);
    return tools::kExitUsage;
  }
  auto upstream = parseUrl(options.upstream);
  if (!upstream || upstream->scheme == "http") {
    log.error(upstream ? fmt::format("--upstream \"{}\": expected ws:// or wss://", options.upstream)
                       : upstream.error().message);
    return tools::kExitUsage;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    log.error("--tls-cert and --tls-key go together");
    return tools::kExitUsage;
  }
  std::shared_ptr<const crypto::KeyFile> keys;
  if (!options.keys.empty()) {
    auto parsed = crypto::readKeyFile(options.keys);
    if (!parsed) {
      log.error(fmt::format("{}: {}", options.keys, parsed.error().message));
      return parsed.error().code == crypto::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
    }
    keys = std::make_shared<const crypto::KeyFile>(std::move(*parsed));
  }
  auto output = tools::openOutput(options.output);
  if (!output) {
    log.error(output.error().message);
    return tools::kExitIo;
  }
  Recorder recorder(output->get(), keys);

  RecordNetOptions net;
  net.listen = *listen;
  net.upstream = *upstream;
  if (!options.tls_cert.empty()) net.tls = TlsFiles{options.tls_cert, options.tls_key};
  net.ca_file = options.ca_file;
  net.insecure = options.insecure;
  net.origin = options.origin;
  net.threads = options.threads;
  net.log = [&log](const std::string& line) {
    // A client the upstream refused or could not be reached for: always shown.
    if (line.find("failed") != std::string::npos || line.starts_with("upstream ")) log.error(line);
    else log.detail(line);
  };
  std::optional<tools::Failure> ready_failure;
  auto result = runRecord(recorder, net, [&](std::uint16_t port) {
    std::string host = listen->host == "0.0.0.0" ? "127.0.0.1" : listen->host;
    std::string url = host.find(':') != std::string::npos
                          ? fmt::format("{}://[{}]:{}/", net.tls ? "wss" : "ws", host, port)
                          : fmt::format("{}://{}:{}/", net.tls ? "wss" : "ws", host, port);
    // Where to point the client: the upstream's URL with the proxy's scheme, host and port.
    const std::string& path = upstream->target;
    std::string client_url = url.substr(0, url.size() - 1) + path;
    log.info(fmt::format("recording to {}: point the client at {} instead of {}{}",
                         options.output == "-" ? std::string("standard output") : options.output, client_url,
                         options.upstream, path == "/" ? " (paths are passed on)" : ""));
    if (!options.ready_file.empty()) {
      auto written = writeReadyFile(options.ready_file, url + "\n");
      if (!written) ready_failure = written.error();
    }
  });
  if (!result) {
    log.error(result.error().message);
    return result.error().exit_code;
  }
  log.info(fmt::format("{} messages recorded", recorder.messages()));
  if (ready_failure) {
    log.error(ready_failure->message);
    return ready_failure->exit_code;
  }
  return tools::kExitOk;
}

}  // namespace wa::wareplay
