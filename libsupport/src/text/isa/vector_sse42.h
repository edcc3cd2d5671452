// 16 bytes in an SSE register: the operations the generic text kernels are written in (private;
// included by kernels_x86.cpp inside the SSE4.2 target region and namespace, after <immintrin.h>).

struct Vec {
  static constexpr TextIsa kIsa = TextIsa::Sse42;
  static constexpr std::size_t kWidth = 16;
  __m128i v;

  static Vec load(const void* p) { return {_mm_loadu_si128(static_cast<const __m128i*>(p))}; }
  void store(void* p) const { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
  static Vec splat(std::uint8_t b) { return {_mm_set1_epi8(static_cast<char>(b))}; }
  /// The same 32-bit word in every 4 bytes.
  static Vec splat32(std::uint32_t w) { return {_mm_set1_epi32(static_cast<int>(w))}; }
  static Vec zero() { return {_mm_setzero_si128()}; }
  /// A 16-entry table for lookup() (or a byte pattern for it), the same in every 16-byte lane.
  static Vec table(const std::uint8_t (&t)[16]) { return load(t); }

  Vec operator|(Vec o) const { return {_mm_or_si128(v, o.v)}; }
  Vec operator&(Vec o) const { return {_mm_and_si128(v, o.v)}; }
  /// This and not o.
  Vec andNot(Vec o) const { return {_mm_andnot_si128(o.v, v)}; }
  Vec operator^(Vec o) const { return {_mm_xor_si128(v, o.v)}; }
  Vec operator+(Vec o) const { return {_mm_add_epi8(v, o.v)}; }
  Vec operator-(Vec o) const { return {_mm_sub_epi8(v, o.v)}; }
  Vec subSaturated(Vec o) const { return {_mm_subs_epu8(v, o.v)}; }
  /// 0xFF in each byte equal to o's, else 0.
  Vec eq(Vec o) const { return {_mm_cmpeq_epi8(v, o.v)}; }
  /// 0xFF in each byte at most o's (unsigned), else 0.
  Vec lessEqual(Vec o) const { return {_mm_cmpeq_epi8(_mm_min_epu8(v, o.v), v)}; }
  /// 0xFF in each byte below o's (signed), else 0.
  Vec lessSigned(Vec o) const { return {_mm_cmpgt_epi8(o.v, v)}; }
  Vec high4() const { return {_mm_and_si128(_mm_srli_epi16(v, 4), _mm_set1_epi8(0x0F))}; }
  Vec low4() const { return {_mm_and_si128(v, _mm_set1_epi8(0x0F))}; }
  /// table[b] for each byte b of this (below 16, or 0 where b has its top bit set).
  Vec lookup(Vec table) const { return {_mm_shuffle_epi8(table.v, v)}; }
  Vec mulHighU16(Vec o) const { return {_mm_mulhi_epu16(v, o.v)}; }
  Vec mulLowU16(Vec o) const { return {_mm_mullo_epi16(v, o.v)}; }
  /// The top bit of each byte, byte i in bit i.
  std::uint32_t bits() const { return static_cast<std::uint32_t>(_mm_movemask_epi8(v)); }
  bool any() const { return _mm_testz_si128(v, v) == 0; }
  /// The bytes of this shifted up by N, the last N of `previous` in front.
  template <int N>
  Vec prev(Vec previous) const {
    return {_mm_alignr_epi8(v, previous.v, 16 - N)};
  }

  /// Packs the 16 digit values of this (0..15, high digit first) into 8 bytes at out.
  void storeHexPairs(char* out) const {
    const __m128i pairs = _mm_maddubs_epi16(v, _mm_set1_epi16(0x0110));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(pairs, pairs));
  }
  /// Writes 32 characters: high[i] then low[i] for each i.
  static void storeInterleaved(Vec high, Vec low, char* out) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi8(high.v, low.v));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_unpackhi_epi8(high.v, low.v));
  }

  /// Base64: 12 input bytes per vector; loadGroups() reads 16.
  static constexpr std::size_t kGroupBytes = 12;
  static constexpr std::size_t kGroupReadBytes = 16;
  static Vec loadGroups(const std::uint8_t* in) { return load(in); }
  /// Writes the 12 bytes of the 16 sextets of this (0..63); `wide`: 16 bytes, the last 4 of them
  /// garbage, when there is room.
  void storeSextets(std::uint8_t* out, bool wide) const {
    const __m128i pairs = _mm_maddubs_epi16(v, _mm_set1_epi32(0x01400140));
    const __m128i words = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00011000));
    const __m128i bytes =
        _mm_shuffle_epi8(words, _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
    if (wide) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
    } else {
      _mm_storel_epi64(reinterpret_cast<__m128i*>(out), bytes);
      const int last = _mm_extract_epi32(bytes, 2);
      std::memcpy(out + 8, &last, 4);
    }
  }
};
