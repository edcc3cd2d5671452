// Progress bar drawing.
#include "common/progress.h"

#include <unistd.h>

namespace wa::tools {

ProgressBar::ProgressBar(std::string label, std::uint64_t total, bool enabled, std::FILE* stream)
    : label_(std::move(label)), total_(total), enabled_(enabled), stream_(stream) {}

bool ProgressBar::wanted(ColorMode mode, std::uint64_t total) {
  if (mode != ColorMode::Auto) return mode == ColorMode::Always;
  return ::isatty(STDERR_FILENO) != 0 && total >= (8u << 20);
}

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? static_cast<double>(done) / secs / 1e6 : 0;
  if (total_ > 0) {
    double frac = static_cast<double>(done) / static_cast<double>(total_);
    if (frac > 1) frac = 1;
    int width = 30, filled = static_cast<int>(frac * width);
    std::fprintf(stream_, "\r%s [%.*s%*s] %5.1f%% %7.1f MB/s", label_.c_str(), filled, "==============================",
                 width - filled, "", frac * 100, rate);
  } else {
    std::fprintf(stream_, "\r%s %.1f MB %7.1f MB/s", label_.c_str(), static_cast<double>(done) / 1e6, rate);
  }
  std::fflush(stream_);
}

void ProgressBar::finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stream_, "\r\x1b[K");
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace wa::tools
