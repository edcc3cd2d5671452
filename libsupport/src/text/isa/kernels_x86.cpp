// The text kernels for x86 SSE4.2 and AVX2: the generic ones compiled once over each vector type,
// for CPUs that have it (text_isa.cpp checks); the rest of the build targets baseline x86-64.
#include <cstddef>
#include <cstdint>
#include <cstring>

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

namespace wa::support::detail {
const TextKernels* const kSse42TextKernels = &sse42::kKernels;
const TextKernels* const kAvx2TextKernels = &avx2::kKernels;
}  // namespace wa::support::detail

#else

namespace wa::support::detail {
const TextKernels* const kSse42TextKernels = nullptr;
const TextKernels* const kAvx2TextKernels = nullptr;
}  // namespace wa::support::detail

#endif
