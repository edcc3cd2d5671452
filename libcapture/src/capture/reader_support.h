// What the capture readers over a byte stream share (private): their buffer, limits and end, the
// message each record starts from, the errors of what is over a limit, and JSON lines parsed with
// the place of their failure.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "chunk_buffer.h"
#include "wa/capture/capture_reader.h"

namespace wa::capture::detail {

/// A reader of one format that reads its source through a ChunkBuffer until it is done.
class BufferedReader : public CaptureReader {
 public:
  BufferedReader(CaptureFormat format, std::unique_ptr<ByteSource> source, const ReaderLimits& limits)
      : in_(std::move(source), limits.chunk_bytes), limits_(limits), format_(format) {}

  [[nodiscard]] CaptureFormat format() const noexcept final { return format_; }

 protected:
  ChunkBuffer in_;
  ReaderLimits limits_;
  bool done_ = false;  ///< no record is left to read

 private:
  CaptureFormat format_;
};

/// The number (an integer type or double, as std::from_chars reads it) that is all of `s`, or
/// nullopt: empty, another character before or after it, or out of the type's range.
template <class T>
std::optional<T> parseWholeNumber(std::string_view s) noexcept {
  T v{};
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

/// LimitExceeded, stage Capture, at `at`: "<what> longer than the limit of <limit> bytes".
Error longerThanLimit(std::string_view what, std::uint64_t at, std::size_t limit);

/// The JSON value of one line whose text starts at `offset` in the capture. Fails with Invalid,
/// stage Capture, at the place in the capture where the text stopped being JSON: "invalid json: ...".
Expected<nlohmann::json> parseJsonLine(std::string_view text, std::uint64_t offset);

}  // namespace wa::capture::detail
