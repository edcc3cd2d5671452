// Base64: padding, tails and error offsets here; the runs of whole groups in the kernels (the
// portable ones here: 6 bytes per step from a 12-bit pair table, 8 characters per step).
#include "wa/support/text/base64.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "text/base64_alphabet.h"
#include "text/isa/kernels.h"
#include "wa/support/string_growth.h"

namespace wa::support {
namespace {

constexpr const char* kStandard = detail::kBase64Standard;
constexpr const char* kUrlSafe = detail::kBase64UrlSafe;

// Base64 of each 12-bit value as its two characters: two lookups per 3 input bytes.
constexpr std::array<char, 2 * 4096> makePairTable(const char* alphabet) {
  std::array<char, 2 * 4096> t{};
  for (std::size_t v = 0; v < 4096; ++v) {
    t[2 * v] = alphabet[v >> 6];
    t[2 * v + 1] = alphabet[v & 63];
  }
  return t;
}
constexpr auto kStandardPairs = makePairTable(kStandard);
constexpr auto kUrlSafePairs = makePairTable(kUrlSafe);

// The characters of the base64 of n bytes.
std::size_t encodedLength(std::size_t n, bool pad) noexcept {
  const std::size_t rest = n % 3;
  return n / 3 * 4 + (rest == 0 ? 0 : pad ? 4 : rest + 1);
}

// Writes the base64 of `bytes` to p (encodedLength() characters); returns their end.
char* encodeTo(char* p, std::string_view bytes, const char* alphabet, bool pad) {
  const std::size_t rest = bytes.size() % 3;
  const auto* in = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const bool url_safe = alphabet == kUrlSafe;
  const std::size_t whole = bytes.size() - rest;
  std::size_t i = detail::textKernels().encode_base64_groups(in, whole, p, url_safe);
  p += i / 3 * 4;
  const std::array<char, 8192>& pairs = url_safe ? kUrlSafePairs : kStandardPairs;
  for (; i < whole; i += 3, p += 4) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | in[i + 2];
    std::memcpy(p, &pairs[2 * (v >> 12)], 2);
    std::memcpy(p + 2, &pairs[2 * (v & 4095)], 2);
  }
  if (rest == 0) return p;
  std::uint32_t v = std::uint32_t{in[i]} << 16;
  if (rest == 2) v |= std::uint32_t{in[i + 1]} << 8;
  *p++ = alphabet[v >> 18];
  *p++ = alphabet[(v >> 12) & 63];
  if (rest == 2) *p++ = alphabet[(v >> 6) & 63];
  else if (pad) *p++ = '=';
  if (pad) *p++ = '=';
  return p;
}

void encode(std::string& out, std::string_view bytes, const char* alphabet, bool pad) {
  encodeTo(appendUninitialized(out, encodedLength(bytes.size(), pad)), bytes, alphabet, pad);
}

// Decoding tables: the value of a character shifted into place for each of the 4 positions of a
// quantum, or kBad (which no OR of valid values produces) for characters outside the alphabet.
constexpr std::uint32_t kBad = 0xFF000000u;
struct DecodeTables {
  std::array<std::array<std::uint32_t, 256>, 4> d{};
};
constexpr DecodeTables makeDecodeTables(Base64Alphabet alphabet) {
  DecodeTables t{};
  for (auto& position : t.d)
    for (auto& v : position) v = kBad;
  for (std::uint32_t i = 0; i < 64; ++i) {
    for (const char* a : {kStandard, kUrlSafe}) {
      if ((a == kStandard && alphabet == Base64Alphabet::UrlSafe) ||
          (a == kUrlSafe && alphabet == Base64Alphabet::Standard))
        continue;
      const auto c = static_cast<std::uint8_t>(a[i]);
      t.d[0][c] = i << 18;
      t.d[1][c] = i << 12;
      t.d[2][c] = i << 6;
      t.d[3][c] = i;
    }
  }
  return t;
}
constexpr DecodeTables kDecode[3] = {makeDecodeTables(Base64Alphabet::Standard),
                                     makeDecodeTables(Base64Alphabet::UrlSafe),
                                     makeDecodeTables(Base64Alphabet::Either)};

std::size_t firstBad(const DecodeTables& t, std::string_view in, std::size_t from, std::size_t end) {
  for (std::size_t i = from; i < end; ++i)
    if (t.d[0][static_cast<std::uint8_t>(in[i])] == kBad) return i;
  return end;
}

}  // namespace

namespace detail::scalar {

// 6 bytes in, 8 characters out per step, from one big-endian 64-bit load (reads 2 bytes ahead).
std::size_t encodeBase64Groups(const std::uint8_t* in, std::size_t n, char* out, bool url_safe) noexcept {
  const std::array<char, 8192>& pairs = url_safe ? kUrlSafePairs : kStandardPairs;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 6, out += 8) {
    std::uint64_t w;
    std::memcpy(&w, in + i, 8);
    w = __builtin_bswap64(w) >> 16;
    std::memcpy(out, &pairs[2 * ((w >> 36) & 4095)], 2);
    std::memcpy(out + 2, &pairs[2 * ((w >> 24) & 4095)], 2);
    std::memcpy(out + 4, &pairs[2 * ((w >> 12) & 4095)], 2);
    std::memcpy(out + 6, &pairs[2 * (w & 4095)], 2);
  }
  return i;
}

// Eight characters per step; the OR of all lookups flags any invalid character.
std::size_t decodeBase64Quanta(const char* in, std::size_t n, std::uint8_t* out, Base64Alphabet alphabet) noexcept {
  const DecodeTables& t = kDecode[static_cast<std::size_t>(alphabet)];
  const auto* src = reinterpret_cast<const std::uint8_t*>(in);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8, out += 6) {
    const std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]] | t.d[2][src[i + 2]] | t.d[3][src[i + 3]];
    const std::uint32_t b = t.d[0][src[i + 4]] | t.d[1][src[i + 5]] | t.d[2][src[i + 6]] | t.d[3][src[i + 7]];
    if (((a | b) & kBad) != 0) break;
    out[0] = static_cast<std::uint8_t>(a >> 16);
    out[1] = static_cast<std::uint8_t>(a >> 8);
    out[2] = static_cast<std::uint8_t>(a);
    out[3] = static_cast<std::uint8_t>(b >> 16);
    out[4] = static_cast<std::uint8_t>(b >> 8);
    out[5] = static_cast<std::uint8_t>(b);
  }
  return i;
}

}  // namespace detail::scalar

void appendBase64(std::string& out, std::string_view bytes) { encode(out, bytes, kStandard, true); }

char* writeBase64(char* out, std::string_view bytes) { return encodeTo(out, bytes, kStandard, true); }

std::string toBase64(std::string_view bytes) {
  std::string out;
  appendBase64(out, bytes);
  return out;
}

void appendBase64Url(std::string& out, std::string_view bytes, bool pad) {
  encode(out, bytes, kUrlSafe, pad);
}

std::optional<TextDecodeFailure> appendBase64Decoded(std::string& out, std::string_view in,
                                                     const Base64DecodeOptions& options) {
  using Kind = TextDecodeFailure::Kind;
  const DecodeTables& t = kDecode[static_cast<std::size_t>(options.alphabet)];
  std::size_t len = in.size();
  std::size_t pad = 0;
  while (len > 0 && in[len - 1] == '=') --len, ++pad;
  if (pad > 2 || (pad != 0 && in.size() % 4 != 0)) return TextDecodeFailure{Kind::BadPadding, len};
  if (len % 4 == 1) {
    const std::size_t bad = firstBad(t, in, 0, len);
    if (bad < len) return TextDecodeFailure{Kind::BadCharacter, bad};
    return TextDecodeFailure{Kind::BadLength, len - 1};
  }
  // Every byte is written below, or the string is cut back to the ones written.
  auto* dst = reinterpret_cast<std::uint8_t*>(appendUninitialized(out, len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1)));
  const auto* src = reinterpret_cast<const std::uint8_t*>(in.data());
  const std::size_t full = len / 4 * 4;
  auto failAt = [&](std::size_t from, std::size_t end) {
    out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(dst) - out.data()));
    return TextDecodeFailure{Kind::BadCharacter, firstBad(t, in, from, end)};
  };
  std::size_t i = detail::textKernels().decode_base64_quanta(in.data(), full, dst, options.alphabet);
  dst += i / 4 * 3;
  for (; i < full; i += 4, dst += 3) {
    const std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]] | t.d[2][src[i + 2]] | t.d[3][src[i + 3]];
    if ((a & kBad) != 0) return failAt(i, len);
    dst[0] = static_cast<std::uint8_t>(a >> 16);
    dst[1] = static_cast<std::uint8_t>(a >> 8);
    dst[2] = static_cast<std::uint8_t>(a);
  }
  const std::size_t rest = len - full;
  if (rest != 0) {
    std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]];
    if (rest == 3) a |= t.d[2][src[i + 2]];
    if ((a & kBad) != 0) return failAt(i, len);
    // The bits below the last whole byte must be zero in a canonical encoding.
    if (options.canonical && (a & (rest == 2 ? 0xFFFFu : 0xFFu)) != 0) {
      out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(dst) - out.data()));
      return TextDecodeFailure{Kind::NotCanonical, len - 1};
    }
    dst[0] = static_cast<std::uint8_t>(a >> 16);
    if (rest == 3) dst[1] = static_cast<std::uint8_t>(a >> 8);
  }
  return std::nullopt;
}

}  // namespace wa::support
