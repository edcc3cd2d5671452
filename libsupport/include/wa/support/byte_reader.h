// The bounds-checked cursor over untrusted bytes, with a sticky first error: the node decoder's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::support {

/// "expected <what> (<n> byte[s]), found <left> left": the message of a read past the end.
std::string truncatedMessage(std::string_view what, std::size_t need, std::size_t left);

/// Reads bytes and big-endian integers from a view it does not own (the view must outlive it).
/// Every read checks `need <= remaining()` without overflow. The first failure is kept, at the
/// offset where it happened: later reads return zero/empty and do not move, so a caller can read a
/// run of fields and check once. Offsets count from the start of the view plus `base_offset`.
///
/// A read inlines to one pointer comparison (a failure also stops later reads, so the sticky error
/// costs nothing more); the failure paths are out of line. A caller that branches on each value can
/// test need() first: the read's own test is then the same one and the compiler drops it.
template <class StageT>
class ByteReader {
 public:
  using Error = BasicError<StageT>;

  explicit ByteReader(ByteView bytes, StageT stage, std::uint64_t base_offset = 0) noexcept
      : begin_(bytes.data()),
        cur_(bytes.data()),
        end_(bytes.data() + bytes.size()),
        stop_(end_),
        stage_(stage),
        base_(base_offset) {}

  [[nodiscard]] std::size_t offset() const noexcept { return static_cast<std::size_t>(cur_ - begin_); }
  [[nodiscard]] std::uint64_t absoluteOffset() const noexcept { return base_ + offset(); }
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - cur_); }
  [[nodiscard]] bool atEnd() const noexcept { return cur_ == end_; }
  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }
  std::optional<Error> takeError() noexcept { return std::move(error_); }

  /// True when `n` more bytes are there; otherwise records a Truncated failure naming `what`.
  /// After a failure it is false for every `n` above 0 (there is nothing to read, and nothing moves).
  bool need(std::size_t n, std::string_view what) {
    if (n <= static_cast<std::size_t>(stop_ - cur_)) [[likely]] return true;
    return failTruncated(n, what);
  }

  std::uint8_t u8(std::string_view what = "a byte") {
    if (!need(1, what)) return 0;
    return *cur_++;
  }
  std::uint16_t u16be(std::string_view what = "a 16-bit integer") {
    if (!need(2, what)) return 0;
    const auto v = static_cast<std::uint16_t>(cur_[0] << 8 | cur_[1]);
    cur_ += 2;
    return v;
  }
  std::uint32_t u32be(std::string_view what = "a 32-bit integer") {
    if (!need(4, what)) return 0;
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | cur_[i];
    cur_ += 4;
    return v;
  }
  /// A view of the next `n` bytes, valid as long as the input is.
  ByteView bytes(std::size_t n, std::string_view what = "bytes") {
    if (!need(n, what)) return {};
    const ByteView v(cur_, n);
    cur_ += n;
    return v;
  }
  void skip(std::size_t n, std::string_view what = "bytes") { (void)bytes(n, what); }
  /// The next byte without reading it; nullopt at the end or after a failure.
  [[nodiscard]] std::optional<std::uint8_t> peek() const noexcept {
    if (!ok() || atEnd()) return std::nullopt;
    return *cur_;
  }
  /// The byte at `offset` of the view (for callers that look back at what they read).
  [[nodiscard]] std::uint8_t at(std::size_t offset) const noexcept { return begin_[offset]; }
  /// What was read from `offset` of the view up to the cursor (`offset` at most offset()), valid
  /// as long as the input is: the run of bytes a caller has just decoded.
  [[nodiscard]] ByteView readSince(std::size_t offset) const noexcept { return ByteView(begin_ + offset, cur_); }

  /// Records a failure at `offset` of the view unless one is already recorded; returns false.
  bool fail(ErrorCode code, std::size_t offset, std::string message) {
    if (ok()) record(code, offset, std::move(message));
    return false;
  }
  /// The same at the current offset.
  bool fail(ErrorCode code, std::string message) { return fail(code, offset(), std::move(message)); }

 private:
  // The failure paths, out of line so that the reads stay small.
  [[gnu::noinline, gnu::cold]] bool failTruncated(std::size_t n, std::string_view what) {
    if (ok()) record(ErrorCode::Truncated, offset(), truncatedMessage(what, n, remaining()));
    return false;
  }
  [[gnu::noinline, gnu::cold]] void record(ErrorCode code, std::size_t offset, std::string message) {
    error_ = Error{code, stage_, base_ + offset, std::move(message)};
    stop_ = cur_;
  }

  const std::uint8_t* begin_;
  const std::uint8_t* cur_;
  const std::uint8_t* end_;
  const std::uint8_t* stop_;  // where reads stop: end_, or cur_ once a failure is recorded
  StageT stage_;
  std::uint64_t base_;
  std::optional<Error> error_;
};

}  // namespace wa::support
