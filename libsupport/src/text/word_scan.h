// Skipping clean 8-byte words: the shared fast path of the text scanners (private).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace wa::support::detail {

/// The first index from `i` on, in steps of 8, whose 8-byte word is not `clean`, or where fewer
/// than 8 bytes are left: the scanners go byte by byte from there.
template <class Clean>
std::size_t skipCleanWords(std::string_view s, std::size_t i, Clean clean) noexcept {
  for (std::uint64_t word; i + 8 <= s.size(); i += 8) {
    std::memcpy(&word, s.data() + i, 8);
    if (!clean(word)) break;
  }
  return i;
}

inline std::uint8_t byteAt(std::string_view s, std::size_t i) noexcept { return static_cast<std::uint8_t>(s[i]); }

}  // namespace wa::support::detail
