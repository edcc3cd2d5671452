// A heap buffer for the kernel to copy into (read, pread), aligned so that the copy runs at speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>

namespace wa::support {

/// Bytes on the heap whose first byte is 64-byte aligned. The kernel copies into a user buffer
/// with `rep movsb`, which on some CPUs runs four times slower when the destination sits 1 to 31
/// bytes past the source's place in its page (AMD Zen 3, measured out of the page cache: 1.2-1.9
/// GB/s there, 6-7.6 GB/s at every other offset tried), and malloc's large blocks start 16 bytes
/// into a page. Reads at input offsets that are multiples of 64 land well here. Bytes past the old
/// size are uninitialised after a resize; throws std::bad_alloc. Movable, not copyable.
class ReadBuffer {
 public:
  ReadBuffer() noexcept = default;
  explicit ReadBuffer(std::size_t size) { resize(size); }
  /// The moved-from buffer is left empty.
  ReadBuffer(ReadBuffer&& other) noexcept
      : bytes_(std::move(other.bytes_)), size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  ReadBuffer& operator=(ReadBuffer&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
  }
  ReadBuffer(const ReadBuffer&) = delete;
  ReadBuffer& operator=(const ReadBuffer&) = delete;

  /// Keeps the first min(size(), n) bytes; reallocates only when growing past the capacity, then to
  /// at least twice the capacity (the first allocation is exactly n).
  void resize(std::size_t n);

  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.get(); }
  [[nodiscard]] char* chars() noexcept { return reinterpret_cast<char*>(bytes_.get()); }
  [[nodiscard]] const char* chars() const noexcept { return reinterpret_cast<const char*>(bytes_.get()); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::span<std::uint8_t> bytes() noexcept { return {bytes_.get(), size_}; }
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return {bytes_.get(), size_}; }

  static constexpr std::size_t kAlignment = 64;

 private:
  struct Free {
    void operator()(std::uint8_t* p) const noexcept;
  };
  std::unique_ptr<std::uint8_t[], Free> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace wa::support
