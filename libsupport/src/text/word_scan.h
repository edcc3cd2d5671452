// Clean 8-byte words: the shared fast paths of the text scanners (private).
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

/// True when some byte of `word` is `b` (SWAR: exact for the word as a whole).
constexpr bool wordHasByte(std::uint64_t word, std::uint8_t b) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  const std::uint64_t v = word ^ (kOnes * b);
  return ((v - kOnes) & ~v & (kOnes * 0x80)) != 0;
}

/// The longest string shortIsClean() takes.
constexpr std::size_t kShortWordsMax = 16;

/// Whether all of `s` (at most kShortWordsMax bytes) is clean, from one or two 8-byte words read
/// without a loop (overlapping when s is not 8 or 16 bytes; bytes past a shorter s count as 'a',
/// which every scanner takes as clean).
template <class Clean>
bool shortIsClean(std::string_view s, Clean clean) noexcept {
  const std::size_t n = s.size();
  if (n >= 8) {
    std::uint64_t first, last;
    std::memcpy(&first, s.data(), 8);
    std::memcpy(&last, s.data() + n - 8, 8);
    return clean(first) && clean(last);
  }
  std::uint64_t word = 0x6161616161616161ull;
  if (n >= 4) {
    std::uint32_t first, last;
    std::memcpy(&first, s.data(), 4);
    std::memcpy(&last, s.data() + n - 4, 4);
    word = std::uint64_t{last} << 32 | first;
  } else {
    for (std::size_t i = 0; i < n; ++i) word = word << 8 | static_cast<std::uint8_t>(s[i]);
  }
  return clean(word);
}

inline std::uint8_t byteAt(std::string_view s, std::size_t i) noexcept { return static_cast<std::uint8_t>(s[i]); }

}  // namespace wa::support::detail
