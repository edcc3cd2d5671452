// ReadBuffer: aligned heap bytes.
#include "wa/support/read_buffer.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace wa::support {

void ReadBuffer::Free::operator()(std::uint8_t* p) const noexcept {
  ::operator delete[](p, std::align_val_t{kAlignment});
}

void ReadBuffer::resize(std::size_t n) {
  if (n > capacity_) {
    // At least double, as std::vector does: a buffer grown a chunk at a time is copied O(log n) times.
    const std::size_t capacity = std::max(n, capacity_ * 2);
    std::unique_ptr<std::uint8_t[], Free> grown(
        static_cast<std::uint8_t*>(::operator new[](capacity, std::align_val_t{kAlignment})));
    if (size_ > 0) std::memcpy(grown.get(), bytes_.get(), size_);
    bytes_ = std::move(grown);
    capacity_ = capacity;
  }
  size_ = n;
}

}  // namespace wa::support
