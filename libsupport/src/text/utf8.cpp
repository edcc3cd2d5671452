// The UTF-8 check (the portable kernel: an ASCII fast path of 8 bytes at a time), one sequence's
// length, and the UTF-8 of a code point.
#include "wa/support/text/utf8.h"

#include <cstdint>

#include "text/isa/kernels.h"
#include "text/word_scan.h"

namespace wa::support {
namespace {

bool isContinuation(std::uint8_t b) noexcept { return (b & 0xC0) == 0x80; }

}  // namespace

using detail::byteAt;

std::size_t utf8SequenceLength(std::string_view s, std::size_t i) noexcept {
  const std::size_t left = s.size() - i;
  const std::uint8_t b0 = byteAt(s, i);
  if (b0 < 0x80) return 1;
  if (b0 < 0xC2) return 0;
  if (b0 < 0xE0) return left >= 2 && isContinuation(byteAt(s, i + 1)) ? 2 : 0;
  if (b0 < 0xF0) {
    if (left < 3) return 0;
    const std::uint8_t b1 = byteAt(s, i + 1);
    const std::uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const std::uint8_t hi = b0 == 0xED ? 0x9F : 0xBF;
    return b1 >= lo && b1 <= hi && isContinuation(byteAt(s, i + 2)) ? 3 : 0;
  }
  if (b0 < 0xF5) {
    if (left < 4) return 0;
    const std::uint8_t b1 = byteAt(s, i + 1);
    const std::uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80;
    const std::uint8_t hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return b1 >= lo && b1 <= hi && isContinuation(byteAt(s, i + 2)) && isContinuation(byteAt(s, i + 3)) ? 4 : 0;
  }
  return 0;
}

namespace detail::scalar {

bool isUtf8(const char* p, std::size_t n) noexcept {
  const std::string_view s(p, n);
  std::size_t i = 0;
  while (i < n) {
    i = detail::skipCleanWords(s, i, [](std::uint64_t word) { return (word & 0x8080808080808080ull) == 0; });
    if (i >= n) break;
    const std::size_t len = utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace detail::scalar

bool isUtf8(std::string_view s) noexcept {
  // Short ASCII strings (names, ids, jids) are the most common: checked here without a kernel call.
  if (s.size() <= detail::kShortWordsMax &&
      detail::shortIsClean(s, [](std::uint64_t word) { return (word & 0x8080808080808080ull) == 0; }))
    return true;
  return detail::textKernels().is_utf8(s.data(), s.size());
}

bool isAscii(std::string_view s) noexcept {
  constexpr auto clean = [](std::uint64_t word) { return (word & 0x8080808080808080ull) == 0; };
  if (s.size() <= detail::kShortWordsMax) return detail::shortIsClean(s, clean);
  // Whole words, then the last 8 bytes (overlapping what was read).
  if (detail::skipCleanWords(s, 0, clean) + 8 <= s.size()) return false;
  return detail::shortIsClean(s.substr(s.size() - 8), clean);
}

void appendUtf8Lossy(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the well-formed run being copied
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8SequenceLength(s, i);
    if (len != 0) {
      i += len;
      continue;
    }
    out.append(s.substr(run, i - run));
    out.append("\xEF\xBF\xBD");
    run = ++i;
  }
  out.append(s.substr(run));
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | cp >> 6));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | cp >> 12));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | cp >> 18));
    out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace wa::support
