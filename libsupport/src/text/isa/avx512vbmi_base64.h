// Base64 with AVX-512 VBMI (private): 48 bytes to 64 characters and back per step, every table
// lookup one byte permute (vpermb, vpermi2b), the method of the paper "Base64 encoding and decoding
// at almost the speed of a memory copy" (2019). Included by kernels_x86.cpp inside its
// AVX-512 target region, after the AVX2 kernels, which take over the ends.

namespace base64vbmi {

// Each 32-bit lane k gets input bytes 3k+1, 3k, 3k+2, 3k+1: a 64-bit multishift then reaches its
// four sextets at bit offsets 10, 4, 22 and 16 (and 32 more in the upper lane of the pair).
struct Spread {
  std::uint8_t index[64];
};
constexpr Spread makeSpread() {
  Spread s{};
  for (int k = 0; k < 16; ++k) {
    s.index[4 * k] = static_cast<std::uint8_t>(3 * k + 1);
    s.index[4 * k + 1] = static_cast<std::uint8_t>(3 * k);
    s.index[4 * k + 2] = static_cast<std::uint8_t>(3 * k + 2);
    s.index[4 * k + 3] = static_cast<std::uint8_t>(3 * k + 1);
  }
  return s;
}
alignas(64) constexpr Spread kSpread = makeSpread();
constexpr std::uint64_t kSextetShifts = 0x3036242a1016040aULL;

// The value of each ASCII character in an alphabet, 0x80 for the others (two 64-byte halves).
struct Values {
  std::uint8_t value[128];
};
constexpr Values makeValues(bool standard, bool url_safe) {
  Values v{};
  for (auto& b : v.value) b = 0x80;
  for (int i = 0; i < 64; ++i) {
    if (standard) v.value[static_cast<unsigned char>(kBase64Standard[i])] = static_cast<std::uint8_t>(i);
    if (url_safe) v.value[static_cast<unsigned char>(kBase64UrlSafe[i])] = static_cast<std::uint8_t>(i);
  }
  return v;
}
alignas(64) constexpr Values kStandardValues = makeValues(true, false);
alignas(64) constexpr Values kUrlSafeValues = makeValues(false, true);
alignas(64) constexpr Values kEitherValues = makeValues(true, true);

// The three bytes of each 32-bit lane after the merge (its bytes 2, 1, 0), packed into 48.
struct Pack {
  std::uint8_t index[64];
};
constexpr Pack makePack() {
  Pack p{};
  for (int k = 0; k < 16; ++k) {
    p.index[3 * k] = static_cast<std::uint8_t>(4 * k + 2);
    p.index[3 * k + 1] = static_cast<std::uint8_t>(4 * k + 1);
    p.index[3 * k + 2] = static_cast<std::uint8_t>(4 * k);
  }
  return p;
}
alignas(64) constexpr Pack kPack = makePack();

}  // namespace base64vbmi

/// kernels.h: TextKernels::encode_base64_groups.
std::size_t encodeBase64Groups(const std::uint8_t* in, std::size_t n, char* out, bool url_safe) noexcept {
  const __m512i spread = _mm512_load_si512(base64vbmi::kSpread.index);
  const __m512i shifts = _mm512_set1_epi64(static_cast<long long>(base64vbmi::kSextetShifts));
  const __m512i alphabet = _mm512_load_si512(url_safe ? kBase64UrlSafe : kBase64Standard);
  std::size_t i = 0;
  for (; i + 64 <= n; i += 48, out += 64) {  // reads 64 bytes, encodes the first 48
    const __m512i groups = _mm512_permutexvar_epi8(spread, _mm512_loadu_si512(in + i));
    const __m512i sextets = _mm512_multishift_epi64_epi8(shifts, groups);  // vpermb reads their low 6 bits
    _mm512_storeu_si512(out, _mm512_permutexvar_epi8(sextets, alphabet));
  }
  return i + avx2::encodeBase64Groups(in + i, n - i, out, url_safe);
}

/// kernels.h: TextKernels::decode_base64_quanta.
std::size_t decodeBase64Quanta(const char* in, std::size_t n, std::uint8_t* out, Base64Alphabet alphabet) noexcept {
  const base64vbmi::Values& values = alphabet == Base64Alphabet::Standard  ? base64vbmi::kStandardValues
                                     : alphabet == Base64Alphabet::UrlSafe ? base64vbmi::kUrlSafeValues
                                                                            : base64vbmi::kEitherValues;
  const __m512i low = _mm512_load_si512(values.value);
  const __m512i high = _mm512_load_si512(values.value + 64);
  const __m512i pack = _mm512_load_si512(base64vbmi::kPack.index);
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64, out += 48) {
    const __m512i chars = _mm512_loadu_si512(in + i);
    const __m512i sextets = _mm512_permutex2var_epi8(low, chars, high);  // by the low 7 bits
    // A character past 0x7f, or one outside the alphabet (0x80): the AVX2 kernel takes over there.
    if (_mm512_movepi8_mask(_mm512_or_si512(sextets, chars)) != 0) break;
    const __m512i pairs = _mm512_maddubs_epi16(sextets, _mm512_set1_epi32(0x01400140));  // a<<6|b, c<<6|d
    const __m512i words = _mm512_madd_epi16(pairs, _mm512_set1_epi32(0x00011000));       // a<<18|b<<12|c<<6|d
    _mm512_mask_storeu_epi8(out, 0x0000ffffffffffffULL, _mm512_permutexvar_epi8(pack, words));
  }
  return i + avx2::decodeBase64Quanta(in + i, n - i, out, alphabet);
}
