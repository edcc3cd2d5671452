// A bounds-checked cursor over untrusted bytes with a sticky first error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wa/codec/error.h"

namespace wa::codec {

using ByteView = std::span<const std::uint8_t>;

inline ByteView asBytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view asChars(ByteView b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

/// Reads big-endian integers and byte runs from a view it does not own (the view must outlive it).
/// Every read checks `need <= remaining()` without overflow. The first failure is kept: later
/// reads return zero/empty and do not move, so a caller can read a run of fields and check once.
class ByteReader {
 public:
  explicit ByteReader(ByteView bytes, Stage stage = Stage::Decode, std::uint64_t base_offset = 0) noexcept
      : bytes_(bytes), stage_(stage), base_(base_offset) {}

  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }
  /// Offset including the base given at construction (for errors inside a larger input).
  [[nodiscard]] std::uint64_t absoluteOffset() const noexcept { return base_ + pos_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  [[nodiscard]] bool atEnd() const noexcept { return pos_ == bytes_.size(); }
  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }

  std::uint8_t u8(std::string_view what = "a byte") noexcept {
    if (!need(1, what)) return 0;
    return bytes_[pos_++];
  }
  std::uint16_t u16be(std::string_view what = "a 16-bit integer") noexcept {
    if (!need(2, what)) return 0;
    auto v = static_cast<std::uint16_t>(bytes_[pos_] << 8 | bytes_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::uint32_t u32be(std::string_view what = "a 32-bit integer") noexcept {
    if (!need(4, what)) return 0;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | bytes_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 4;
    return v;
  }
  /// A view of the next `n` bytes, valid as long as the input is.
  ByteView bytes(std::size_t n, std::string_view what = "bytes") noexcept {
    if (!need(n, what)) return {};
    ByteView v = bytes_.subspan(pos_, n);
    pos_ += n;
    return v;
  }
  void skip(std::size_t n, std::string_view what = "bytes") noexcept { (void)bytes(n, what); }
  [[nodiscard]] std::optional<std::uint8_t> peek() const noexcept {
    if (!ok() || atEnd()) return std::nullopt;
    return bytes_[pos_];
  }

  /// Records a failure at the current offset unless one is already recorded.
  void fail(ErrorCode code, std::string message) {
    if (!error_) error_ = Error{code, stage_, absoluteOffset(), std::move(message)};
  }

 private:
  bool need(std::size_t n, std::string_view what) noexcept;

  ByteView bytes_;
  std::size_t pos_ = 0;
  Stage stage_;
  std::uint64_t base_;
  std::optional<Error> error_;
};

}  // namespace wa::codec
