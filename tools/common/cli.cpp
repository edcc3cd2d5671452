// The tools' shared command-line pieces.
#include "common/cli.h"

#include <utility>
#include <vector>

#include "common/exit_codes.h"

namespace wa::tools {
namespace {

std::string modeName(ColorMode mode) {
  switch (mode) {
    case ColorMode::Always: return "always";
    case ColorMode::Never: return "never";
    case ColorMode::Auto: break;
  }
  return "auto";
}

}  // namespace

ToolApp::ToolApp(std::string description, const std::string& tool) : CLI::App(std::move(description)) {
  set_version_flag("--version", tool + " " + WA_TOOLS_VERSION);
}

CLI::Option* addModeOption(CLI::App& app, const std::string& name, ColorMode& mode, const std::string& description) {
  return app
      .add_option_function<std::string>(
          name, [&mode](const std::string& value) { mode = parseColorMode(value); }, description)
      ->check(CLI::IsMember(std::vector<std::string>{"auto", "always", "never"}))
      ->default_function([&mode] { return modeName(mode); });
}

int parseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  return -1;
}

}  // namespace wa::tools
