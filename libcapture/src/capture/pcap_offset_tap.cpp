// Record and block boundaries of pcap (file header + 16/24-byte record headers) and pcapng
// (12-byte block headers, byte order from each section header block).
#include "capture/pcap_offset_tap.h"

#include <algorithm>
#include <cstring>

namespace wa::capture::detail {
namespace {

constexpr std::uint32_t kPcapMicro = 0xa1b2c3d4;
constexpr std::uint32_t kPcapNano = 0xa1b23c4d;
constexpr std::uint32_t kPcapModified = 0xa1b2cd34;
constexpr std::uint32_t kPcapngShb = 0x0A0D0D0A;
constexpr std::uint32_t kPcapngBom = 0x1A2B3C4D;

std::uint32_t swap32(std::uint32_t v) noexcept {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

}  // namespace

std::uint32_t PcapOffsetTap::u32(std::size_t at) const noexcept {
  const std::uint32_t le = static_cast<std::uint32_t>(header_[at]) | static_cast<std::uint32_t>(header_[at + 1]) << 8 |
                           static_cast<std::uint32_t>(header_[at + 2]) << 16 |
                           static_cast<std::uint32_t>(header_[at + 3]) << 24;
  return swapped_ ? swap32(le) : le;
}

void PcapOffsetTap::feed(const std::uint8_t* data, std::size_t size) {
  std::size_t i = 0;
  while (i < size && !broken_) {
    if (skip_ != 0) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, size - i));
      skip_ -= n;
      i += n;
      position_ += n;
      continue;
    }
    if (have_ == 0) unit_start_ = position_;
    const std::size_t n = std::min(need_ - have_, size - i);
    std::memcpy(header_ + have_, data + i, n);
    have_ += n;
    i += n;
    position_ += n;
    if (have_ == need_) headerComplete();
  }
  position_ += size - i;
}

void PcapOffsetTap::headerComplete() {
  if (kind_ == Kind::Unknown) {
    swapped_ = false;
    const std::uint32_t magic = u32(0);
    for (bool swapped : {false, true}) {
      const std::uint32_t m = swapped ? swap32(magic) : magic;
      if (m == kPcapMicro || m == kPcapNano || m == kPcapModified) {
        kind_ = Kind::Pcap;
        swapped_ = swapped;
        record_header_ = m == kPcapModified ? 24 : 16;
        need_ = 24;  // the rest of the file header
        return;
      }
    }
    if (magic == kPcapngShb) {
      kind_ = Kind::Pcapng;
      need_ = 12;
      return;
    }
    broken_ = true;
    return;
  }
  if (kind_ == Kind::Pcap) {
    if (in_file_header_) {
      in_file_header_ = false;
    } else {
      offsets_.push_back(unit_start_ + record_header_);
      skip_ = u32(8);
    }
    have_ = 0;
    need_ = record_header_;
    return;
  }
  // pcapng: type, total length, and 4 more bytes (the byte-order magic of a section header).
  const std::uint32_t le_type = static_cast<std::uint32_t>(header_[0]) | static_cast<std::uint32_t>(header_[1]) << 8 |
                                static_cast<std::uint32_t>(header_[2]) << 16 |
                                static_cast<std::uint32_t>(header_[3]) << 24;
  if (le_type == kPcapngShb) {
    swapped_ = false;
    const std::uint32_t bom = u32(8);
    if (bom == kPcapngBom) {
      swapped_ = false;
    } else if (swap32(bom) == kPcapngBom) {
      swapped_ = true;
    } else {
      broken_ = true;
      return;
    }
  }
  const std::uint32_t type = u32(0);
  const std::uint32_t length = u32(4);
  if (length < 12 || (length & 3) != 0) {
    broken_ = true;
    return;
  }
  if (type == 6 || type == 2) offsets_.push_back(unit_start_ + 28);
  if (type == 3) offsets_.push_back(unit_start_ + 12);
  skip_ = length - 12;
  have_ = 0;
  need_ = 12;
}

std::optional<std::uint64_t> PcapOffsetTap::pop() {
  if (broken_ || first_ == offsets_.size()) return std::nullopt;
  const std::uint64_t v = offsets_[first_++];
  if (first_ == offsets_.size()) {
    offsets_.clear();
    first_ = 0;
  } else if (first_ >= 1024 && first_ * 2 >= offsets_.size()) {
    offsets_.erase(offsets_.begin(), offsets_.begin() + static_cast<std::ptrdiff_t>(first_));
    first_ = 0;
  }
  return v;
}

}  // namespace wa::capture::detail
