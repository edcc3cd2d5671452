// Hex: a 2-character table for encoding, a value table for decoding.
#include "wa/support/text/hex.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace wa::support {
namespace {

constexpr std::array<char, 512> makePairs() {
  constexpr char kDigits[] = "0123456789abcdef";
  std::array<char, 512> t{};
  for (std::size_t b = 0; b < 256; ++b) {
    t[2 * b] = kDigits[b >> 4];
    t[2 * b + 1] = kDigits[b & 15];
  }
  return t;
}
constexpr auto kPairs = makePairs();

// The value of a hex digit, or -1.
constexpr std::array<std::int8_t, 256> makeValues() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 10; ++i) t[static_cast<std::size_t>('0' + i)] = static_cast<std::int8_t>(i);
  for (int i = 0; i < 6; ++i) {
    t[static_cast<std::size_t>('a' + i)] = static_cast<std::int8_t>(10 + i);
    t[static_cast<std::size_t>('A' + i)] = static_cast<std::int8_t>(10 + i);
  }
  return t;
}
constexpr auto kValues = makeValues();

bool isAnywhereSeparator(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':'; }

}  // namespace

int hexDigitValue(char c) noexcept { return kValues[static_cast<std::uint8_t>(c)]; }

void appendHex(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  char* p = out.data() + start;
  for (std::size_t i = 0; i < bytes.size(); ++i, p += 2)
    std::memcpy(p, &kPairs[2 * static_cast<std::uint8_t>(bytes[i])], 2);
}

std::string toHex(std::string_view bytes) {
  std::string out;
  appendHex(out, bytes);
  return out;
}

std::optional<TextDecodeFailure> appendHexDecoded(std::string& out, std::string_view in, HexSeparators separators) {
  using Kind = TextDecodeFailure::Kind;
  const auto* s = reinterpret_cast<const std::uint8_t*>(in.data());
  const std::size_t n = in.size();
  out.reserve(out.size() + n / 2);
  std::size_t i = 0;
  bool first = true;
  while (i < n) {
    if (separators == HexSeparators::Anywhere) {
      while (i < n && isAnywhereSeparator(in[i])) ++i;
      if (i == n) break;
    } else if (separators == HexSeparators::BetweenBytes && !first && (in[i] == ':' || in[i] == ' ')) {
      if (i + 1 >= n) return TextDecodeFailure{Kind::BadCharacter, i};
      ++i;
    }
    const std::int8_t hi = kValues[s[i]];
    if (hi < 0) return TextDecodeFailure{Kind::BadCharacter, i};
    std::size_t j = i + 1;
    if (separators == HexSeparators::Anywhere)
      while (j < n && isAnywhereSeparator(in[j])) ++j;
    if (j >= n) return TextDecodeFailure{Kind::BadLength, i};
    const std::int8_t lo = kValues[s[j]];
    if (lo < 0) return TextDecodeFailure{Kind::BadCharacter, j};
    out.push_back(static_cast<char>(hi << 4 | lo));
    i = j + 1;
    first = false;
  }
  return std::nullopt;
}

}  // namespace wa::support
