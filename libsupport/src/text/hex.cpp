// Hex: the grammar of separators here, the runs of digits in the kernels (portable ones here).
#include "wa/support/text/hex.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "text/isa/kernels.h"
#include "wa/support/string_growth.h"

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

std::string_view hexByte(std::uint8_t b) noexcept { return {&kPairs[2 * b], 2}; }

namespace detail::scalar {

void encodeHex(const char* in, std::size_t n, char* out) noexcept {
  for (std::size_t i = 0; i < n; ++i, out += 2) std::memcpy(out, &kPairs[2 * static_cast<std::uint8_t>(in[i])], 2);
}

std::size_t decodeHexDigits(const char* in, std::size_t n, char* out) noexcept {
  const auto* s = reinterpret_cast<const std::uint8_t*>(in);
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const std::int8_t hi = kValues[s[i]];
    const std::int8_t lo = kValues[s[i + 1]];
    if ((hi | lo) < 0) break;
    *out++ = static_cast<char>(hi << 4 | lo);
  }
  return i;
}

}  // namespace detail::scalar

void appendHex(std::string& out, std::string_view bytes) {
  detail::textKernels().encode_hex(bytes.data(), bytes.size(), appendUninitialized(out, 2 * bytes.size()));
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
  const detail::TextKernels& kernels = detail::textKernels();
  const std::size_t start = out.size();
  // At most one byte per two characters; cut to what was written at the end.
  char* const begin = appendUninitialized(out, n / 2);
  char* dst = begin;
  auto fail = [&](Kind kind, std::size_t at) {
    out.resize(start + static_cast<std::size_t>(dst - begin));
    return TextDecodeFailure{kind, at};
  };
  std::size_t i = 0;
  std::size_t pairs_until = 0;  // before it, the input goes pair by pair (see below)
  bool first = true;
  while (i < n) {
    if (i >= pairs_until) {
      // Runs of digit pairs go to the kernel; the pair where it stopped, and those up to 64
      // characters further on (separators are often regular), go through the grammar below.
      const std::size_t digits = kernels.decode_hex_digits(in.data() + i, n - i, dst);
      i += digits;
      dst += digits / 2;
      if (digits != 0) first = false;
      pairs_until = i + 64;
      if (i >= n) break;
    }
    if (separators == HexSeparators::Anywhere) {
      while (i < n && isAnywhereSeparator(in[i])) ++i;
      if (i == n) break;
    } else if (separators == HexSeparators::BetweenBytes && !first && (in[i] == ':' || in[i] == ' ')) {
      if (i + 1 >= n) return fail(Kind::BadCharacter, i);
      ++i;
    }
    const std::int8_t hi = kValues[s[i]];
    if (hi < 0) return fail(Kind::BadCharacter, i);
    std::size_t j = i + 1;
    if (separators == HexSeparators::Anywhere)
      while (j < n && isAnywhereSeparator(in[j])) ++j;
    if (j >= n) return fail(Kind::BadLength, i);
    const std::int8_t lo = kValues[s[j]];
    if (lo < 0) return fail(Kind::BadCharacter, j);
    *dst++ = static_cast<char>(hi << 4 | lo);
    i = j + 1;
    first = false;
  }
  out.resize(start + static_cast<std::size_t>(dst - begin));
  return std::nullopt;
}

}  // namespace wa::support
