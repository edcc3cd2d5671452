// A string buffer in front of a FILE*, written out in large chunks.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace wa::tools {

/// Collects output and writes it when 64 KiB are pending and on flush(). Not thread-safe.
class BufferedOutput {
 public:
  explicit BufferedOutput(std::FILE* out) : out_(out) {}
  ~BufferedOutput() { flush(); }
  BufferedOutput(const BufferedOutput&) = delete;
  BufferedOutput& operator=(const BufferedOutput&) = delete;

  std::string& buffer() noexcept { return buf_; }
  /// Appends `s`; a large `s` goes to the stream at once (after what is pending), without a copy.
  void write(std::string_view s) {
    if (buf_.size() + s.size() < (1u << 16)) {
      buf_.append(s);
      return;
    }
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
    std::fwrite(s.data(), 1, s.size(), out_);
  }
  void maybeFlush() {
    if (buf_.size() >= (1u << 16)) flush();
  }
  /// Writes what is pending; returns false when the stream has failed (e.g. a closed pipe).
  bool flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
    std::fflush(out_);
    return std::ferror(out_) == 0;
  }

 private:
  std::FILE* out_;
  std::string buf_;
};

}  // namespace wa::tools
