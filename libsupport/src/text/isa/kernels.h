// The inner loops of the text helpers, one table per instruction set, and the table in use (private).
// The helpers (hex.cpp, base64.cpp, utf8.cpp, json_string.cpp) keep the grammar, the error offsets
// and the output buffer; a kernel only runs over the part of the input that needs no decision.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/text_isa.h"

namespace wa::support::detail {

struct TextKernels {
  TextIsa isa;
  /// The index of the first byte of s[0, n) that a JSON string escapes ('"', '\\' or below 0x20), or n.
  std::size_t (*find_json_escape)(const char* s, std::size_t n) noexcept;
  /// find_json_escape, and whether every byte before the index it returns is ASCII (in *ascii).
  std::size_t (*scan_json_plain)(const char* s, std::size_t n, bool* ascii) noexcept;
  /// Writes s[0, n) escaped for a JSON string (writeJsonEscape()) to out, which has room for
  /// jsonEscapeRoom(n) bytes; returns the end of what it wrote.
  char* (*escape_json)(const char* s, std::size_t n, char* out) noexcept;
  /// True when s[0, n) is well-formed UTF-8.
  bool (*is_utf8)(const char* s, std::size_t n) noexcept;
  /// Writes the lower-case hex of in[0, n) to out[0, 2n).
  void (*encode_hex)(const char* in, std::size_t n, char* out) noexcept;
  /// Decodes pairs of hex digits (either case) from the start of in[0, n) into out[0, n / 2) for as
  /// long as both characters of a pair are digits; returns the characters decoded (even).
  std::size_t (*decode_hex_digits)(const char* in, std::size_t n, char* out) noexcept;
  /// Writes the base64 of a prefix of in[0, n) made of whole 3-byte groups (standard alphabet, or
  /// URL-safe); returns the bytes it encoded. It may leave the last groups to the caller.
  std::size_t (*encode_base64_groups)(const std::uint8_t* in, std::size_t n, char* out, bool url_safe) noexcept;
  /// Decodes whole 4-character quanta from the start of in[0, n) (no padding in it) into out for as
  /// long as their characters are in `alphabet`; returns the characters decoded (a multiple of 4).
  /// It may stop before a quantum that is valid: the caller goes on from there.
  std::size_t (*decode_base64_quanta)(const char* in, std::size_t n, std::uint8_t* out,
                                      Base64Alphabet alphabet) noexcept;
};

/// The room escape_json needs for n bytes: each may take 6, and a kernel may store a whole block
/// (up to 32 bytes) past what it keeps.
constexpr std::size_t jsonEscapeRoom(std::size_t n) noexcept { return 6 * n + 32; }

/// Writes the JSON escape of `b` (a byte that find_json_escape stops at) to out, as Python's json
/// module does: \" \\ \b \f \n \r \t, else \u00xx; returns its end (2 or 6 bytes on).
inline char* writeJsonEscape(char* out, std::uint8_t b) noexcept {
  // The short forms by byte below 0x20; 0 for none.
  static constexpr char kShort[32] = {0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r'};
  out[0] = '\\';
  if (b >= 0x20 || kShort[b] != 0) {
    out[1] = b >= 0x20 ? static_cast<char>(b) : kShort[b];  // '"' and '\\' escape as themselves
    return out + 2;
  }
  out[1] = 'u';
  out[2] = '0';
  out[3] = '0';
  std::memcpy(out + 4, hexByte(b).data(), 2);
  return out + 6;
}

/// The portable kernels (defined beside each helper).
namespace scalar {
std::size_t findJsonEscape(const char* s, std::size_t n) noexcept;
std::size_t scanJsonPlain(const char* s, std::size_t n, bool* ascii) noexcept;
char* escapeJson(const char* s, std::size_t n, char* out) noexcept;
bool isUtf8(const char* s, std::size_t n) noexcept;
void encodeHex(const char* in, std::size_t n, char* out) noexcept;
std::size_t decodeHexDigits(const char* in, std::size_t n, char* out) noexcept;
std::size_t encodeBase64Groups(const std::uint8_t* in, std::size_t n, char* out, bool url_safe) noexcept;
std::size_t decodeBase64Quanta(const char* in, std::size_t n, std::uint8_t* out, Base64Alphabet alphabet) noexcept;
}  // namespace scalar

extern const TextKernels kScalarTextKernels;
/// The x86 tables; nullptr in a build for another architecture.
extern const TextKernels* const kSse42TextKernels;
extern const TextKernels* const kAvx2TextKernels;
extern const TextKernels* const kAvx512VbmiTextKernels;

extern std::atomic<const TextKernels*> g_text_kernels;
const TextKernels& chooseTextKernels() noexcept;

/// The table in use: chosen at the first call (text_isa.h says how), then one load.
inline const TextKernels& textKernels() noexcept {
  const TextKernels* k = g_text_kernels.load(std::memory_order_acquire);
  return k != nullptr ? *k : chooseTextKernels();
}

}  // namespace wa::support::detail
