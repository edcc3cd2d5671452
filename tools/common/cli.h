// What the tools' command lines share (CLI11): the tool's App with its --version, the
// auto|always|never options, and the parse that turns --help, --version and usage errors into an
// exit status.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/color.h"

namespace wa::tools {

/// A tool's command line: CLI11's App with `description`, and --version printing
/// "<tool> <the project's version>".
class ToolApp : public CLI::App {
 public:
  ToolApp(std::string description, const std::string& tool);
};

/// Adds `--name auto|always|never` (the set checked by CLI11, shown in --help) that sets `mode`
/// when given; `mode` must outlive the parse. Its default (capture_default_str()) is `mode`'s value.
CLI::Option* addModeOption(CLI::App& app, const std::string& name, ColorMode& mode, const std::string& description);

/// Parses the command line. Returns -1 to go on, or the status to exit with at once: 0 after
/// --help or --version, 2 after a usage error (CLI11 has printed either).
int parseCommandLine(CLI::App& app, int argc, char** argv);

}  // namespace wa::tools
