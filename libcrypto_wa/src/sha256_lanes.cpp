// SHA-256 (FIPS 180-4 §6.2.2) on sixteen blocks at once: the sixteen blocks are transposed so that
// vector t holds word t of every block, and each round then runs on all lanes with the same
// instructions. Without SHA-NI's serial rounds, this does twice the bytes per cycle of SHA-NI on
// the CPUs that have both.
#include "sha256_lanes.h"

#include "cpu_features.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WA_SHA_LANES_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace wa::crypto::detail {

#if WA_SHA_LANES_X86

namespace {

#define WA_LANES_TARGET __attribute__((target("avx512f,avx512bw")))

constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

bool detect() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  const bool osxsave = (ecx & (1u << 27)) != 0;
  // XMM, YMM, the opmask registers and both halves of the ZMM state, saved by the OS.
  if (!osxsave || (readXcr0() & 0xe6) != 0xe6) return false;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  const bool avx512f = (ebx & (1u << 16)) != 0;
  const bool avx512bw = (ebx & (1u << 30)) != 0;
  return avx512f && avx512bw;
}

// Rows to columns: rows[j] holds the 16 words of block j; on return rows[t] holds word t of all
// sixteen blocks (lane j: block j). Four steps of interleaving, 32-bit, 64-bit, then 128-bit
// quarters twice.
WA_LANES_TARGET inline void transpose16(__m512i (&rows)[16]) noexcept {
  __m512i a[16];
  for (int i = 0; i < 16; i += 2) {
    a[i] = _mm512_unpacklo_epi32(rows[i], rows[i + 1]);
    a[i + 1] = _mm512_unpackhi_epi32(rows[i], rows[i + 1]);
  }
  __m512i b[16];
  for (int i = 0; i < 16; i += 4) {
    b[i] = _mm512_unpacklo_epi64(a[i], a[i + 2]);
    b[i + 1] = _mm512_unpackhi_epi64(a[i], a[i + 2]);
    b[i + 2] = _mm512_unpacklo_epi64(a[i + 1], a[i + 3]);
    b[i + 3] = _mm512_unpackhi_epi64(a[i + 1], a[i + 3]);
  }
  for (int i = 0; i < 16; i += 8) {
    for (int k = 0; k < 4; ++k) {
      a[i + k] = _mm512_shuffle_i32x4(b[i + k], b[i + 4 + k], 0x88);
      a[i + 4 + k] = _mm512_shuffle_i32x4(b[i + k], b[i + 4 + k], 0xdd);
    }
  }
  for (int k = 0; k < 8; ++k) {
    rows[k] = _mm512_shuffle_i32x4(a[k], a[k + 8], 0x88);
    rows[k + 8] = _mm512_shuffle_i32x4(a[k], a[k + 8], 0xdd);
  }
}

// The rotate takes an immediate.
template <int N>
WA_LANES_TARGET inline __m512i ror(__m512i x) noexcept {
  return _mm512_ror_epi32(x, N);
}

}  // namespace

bool sha256LanesAvailable() noexcept {
  static const bool available = detect();
  return available;
}

WA_LANES_TARGET void sha256Compress16(std::uint32_t (&state)[8][16], const std::uint8_t* const (&blocks)[16]) noexcept {
  // Each 32-bit word of the blocks is big-endian.
  const __m512i swap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
  __m512i w[16];
  for (int j = 0; j < 16; ++j) w[j] = _mm512_shuffle_epi8(_mm512_loadu_si512(blocks[j]), swap);
  transpose16(w);

  __m512i s[8];
  for (int i = 0; i < 8; ++i) s[i] = _mm512_loadu_si512(state[i]);
  __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
#pragma GCC unroll 64
  for (int t = 0; t < 64; ++t) {
    __m512i wt = w[t & 15];
    if (t >= 16) {  // the message schedule, in place over the last 16 words
      const __m512i w15 = w[(t - 15) & 15];
      const __m512i w2 = w[(t - 2) & 15];
      const __m512i s0 = _mm512_ternarylogic_epi32(ror<7>(w15), ror<18>(w15), _mm512_srli_epi32(w15, 3), 0x96);
      const __m512i s1 = _mm512_ternarylogic_epi32(ror<17>(w2), ror<19>(w2), _mm512_srli_epi32(w2, 10), 0x96);
      wt = _mm512_add_epi32(_mm512_add_epi32(wt, s0), _mm512_add_epi32(w[(t - 7) & 15], s1));
      w[t & 15] = wt;
    }
    const __m512i big_s1 = _mm512_ternarylogic_epi32(ror<6>(e), ror<11>(e), ror<25>(e), 0x96);  // xor of three
    const __m512i ch = _mm512_ternarylogic_epi32(e, f, g, 0xca);                                 // e ? f : g
    const __m512i t1 = _mm512_add_epi32(_mm512_add_epi32(h, big_s1),
                                        _mm512_add_epi32(ch, _mm512_add_epi32(wt, _mm512_set1_epi32(static_cast<int>(kRound[t])))));
    const __m512i big_s0 = _mm512_ternarylogic_epi32(ror<2>(a), ror<13>(a), ror<22>(a), 0x96);
    const __m512i maj = _mm512_ternarylogic_epi32(a, b, c, 0xe8);  // majority
    h = g;
    g = f;
    f = e;
    e = _mm512_add_epi32(d, t1);
    d = c;
    c = b;
    b = a;
    a = _mm512_add_epi32(t1, _mm512_add_epi32(big_s0, maj));
  }
  const __m512i out[8] = {a, b, c, d, e, f, g, h};
  for (int i = 0; i < 8; ++i) _mm512_storeu_si512(state[i], _mm512_add_epi32(s[i], out[i]));
}

#else

bool sha256LanesAvailable() noexcept { return false; }
void sha256Compress16(std::uint32_t (&)[8][16], const std::uint8_t* const (&)[16]) noexcept {}

#endif

}  // namespace wa::crypto::detail
