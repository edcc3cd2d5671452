// A sliding window over a ByteSource: the readers' only view of their input (private).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "wa/capture/byte_source.h"
#include "wa/capture/error.h"
#include "wa/support/read_buffer.h"

namespace wa::capture::detail {

/// Holds the unconsumed bytes [cursor, end) of the input. Memory stays at about one chunk plus the
/// largest run of bytes a caller asked to see at once (`ensure`), whatever the input size.
/// Pointers from data() are invalidated by fill(), ensure() and the line helpers.
///
/// A source that lends all of its input (a mapped file: ByteSource::borrowAll) is not copied: the
/// window is then the whole rest of the input from the first fill() on, and the pages behind the
/// cursor are handed back every kReleaseStep bytes.
class ChunkBuffer {
 public:
  ChunkBuffer(std::unique_ptr<ByteSource> source, std::size_t chunk_bytes);

  [[nodiscard]] const char* data() const noexcept { return window_ + pos_; }
  [[nodiscard]] std::size_t size() const noexcept { return end_ - pos_; }
  [[nodiscard]] std::string_view view() const noexcept { return {data(), size()}; }
  /// Absolute offset of data()[0] in the input.
  [[nodiscard]] std::uint64_t offset() const noexcept { return base_ + pos_; }
  void consume(std::size_t n) noexcept {
    pos_ += n;
    if (pos_ >= release_at_) releaseBehind();
  }
  /// Drops everything buffered (used while skipping).
  void consumeAll() noexcept { consume(end_ - pos_); }

  /// Reads at least one more byte, keeping the unconsumed ones. False at end of input or after an
  /// I/O failure (see ioError()).
  bool fill();
  /// Makes size() >= n if the input has that many bytes left; false otherwise.
  bool ensure(std::size_t n);
  /// True when nothing is buffered and the input is exhausted (reads more to find out).
  bool atEnd();
  [[nodiscard]] const std::optional<Error>& ioError() const noexcept { return io_error_; }

  /// Finds the next '\n' from the cursor, reading more as needed but never holding more than
  /// `max_line` bytes. Returns the line length (without '\n'; the caller consumes length + 1 when
  /// `has_newline`). When the line exceeds `max_line`, returns nullopt with `too_long` set and the
  /// cursor unchanged; the caller may then skipLine().
  struct Line {
    std::size_t length = 0;
    bool has_newline = false;
  };
  std::optional<Line> findLine(std::size_t max_line, bool& too_long);
  /// Discards input through the next '\n' (or to the end) without buffering it.
  void skipLine();

 private:
  static constexpr std::size_t kReleaseStep = std::size_t{1} << 20;
  bool borrow();
  void releaseBehind() noexcept;

  std::unique_ptr<ByteSource> source_;
  support::ReadBuffer buf_;
  // buf_.data(), or the borrowed input (then base_ is 0); before the first read, an empty array:
  // never null, as the memchr and memcpy that callers run on data() require even for no bytes.
  static constexpr char kNoBytes[1] = {};
  const char* window_ = kNoBytes;
  bool tried_borrow_ = false;
  std::size_t release_at_ = SIZE_MAX;  // pos_ at which releaseBehind() runs (borrowed input only)
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t base_ = 0;  // absolute offset of buf_[0]: a multiple of ReadBuffer::kAlignment while reading
  std::size_t chunk_;
  bool exhausted_ = false;
  std::optional<Error> io_error_;
};

}  // namespace wa::capture::detail
