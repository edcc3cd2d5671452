// The text kernels for x86 SSE4.2 and AVX2: the generic ones compiled once over each vector type,
// for CPUs that have it (text_isa.cpp checks); the rest of the build targets baseline x86-64. And
// AVX-512 VBMI: its own base64, AVX2's kernels for the rest.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "text/base64_alphabet.h"
#include "text/isa/kernels.h"
#include "text/isa/target.h"

#if WA_TEXT_X86
#include <immintrin.h>

WA_TEXT_TARGET_SSE42_BEGIN
namespace wa::support::detail::sse42 {
namespace {
#include "text/isa/vector_sse42.h"
}  // namespace
#include "text/isa/generic_kernels.h"
}  // namespace wa::support::detail::sse42
WA_TEXT_TARGET_END

WA_TEXT_TARGET_AVX2_BEGIN
namespace wa::support::detail::avx2 {
namespace {
#include "text/isa/vector_avx2.h"
}  // namespace
#include "text/isa/generic_kernels.h"
}  // namespace wa::support::detail::avx2
WA_TEXT_TARGET_END

WA_TEXT_TARGET_AVX512VBMI_BEGIN
namespace wa::support::detail::avx512vbmi {
namespace {
#include "text/isa/avx512vbmi_base64.h"
}  // namespace
// AVX2's kernels but for base64 (addresses of functions: constant-initialized, as the others).
const TextKernels kKernels = {
    TextIsa::Avx512Vbmi, avx2::findJsonEscape,  avx2::scanJsonPlain,  avx2::escapeJson, avx2::isUtf8,
    avx2::encodeHex,     avx2::decodeHexDigits, encodeBase64Groups, decodeBase64Quanta,
};
}  // namespace wa::support::detail::avx512vbmi
WA_TEXT_TARGET_END

namespace wa::support::detail {
const TextKernels* const kSse42TextKernels = &sse42::kKernels;
const TextKernels* const kAvx2TextKernels = &avx2::kKernels;
const TextKernels* const kAvx512VbmiTextKernels = &avx512vbmi::kKernels;
}  // namespace wa::support::detail

#else

namespace wa::support::detail {
const TextKernels* const kSse42TextKernels = nullptr;
const TextKernels* const kAvx2TextKernels = nullptr;
const TextKernels* const kAvx512VbmiTextKernels = nullptr;
}  // namespace wa::support::detail

#endif
