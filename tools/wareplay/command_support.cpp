// Helpers shared by the commands.
#include "wareplay/command_support.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "wa/capture/detect.h"

namespace wa::wareplay {

Logger::Level logLevel(bool verbose, bool quiet) {
  if (quiet) return Logger::Level::Quiet;
  return verbose ? Logger::Level::Verbose : Logger::Level::Normal;
}

tools::Outcome<std::shared_ptr<const Session>> openSession(const SessionOptions& options, Logger& log) {
  LoadOptions load;
  load.path = options.session;
  load.conn = options.conn;
  load.keys_path = options.keys;
  auto format = capture::parseCaptureFormat(options.input_format);
  if (!format) return tools::fail(tools::kExitUsage, fmt::format("--input-format: unknown format \"{}\"", options.input_format));
  load.format = *format;
  auto session = loadSession(load);
  if (!session) return tl::unexpected(session.error());
  const auto& warnings = session->warnings;
  std::size_t shown = log.level() == Logger::Level::Verbose ? warnings.size() : std::min<std::size_t>(5, warnings.size());
  for (std::size_t i = 0; i < shown; ++i) log.warning(warnings[i]);
  if (shown < warnings.size()) log.warning(fmt::format("{} more warnings (see --verbose)", warnings.size() - shown));
  return std::make_shared<const Session>(std::move(*session));
}

tools::Outcome<void> writeReadyFile(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return tools::fail(tools::kExitIo, fmt::format("{}: {}", tmp, std::strerror(errno)));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
    return tools::fail(tools::kExitIo, fmt::format("{}: {}", path, std::strerror(errno)));
  return {};
}

Duration secondsToDuration(double seconds) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

}  // namespace wa::wareplay
