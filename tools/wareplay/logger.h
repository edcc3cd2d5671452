// wareplay's standard-error log: whole "wareplay: ..." lines from any thread.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "wa/support/text/display.h"

namespace wa::wareplay {

class Logger {
 public:
  enum class Level { Quiet, Normal, Verbose };
  explicit Logger(Level level = Level::Normal, std::FILE* out = stderr) : level_(level), out_(out) {}

  /// Always printed: "wareplay: error: <message>".
  void error(std::string_view message) { print("error: ", message); }
  /// Printed unless quiet: "wareplay: warning: <message>".
  void warning(std::string_view message) {
    if (level_ != Level::Quiet) print("warning: ", message);
  }
  /// Printed unless quiet: "wareplay: <message>".
  void info(std::string_view message) {
    if (level_ != Level::Quiet) print("", message);
  }
  /// Printed when verbose.
  void detail(std::string_view message) {
    if (level_ == Level::Verbose) print("", message);
  }
  [[nodiscard]] Level level() const noexcept { return level_; }

 private:
  void print(std::string_view kind, std::string_view message) {
    // Messages quote what peers sent: nothing of it reaches the terminal raw.
    const std::string shown = support::displayText(message);
    std::lock_guard lock(mutex_);
    std::fflush(stdout);
    std::fprintf(out_, "wareplay: %.*s%.*s\n", static_cast<int>(kind.size()), kind.data(),
                 static_cast<int>(shown.size()), shown.data());
    std::fflush(out_);
  }

  Level level_;
  std::FILE* out_;
  std::mutex mutex_;
};

}  // namespace wa::wareplay
