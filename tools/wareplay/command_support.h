// What the commands share: loading the recording with its warnings, the logger level, writing the
// ready file, and turning seconds into durations.
#pragma once

#include <memory>
#include <string>

#include "common/failure.h"
#include "wareplay/logger.h"
#include "wareplay/options.h"
#include "wareplay/pacer.h"
#include "wareplay/session.h"

namespace wa::wareplay {

Logger::Level logLevel(bool verbose, bool quiet);

/// Loads the session of `options`, logging its warnings (verbose: each; otherwise a count past 5).
tools::Outcome<std::shared_ptr<const Session>> openSession(const SessionOptions& options, Logger& log);

/// Writes `text` to `path` atomically (a temporary file renamed), so a waiting test never reads
/// half of it. Fails with exit 3.
tools::Outcome<void> writeReadyFile(const std::string& path, const std::string& text);

Duration secondsToDuration(double seconds);

}  // namespace wa::wareplay
