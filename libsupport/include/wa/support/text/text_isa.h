// Which instruction set the text helpers' inner loops run with (hex, base64, the UTF-8 check, the
// JSON escape scan): the best one the CPU has, chosen once at first use; results are the same with
// every one.
#pragma once

#include <cstdint>
#include <string_view>

namespace wa::support {

enum class TextIsa : std::uint8_t {
  Scalar,  ///< portable C++ (8 bytes at a time where it can): every CPU, and the only one off x86
  Sse42,   ///< x86 SSE4.2 (16 bytes at a time)
  Avx2,    ///< x86 AVX2 (32 bytes at a time)
  /// x86 AVX-512 with VBMI (and F, BW): AVX2's kernels, but base64 64 characters at a time with
  /// byte permutes (each table lookup one instruction)
  Avx512Vbmi,
};

/// "scalar", "sse4.2", "avx2" or "avx512vbmi".
std::string_view textIsaName(TextIsa isa) noexcept;

/// True when this build has the variant and the CPU (and the OS, for the AVX registers) can run it.
bool textIsaSupported(TextIsa isa) noexcept;

/// The variant in use. The first call of any text helper picks the best supported one, unless the
/// environment variable WA_TEXT_ISA names a supported one ("scalar", "sse4.2", "avx2" or
/// "avx512vbmi"), which is then used instead (to compare them end to end); an unknown or
/// unsupported name is ignored.
TextIsa textIsa() noexcept;

/// Makes every text helper use `isa` from now on, for tests and benchmarks that compare the variants
/// on one machine. Returns false, and changes nothing, when `isa` is not supported. Safe to call
/// while other threads use the helpers (each call of a helper sees one variant or the other).
bool useTextIsa(TextIsa isa) noexcept;

}  // namespace wa::support
