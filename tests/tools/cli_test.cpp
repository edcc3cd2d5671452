// Tests for the tools' shared command-line pieces (tools/common/cli.h).
#include "common/cli.h"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

namespace wa::tools {
namespace {

// Parses `args` (after the program name) with `app`.
int parse(CLI::App& app, std::vector<std::string> args) {
  args.insert(args.begin(), "tool");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return parseCommandLine(app, static_cast<int>(argv.size()), argv.data());
}

TEST(AddModeOption, SetsTheModeWhenGiven) {
  CLI::App app{"test"};
  ColorMode color = ColorMode::Auto;
  ColorMode progress = ColorMode::Auto;
  addModeOption(app, "--color", color, "colour");
  addModeOption(app, "--progress", progress, "progress");
  EXPECT_EQ(parse(app, {"--color", "never"}), -1);
  EXPECT_EQ(color, ColorMode::Never);
  EXPECT_EQ(progress, ColorMode::Auto);
}

TEST(AddModeOption, RefusesAnotherValue) {
  CLI::App app{"test"};
  ColorMode mode = ColorMode::Always;
  addModeOption(app, "--progress", mode, "progress");
  EXPECT_EQ(parse(app, {"--progress", "sometimes"}), 2);
  EXPECT_EQ(mode, ColorMode::Always);
}

TEST(AddModeOption, ShowsItsSetAndDefaultInHelp) {
  CLI::App app{"test"};
  ColorMode mode = ColorMode::Auto;
  addModeOption(app, "--color", mode, "colour it")->capture_default_str();
  const std::string help = app.help();
  EXPECT_NE(help.find("--color TEXT:{auto,always,never}=auto"), std::string::npos) << help;
}

TEST(ToolApp, PrintsTheToolAndTheProjectVersion) {
  ToolApp app{"test: a tool", "wadetest"};
  EXPECT_EQ(app.get_description(), "test: a tool");
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(parse(app, {"--version"}), 0);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_TRUE(printed.starts_with("wadetest ")) << printed;
  EXPECT_GT(printed.size(), std::string("wadetest \n").size()) << printed;
}

TEST(ParseCommandLine, ExitStatuses) {
  CLI::App app{"test"};
  app.set_version_flag("--version", "tool 0.1.0");
  std::string input;
  app.add_option("input", input);
  EXPECT_EQ(parse(app, {"file"}), -1);
  EXPECT_EQ(input, "file");
  EXPECT_EQ(parse(app, {"--version"}), 0);
  EXPECT_EQ(parse(app, {"--no-such-option"}), 2);
}

}  // namespace
}  // namespace wa::tools
