// A progress bar on stderr for long work: shown only when enabled (a terminal, a large input).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "common/color.h"

namespace wa::tools {

/// Redraws at most ten times a second; finish() clears the line. Not thread-safe.
class ProgressBar {
 public:
  /// `total` bytes of input (0 when unknown: then only the count is shown).
  ProgressBar(std::string label, std::uint64_t total, bool enabled, std::FILE* stream = stderr);
  ~ProgressBar() { finish(); }
  void update(std::uint64_t done);
  void finish();

  /// Whether a bar should be shown for an input of `total` bytes: mode always/never (--progress),
  /// or auto = stderr is a terminal and the input is at least 8 MiB.
  static bool wanted(ColorMode mode, std::uint64_t total);

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::FILE* stream_;
  std::chrono::steady_clock::time_point last_{};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace wa::tools
