// Choosing the text kernels: CPU features detected once, WA_TEXT_ISA, and the tests' selector.
#include "wa/support/text/text_isa.h"

#include <array>
#include <cstdlib>

#include "text/isa/kernels.h"
#include "wa/support/enum_names.h"

namespace wa::support {
namespace detail {

const TextKernels kScalarTextKernels = {
    TextIsa::Scalar,
    scalar::findJsonEscape,
    scalar::scanJsonPlain,
    scalar::escapeJson,
    scalar::isUtf8,
    scalar::encodeHex,
    scalar::decodeHexDigits,
    scalar::encodeBase64Groups,
    scalar::decodeBase64Quanta,
};

std::atomic<const TextKernels*> g_text_kernels{nullptr};

}  // namespace detail
namespace {

using detail::TextKernels;

bool cpuHas(TextIsa isa) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  switch (isa) {
    case TextIsa::Scalar:
      return true;
    case TextIsa::Sse42:
      return __builtin_cpu_supports("sse4.2");
    case TextIsa::Avx2:
      return __builtin_cpu_supports("avx2");  // also checks that the OS saves YMM
    case TextIsa::Avx512Vbmi:  // the same for ZMM and the mask registers
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vbmi");
  }
  return false;
#else
  return isa == TextIsa::Scalar;
#endif
}

const TextKernels* kernelsOf(TextIsa isa) noexcept {
  switch (isa) {
    case TextIsa::Scalar:
      return &detail::kScalarTextKernels;
    case TextIsa::Sse42:
      return detail::kSse42TextKernels;
    case TextIsa::Avx2:
      return detail::kAvx2TextKernels;
    case TextIsa::Avx512Vbmi:
      return detail::kAvx512VbmiTextKernels;
  }
  return nullptr;
}

const TextKernels* supportedKernels(TextIsa isa) noexcept {
  const TextKernels* k = kernelsOf(isa);
  return k != nullptr && cpuHas(isa) ? k : nullptr;
}

constexpr std::array<std::string_view, 4> kNames = {"scalar", "sse4.2", "avx2", "avx512vbmi"};

const TextKernels* fromEnvironment() noexcept {
  const char* name = std::getenv("WA_TEXT_ISA");
  if (name == nullptr) return nullptr;
  const auto isa = enumNamed<TextIsa>(name, kNames);
  return isa ? supportedKernels(*isa) : nullptr;
}

const TextKernels& bestKernels() noexcept {
  if (const TextKernels* k = fromEnvironment()) return *k;
  for (TextIsa isa : {TextIsa::Avx512Vbmi, TextIsa::Avx2, TextIsa::Sse42})
    if (const TextKernels* k = supportedKernels(isa)) return *k;
  return detail::kScalarTextKernels;
}

}  // namespace

namespace detail {

const TextKernels& chooseTextKernels() noexcept {
  // Threads that race here all pick the same table; one that useTextIsa() stored first is kept.
  const TextKernels* chosen = &bestKernels();
  const TextKernels* expected = nullptr;
  if (!g_text_kernels.compare_exchange_strong(expected, chosen, std::memory_order_acq_rel)) return *expected;
  return *chosen;
}

}  // namespace detail

std::string_view textIsaName(TextIsa isa) noexcept { return enumName(isa, kNames); }

bool textIsaSupported(TextIsa isa) noexcept { return supportedKernels(isa) != nullptr; }

TextIsa textIsa() noexcept { return detail::textKernels().isa; }

bool useTextIsa(TextIsa isa) noexcept {
  const TextKernels* k = supportedKernels(isa);
  if (k == nullptr) return false;
  detail::g_text_kernels.store(k, std::memory_order_release);
  return true;
}

}  // namespace wa::support
