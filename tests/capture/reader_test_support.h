// Helpers for the capture reader tests: sources that cut the input anywhere, and reading everything.
#pragma once

#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"

namespace wa::capture::testing {

/// Hands out at most `step` bytes per read, so every token boundary meets a chunk boundary.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::string_view bytes, std::size_t step) : bytes_(bytes), step_(step) {}
  Expected<std::size_t> read(std::span<char> into) override {
    std::size_t n = std::min({into.size(), step_, bytes_.size() - pos_});
    if (n != 0) std::memcpy(into.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

/// Yields its bytes, then fails with an I/O error.
class FailingSource final : public ByteSource {
 public:
  explicit FailingSource(std::string_view bytes) : bytes_(bytes) {}
  Expected<std::size_t> read(std::span<char> into) override {
    if (pos_ == bytes_.size()) return makeError(ErrorCode::Io, Stage::Capture, pos_, "read failed: disk on fire");
    std::size_t n = std::min(into.size(), bytes_.size() - pos_);
    std::memcpy(into.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

using ReaderFactory = std::function<std::unique_ptr<CaptureReader>(std::unique_ptr<ByteSource>, const ReaderLimits&)>;

inline std::vector<CaptureMessage> readAll(CaptureReader& reader, std::size_t max_records = 100000) {
  std::vector<CaptureMessage> out;
  CaptureMessage m;
  while (out.size() < max_records && reader.read(m)) out.push_back(m);
  return out;
}

inline std::vector<CaptureMessage> readAll(const ReaderFactory& make, std::string_view bytes, ReaderLimits limits = {},
                                           std::size_t trickle = 0) {
  std::unique_ptr<ByteSource> source =
      trickle == 0 ? makeMemorySource(bytes) : std::unique_ptr<ByteSource>(std::make_unique<TrickleSource>(bytes, trickle));
  auto reader = make(std::move(source), limits);
  return readAll(*reader);
}

/// Small chunks, to exercise refills and compaction.
inline ReaderLimits tinyChunks() {
  ReaderLimits l;
  l.chunk_bytes = 16;
  return l;
}

/// A record in one line for failure messages.
inline std::string describeRecord(const CaptureMessage& m) {
  std::string s = "{t=" + std::to_string(m.t) + " dir=" + std::to_string(static_cast<int>(m.dir)) + " conn=" + m.conn +
                  " op=" + std::to_string(static_cast<int>(m.op)) + " payload(" + std::to_string(m.payload.size()) + ")";
  if (m.error) s += " error@" + std::to_string(m.error->offset) + ": " + m.error->message;
  return s + "}";
}

/// Field-by-field equality of two record lists (the error compared by code, offset and message).
inline bool sameRecords(const std::vector<CaptureMessage>& a, const std::vector<CaptureMessage>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.t != y.t || x.dir != y.dir || x.dir_inferred != y.dir_inferred || x.conn != y.conn || x.op != y.op ||
        x.payload != y.payload || x.source_offset != y.source_offset || x.error.has_value() != y.error.has_value())
      return false;
    if (x.error && (x.error->code != y.error->code || x.error->offset != y.error->offset || x.error->message != y.error->message))
      return false;
  }
  return true;
}

}  // namespace wa::capture::testing
