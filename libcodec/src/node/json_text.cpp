// UTF-8 checks, JSON string escaping and base64 for the JSON writers and readers.
#include "node/json_text.h"

#include <array>
#include <cstring>

namespace wa::codec::detail {

namespace {

std::uint8_t byteAt(std::string_view s, std::size_t i) noexcept { return static_cast<std::uint8_t>(s[i]); }

bool isContinuation(std::uint8_t b) noexcept { return (b & 0xC0) == 0x80; }

// The first index from `i` on, in steps of 8, whose 8-byte word is not `clean`, or where fewer
// than 8 bytes are left: the scanners go byte by byte from there.
template <class Clean>
std::size_t skipCleanWords(std::string_view s, std::size_t i, Clean clean) noexcept {
  for (std::uint64_t word; i + 8 <= s.size(); i += 8) {
    std::memcpy(&word, s.data() + i, 8);
    if (!clean(word)) break;
  }
  return i;
}

// Escape of each byte: 0 copy, 1 short form, 2 \u00xx.
constexpr std::array<std::uint8_t, 256> makeEscapeTable() {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t i = 0; i < 0x20; ++i) t[i] = 2;
  for (char c : {'\b', '\f', '\n', '\r', '\t', '"', '\\'}) t[static_cast<std::uint8_t>(c)] = 1;
  return t;
}
constexpr auto kEscape = makeEscapeTable();

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> makeBase64Table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < 64; ++i) t[static_cast<std::uint8_t>(kBase64[i])] = static_cast<std::int8_t>(i);
  t['-'] = 62;
  t['_'] = 63;
  return t;
}
constexpr auto kBase64Value = makeBase64Table();

}  // namespace

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
    return b1 >= lo && b1 <= hi && isContinuation(byteAt(s, i + 2)) && isContinuation(byteAt(s, i + 3)) ? 4
                                                                                                         : 0;
  }
  return 0;
}

bool isUtf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    i = skipCleanWords(s, i, [](std::uint64_t word) { return (word & 0x8080808080808080ull) == 0; });
    if (i >= n) break;
    const std::size_t len = utf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

namespace {

// True when any byte of `word` is below 0x20, '"' or '\\' (SWAR: each test sets the byte's top bit).
bool wordNeedsEscape(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  const auto hasZeroByte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
  return (below_space | hasZeroByte(word ^ (kOnes * '"')) | hasZeroByte(word ^ (kOnes * '\\'))) != 0;
}

// Base64 of each 12-bit value as its two characters: two lookups per 3 input bytes.
constexpr std::array<char, 2 * 4096> makeBase64PairTable() {
  std::array<char, 2 * 4096> t{};
  for (std::size_t v = 0; v < 4096; ++v) {
    t[2 * v] = kBase64[v >> 6];
    t[2 * v + 1] = kBase64[v & 63];
  }
  return t;
}
constexpr auto kBase64Pairs = makeBase64PairTable();

}  // namespace

void appendQuotedUtf8(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // Skip 8 bytes at a time while none needs escaping (the common case for text).
    i = skipCleanWords(s, i, [](std::uint64_t word) { return !wordNeedsEscape(word); });
    if (i >= n) break;
    const std::uint8_t b = byteAt(s, i);
    const std::uint8_t kind = kEscape[b];
    ++i;
    if (kind == 0) continue;
    out.append(s.data() + run, i - 1 - run);
    run = i;
    if (kind == 2) {
      const char u[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 15]};
      out.append(u, sizeof u);
      continue;
    }
    char e = static_cast<char>(b);  // '"' and '\\' escape as themselves
    switch (b) {
      case '\b': e = 'b'; break;
      case '\f': e = 'f'; break;
      case '\n': e = 'n'; break;
      case '\r': e = 'r'; break;
      case '\t': e = 't'; break;
      default: break;
    }
    const char esc[] = {'\\', e};
    out.append(esc, 2);
  }
  out.append(s.data() + run, n - run);
  out.push_back('"');
}

void appendBase64(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out.data() + start;
  std::size_t i = 0;
  // 6 bytes in, 8 characters out per step, from one big-endian 64-bit load (reads 2 bytes ahead).
  for (; i + 8 <= bytes.size(); i += 6, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    w = __builtin_bswap64(w) >> 16;
    std::memcpy(p, &kBase64Pairs[2 * ((w >> 36) & 4095)], 2);
    std::memcpy(p + 2, &kBase64Pairs[2 * ((w >> 24) & 4095)], 2);
    std::memcpy(p + 4, &kBase64Pairs[2 * ((w >> 12) & 4095)], 2);
    std::memcpy(p + 6, &kBase64Pairs[2 * (w & 4095)], 2);
  }
  for (; i + 3 <= bytes.size(); i += 3, p += 4) {
    const std::uint32_t v = std::uint32_t{byteAt(bytes, i)} << 16 | std::uint32_t{byteAt(bytes, i + 1)} << 8 |
                            byteAt(bytes, i + 2);
    std::memcpy(p, &kBase64Pairs[2 * (v >> 12)], 2);
    std::memcpy(p + 2, &kBase64Pairs[2 * (v & 4095)], 2);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  std::uint32_t v = std::uint32_t{byteAt(bytes, i)} << 16;
  if (rest == 2) v |= std::uint32_t{byteAt(bytes, i + 1)} << 8;
  *p++ = kBase64[v >> 18];
  *p++ = kBase64[(v >> 12) & 63];
  *p++ = rest == 2 ? kBase64[(v >> 6) & 63] : '=';
  *p = '=';
}

bool decodeBase64(std::string_view text, std::string& out, std::size_t& bad_index) {
  std::size_t n = text.size();
  std::size_t padding = 0;
  while (n > 0 && padding < 2 && text[n - 1] == '=') {
    --n;
    ++padding;
  }
  if ((padding > 0 && text.size() % 4 != 0) || n % 4 == 1) {
    bad_index = padding > 0 ? n : text.size();
    return false;
  }
  out.clear();
  out.reserve(n / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int8_t v = kBase64Value[static_cast<std::uint8_t>(text[i])];
    if (v < 0) {
      bad_index = i;
      return false;
    }
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero for the encoding to be canonical.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    bad_index = n - 1;
    return false;
  }
  return true;
}

}  // namespace wa::codec::detail
