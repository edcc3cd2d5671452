// 32 bytes in an AVX2 register: the operations the generic text kernels are written in (private;
// included by kernels_x86.cpp inside the AVX2 target region and namespace, after <immintrin.h>). Byte
// shuffles and lookups act on each 16-byte half alone, as in SSE.

struct Vec {
  static constexpr TextIsa kIsa = TextIsa::Avx2;
  static constexpr std::size_t kWidth = 32;
  __m256i v;

  static Vec load(const void* p) { return {_mm256_loadu_si256(static_cast<const __m256i*>(p))}; }
  void store(void* p) const { _mm256_storeu_si256(static_cast<__m256i*>(p), v); }
  static Vec splat(std::uint8_t b) { return {_mm256_set1_epi8(static_cast<char>(b))}; }
  /// The same 32-bit word in every 4 bytes.
  static Vec splat32(std::uint32_t w) { return {_mm256_set1_epi32(static_cast<int>(w))}; }
  static Vec zero() { return {_mm256_setzero_si256()}; }
  /// A 16-entry table for lookup() (or a byte pattern for it), the same in every 16-byte lane.
  static Vec table(const std::uint8_t (&t)[16]) {
    return {_mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t)))};
  }

  Vec operator|(Vec o) const { return {_mm256_or_si256(v, o.v)}; }
  Vec operator&(Vec o) const { return {_mm256_and_si256(v, o.v)}; }
  /// This and not o.
  Vec andNot(Vec o) const { return {_mm256_andnot_si256(o.v, v)}; }
  Vec operator^(Vec o) const { return {_mm256_xor_si256(v, o.v)}; }
  Vec operator+(Vec o) const { return {_mm256_add_epi8(v, o.v)}; }
  Vec operator-(Vec o) const { return {_mm256_sub_epi8(v, o.v)}; }
  Vec subSaturated(Vec o) const { return {_mm256_subs_epu8(v, o.v)}; }
  /// 0xFF in each byte equal to o's, else 0.
  Vec eq(Vec o) const { return {_mm256_cmpeq_epi8(v, o.v)}; }
  /// 0xFF in each byte at most o's (unsigned), else 0.
  Vec lessEqual(Vec o) const { return {_mm256_cmpeq_epi8(_mm256_min_epu8(v, o.v), v)}; }
  /// 0xFF in each byte below o's (signed), else 0.
  Vec lessSigned(Vec o) const { return {_mm256_cmpgt_epi8(o.v, v)}; }
  Vec high4() const { return {_mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F))}; }
  Vec low4() const { return {_mm256_and_si256(v, _mm256_set1_epi8(0x0F))}; }
  /// table[b] for each byte b of this (below 16, or 0 where b has its top bit set).
  Vec lookup(Vec table) const { return {_mm256_shuffle_epi8(table.v, v)}; }
  Vec mulHighU16(Vec o) const { return {_mm256_mulhi_epu16(v, o.v)}; }
  Vec mulLowU16(Vec o) const { return {_mm256_mullo_epi16(v, o.v)}; }
  /// The top bit of each byte, byte i in bit i.
  std::uint32_t bits() const { return static_cast<std::uint32_t>(_mm256_movemask_epi8(v)); }
  bool any() const { return _mm256_testz_si256(v, v) == 0; }
  /// The bytes of this shifted up by N, the last N of `previous` in front.
  template <int N>
  Vec prev(Vec previous) const {
    return {_mm256_alignr_epi8(v, _mm256_permute2x128_si256(previous.v, v, 0x21), 16 - N)};
  }

  /// Packs the 32 digit values of this (0..15, high digit first) into 16 bytes at out.
  void storeHexPairs(char* out) const {
    const __m256i pairs = _mm256_maddubs_epi16(v, _mm256_set1_epi16(0x0110));
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi16(pairs, pairs), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_castsi256_si128(packed));
  }
  /// Writes 64 characters: high[i] then low[i] for each i.
  static void storeInterleaved(Vec high, Vec low, char* out) {
    const __m256i first = _mm256_unpacklo_epi8(high.v, low.v);   // bytes 0-7 | 16-23
    const __m256i second = _mm256_unpackhi_epi8(high.v, low.v);  // bytes 8-15 | 24-31
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_permute2x128_si256(first, second, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32), _mm256_permute2x128_si256(first, second, 0x31));
  }

  /// Base64: 24 input bytes per vector, 12 in each half; loadGroups() reads 28.
  static constexpr std::size_t kGroupBytes = 24;
  static constexpr std::size_t kGroupReadBytes = 28;
  static Vec loadGroups(const std::uint8_t* in) {
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 12));
    return {_mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1)};
  }
  /// Writes the 24 bytes of the 32 sextets of this (0..63); `wide`: 32 bytes, the last 8 of them
  /// garbage, when there is room.
  void storeSextets(std::uint8_t* out, bool wide) const {
    const __m256i pairs = _mm256_maddubs_epi16(v, _mm256_set1_epi32(0x01400140));
    const __m256i words = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
    const __m256i lanes =
        _mm256_shuffle_epi8(words, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6,
                                                    5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
    const __m256i bytes = _mm256_permutevar8x32_epi32(lanes, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
    if (wide) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), bytes);
    } else {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_castsi256_si128(bytes));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(out + 16), _mm256_extracti128_si256(bytes, 1));
    }
  }
};
