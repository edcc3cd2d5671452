// The inner loops of the text helpers, one table per instruction set, and the table in use (private).
// The helpers (hex.cpp, base64.cpp, utf8.cpp, json_string.cpp) keep the grammar, the error offsets
// and the output buffer; a kernel only runs over the part of the input that needs no decision.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "wa/support/text/base64.h"
#include "wa/support/text/text_isa.h"

namespace wa::support::detail {

struct TextKernels {
  TextIsa isa;
  /// The index of the first byte of s[0, n) that a JSON string escapes ('"', '\\' or below 0x20), or n.
  std::size_t (*find_json_escape)(const char* s, std::size_t n) noexcept;
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

/// The portable kernels (defined beside each helper).
namespace scalar {
std::size_t findJsonEscape(const char* s, std::size_t n) noexcept;
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

extern std::atomic<const TextKernels*> g_text_kernels;
const TextKernels& chooseTextKernels() noexcept;

/// The table in use: chosen at the first call (text_isa.h says how), then one load.
inline const TextKernels& textKernels() noexcept {
  const TextKernels* k = g_text_kernels.load(std::memory_order_acquire);
  return k != nullptr ? *k : chooseTextKernels();
}

}  // namespace wa::support::detail
