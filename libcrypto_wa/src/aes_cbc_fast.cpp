// AES-256-CBC decryption with AES-NI and VAES intrinsics, compiled per function for those targets
// and only called after a CPUID check, so the library still runs on any x86-64 (and elsewhere).
#include "aes_cbc_fast.h"

#include "cpu_features.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WA_CRYPTO_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace wa::crypto::detail {

#if WA_CRYPTO_X86

namespace {

AesPath detect() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return AesPath::Portable;
  const bool aesni = (ecx & (1u << 25)) != 0;
  const bool osxsave = (ecx & (1u << 27)) != 0;
  const bool avx = (ecx & (1u << 28)) != 0;
  if (!aesni) return AesPath::Portable;
  if (!osxsave || !avx || (readXcr0() & 0x6) != 0x6) return AesPath::AesNi;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return AesPath::AesNi;
  const bool avx2 = (ebx & (1u << 5)) != 0;
  const bool vaes = (ecx & (1u << 9)) != 0;
  return avx2 && vaes ? AesPath::Vaes : AesPath::AesNi;
}

// The parallel loops only pay off fully unrolled, with the blocks in registers.
#define WA_UNROLL _Pragma("GCC unroll 16")
#define WA_AES_TARGET __attribute__((target("aes,sse4.1")))
#define WA_VAES_TARGET __attribute__((target("aes,sse4.1,avx2,vaes")))

WA_AES_TARGET inline __m128i expandEven(__m128i key, __m128i assist) noexcept {
  assist = _mm_shuffle_epi32(assist, 0xff);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

WA_AES_TARGET inline __m128i expandOdd(__m128i key, __m128i assist) noexcept {
  assist = _mm_shuffle_epi32(assist, 0xaa);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

inline __m128i load(const std::uint8_t* p) noexcept { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline void store(std::uint8_t* p, __m128i v) noexcept { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }

// One block through the 14 decryption rounds.
WA_AES_TARGET inline __m128i decryptBlock(const __m128i* rk, __m128i x) noexcept {
  x = _mm_xor_si128(x, rk[0]);
  for (int r = 1; r < 14; ++r) x = _mm_aesdec_si128(x, rk[r]);
  return _mm_aesdeclast_si128(x, rk[14]);
}

// Blocks one at a time (the tails of the parallel loops).
WA_AES_TARGET void cbcDecryptSerial(const __m128i* rk, __m128i& chain, const std::uint8_t* in, std::uint8_t* out,
                                    std::size_t blocks) noexcept {
  for (std::size_t i = 0; i < blocks; ++i) {
    const __m128i c = load(in + 16 * i);
    store(out + 16 * i, _mm_xor_si128(decryptBlock(rk, c), chain));
    chain = c;
  }
}

}  // namespace

AesPath bestAesPath() noexcept {
  static const AesPath path = detect();
  return path;
}

WA_AES_TARGET void expandDecryptionKeys(const std::uint8_t key[32], AesDecryptionKeys& out) noexcept {
  __m128i k[15];
  k[0] = load(key);
  k[1] = load(key + 16);
  k[2] = expandEven(k[0], _mm_aeskeygenassist_si128(k[1], 0x01));
  k[3] = expandOdd(k[1], _mm_aeskeygenassist_si128(k[2], 0x00));
  k[4] = expandEven(k[2], _mm_aeskeygenassist_si128(k[3], 0x02));
  k[5] = expandOdd(k[3], _mm_aeskeygenassist_si128(k[4], 0x00));
  k[6] = expandEven(k[4], _mm_aeskeygenassist_si128(k[5], 0x04));
  k[7] = expandOdd(k[5], _mm_aeskeygenassist_si128(k[6], 0x00));
  k[8] = expandEven(k[6], _mm_aeskeygenassist_si128(k[7], 0x08));
  k[9] = expandOdd(k[7], _mm_aeskeygenassist_si128(k[8], 0x00));
  k[10] = expandEven(k[8], _mm_aeskeygenassist_si128(k[9], 0x10));
  k[11] = expandOdd(k[9], _mm_aeskeygenassist_si128(k[10], 0x00));
  k[12] = expandEven(k[10], _mm_aeskeygenassist_si128(k[11], 0x20));
  k[13] = expandOdd(k[11], _mm_aeskeygenassist_si128(k[12], 0x00));
  k[14] = expandEven(k[12], _mm_aeskeygenassist_si128(k[13], 0x40));
  // Equivalent inverse cipher (FIPS 197 §5.3.5): reversed order, InvMixColumns on the middle keys.
  store(out.round[0], k[14]);
  for (int r = 1; r < 14; ++r) store(out.round[r], _mm_aesimc_si128(k[14 - r]));
  store(out.round[14], k[0]);
  for (auto& v : k) v = _mm_setzero_si128();
}

WA_AES_TARGET void cbcDecryptAesNi(const AesDecryptionKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                                   std::uint8_t* out, std::size_t blocks) noexcept {
  const __m128i* rk = reinterpret_cast<const __m128i*>(keys.round);
  __m128i chain = load(iv);
  std::size_t i = 0;
  // Eight independent blocks hide the AESDEC latency. Results are stored last block first, each
  // after reloading its predecessor, so that in == out works without keeping the ciphertext live.
  for (; i + 8 <= blocks; i += 8) {
    const std::uint8_t* p = in + 16 * i;
    std::uint8_t* q = out + 16 * i;
    __m128i x[8];
    WA_UNROLL
    for (int j = 0; j < 8; ++j) x[j] = _mm_xor_si128(load(p + 16 * j), rk[0]);
    const __m128i next_chain = load(p + 16 * 7);
    WA_UNROLL
    for (int r = 1; r < 14; ++r) {
      WA_UNROLL
      for (int j = 0; j < 8; ++j) x[j] = _mm_aesdec_si128(x[j], rk[r]);
    }
    WA_UNROLL
    for (int j = 0; j < 8; ++j) x[j] = _mm_aesdeclast_si128(x[j], rk[14]);
    WA_UNROLL
    for (int j = 7; j >= 1; --j) store(q + 16 * j, _mm_xor_si128(x[j], load(p + 16 * (j - 1))));
    store(q, _mm_xor_si128(x[0], chain));
    chain = next_chain;
  }
  cbcDecryptSerial(rk, chain, in + 16 * i, out + 16 * i, blocks - i);
  store(iv, chain);
}

WA_VAES_TARGET void cbcDecryptVaes(const AesDecryptionKeys& keys, std::uint8_t iv[16], const std::uint8_t* in,
                                   std::uint8_t* out, std::size_t blocks) noexcept {
  const __m128i* rk = reinterpret_cast<const __m128i*>(keys.round);
  __m256i rk2[15];
  for (int r = 0; r < 15; ++r) rk2[r] = _mm256_broadcastsi128_si256(rk[r]);
  __m128i chain = load(iv);
  std::size_t i = 0;
  // Sixteen blocks per round of the loop, two per YMM register; stored last pair first, as above.
  for (; i + 16 <= blocks; i += 16) {
    const std::uint8_t* p = in + 16 * i;
    std::uint8_t* q = out + 16 * i;
    __m256i x[8];
    WA_UNROLL
    for (int j = 0; j < 8; ++j)
      x[j] = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * j)), rk2[0]);
    const __m128i next_chain = load(p + 16 * 15);
    WA_UNROLL
    for (int r = 1; r < 14; ++r) {
      WA_UNROLL
      for (int j = 0; j < 8; ++j) x[j] = _mm256_aesdec_epi128(x[j], rk2[r]);
    }
    WA_UNROLL
    for (int j = 0; j < 8; ++j) x[j] = _mm256_aesdeclast_epi128(x[j], rk2[14]);
    WA_UNROLL
    for (int j = 7; j >= 1; --j) {
      const __m256i prev = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * j - 16));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + 32 * j), _mm256_xor_si256(x[j], prev));
    }
    const __m256i prev0 = _mm256_inserti128_si256(_mm256_castsi128_si256(chain), load(p), 1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), _mm256_xor_si256(x[0], prev0));
    chain = next_chain;
  }
  _mm256_zeroupper();
  cbcDecryptSerial(rk, chain, in + 16 * i, out + 16 * i, blocks - i);
  store(iv, chain);
}

#else  // not x86-64: only the portable path exists

AesPath bestAesPath() noexcept { return AesPath::Portable; }
void expandDecryptionKeys(const std::uint8_t*, AesDecryptionKeys&) noexcept {}
void cbcDecryptAesNi(const AesDecryptionKeys&, std::uint8_t*, const std::uint8_t*, std::uint8_t*, std::size_t) noexcept {}
void cbcDecryptVaes(const AesDecryptionKeys&, std::uint8_t*, const std::uint8_t*, std::uint8_t*, std::size_t) noexcept {}

#endif

}  // namespace wa::crypto::detail
