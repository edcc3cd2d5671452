// The bounds-checked cursor over untrusted bytes, with a sticky first error: the node decoder's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::support {

/// "expected <what> (<n> byte[s]), found <left> left": the message of a read past the end.
std::string truncatedMessage(std::string_view what, std::size_t need, std::size_t left);

/// Reads bytes and big-endian integers from a view it does not own (the view must outlive it).
/// Every read checks `need <= remaining()` without overflow. The first failure is kept, at the
/// offset where it happened: later reads return zero/empty and do not move, so a caller can read a
/// run of fields and check once. Offsets count from the start of the view plus `base_offset`.
template <class StageT>
class ByteReader {
 public:
  using Error = BasicError<StageT>;

  explicit ByteReader(ByteView bytes, StageT stage, std::uint64_t base_offset = 0) noexcept
      : bytes_(bytes), stage_(stage), base_(base_offset) {}

  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }
  [[nodiscard]] std::uint64_t absoluteOffset() const noexcept { return base_ + pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  [[nodiscard]] bool atEnd() const noexcept { return pos_ == bytes_.size(); }
  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }
  std::optional<Error> takeError() noexcept { return std::move(error_); }

  /// True when `n` more bytes are there; otherwise records a Truncated failure naming `what`.
  bool need(std::size_t n, std::string_view what) {
    if (error_) return false;
    if (n <= bytes_.size() - pos_) return true;
    error_ = Error{ErrorCode::Truncated, stage_, absoluteOffset(), truncatedMessage(what, n, remaining())};
    return false;
  }

  std::uint8_t u8(std::string_view what = "a byte") {
    if (!need(1, what)) return 0;
    return bytes_[pos_++];
  }
  std::uint16_t u16be(std::string_view what = "a 16-bit integer") {
    if (!need(2, what)) return 0;
    const auto v = static_cast<std::uint16_t>(bytes_[pos_] << 8 | bytes_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::uint32_t u32be(std::string_view what = "a 32-bit integer") {
    if (!need(4, what)) return 0;
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | bytes_[pos_ + i];
    pos_ += 4;
    return v;
  }
  /// A view of the next `n` bytes, valid as long as the input is.
  ByteView bytes(std::size_t n, std::string_view what = "bytes") {
    if (!need(n, what)) return {};
    const ByteView v = bytes_.subspan(pos_, n);
    pos_ += n;
    return v;
  }
  void skip(std::size_t n, std::string_view what = "bytes") { (void)bytes(n, what); }
  /// The next byte without reading it; nullopt at the end or after a failure.
  [[nodiscard]] std::optional<std::uint8_t> peek() const noexcept {
    if (!ok() || atEnd()) return std::nullopt;
    return bytes_[pos_];
  }
  /// The byte at `offset` of the view (for callers that look back at what they read).
  [[nodiscard]] std::uint8_t at(std::size_t offset) const noexcept { return bytes_[offset]; }

  /// Records a failure at `offset` of the view unless one is already recorded; returns false.
  bool fail(ErrorCode code, std::size_t offset, std::string message) {
    if (!error_) error_ = Error{code, stage_, base_ + offset, std::move(message)};
    return false;
  }
  /// The same at the current offset.
  bool fail(ErrorCode code, std::string message) { return fail(code, pos_, std::move(message)); }

 private:
  ByteView bytes_;
  std::size_t pos_ = 0;
  StageT stage_;
  std::uint64_t base_;
  std::optional<Error> error_;
};

}  // namespace wa::support
