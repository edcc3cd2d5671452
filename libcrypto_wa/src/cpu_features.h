// Private: what the CPU-feature checks of the x86 fast paths share.
#pragma once

#include <cstdint>

namespace wa::crypto::detail {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// XCR0: which register states the OS saves (bits 1-2: XMM and YMM; 5-7: AVX-512). Only after
/// CPUID said OSXSAVE.
inline std::uint64_t readXcr0() noexcept {
  std::uint32_t eax = 0;
  std::uint32_t edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return static_cast<std::uint64_t>(edx) << 32 | eax;
}
#endif

}  // namespace wa::crypto::detail
