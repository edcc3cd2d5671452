// The UTF-8 check over Vec (private; see generic_kernels.h), a block at a time with no branch per
// byte. Three 16-entry tables, indexed by the high and the low nibble of the previous byte and by
// the high nibble of the current one, each give the set of errors that pair of bytes could be; their
// AND is the error the pair is. What a pair cannot see (that a byte must be the third or fourth of a
// sequence) comes from the bytes two and three back; a sequence cut by the end of a block is carried
// to the next.

namespace utf8 {

// clang-format off
// Error classes of a pair of bytes (first, second).
constexpr std::uint8_t kTooShort = 1 << 0;    // 11______ 0_______ or 11______ 11______
constexpr std::uint8_t kTooLong = 1 << 1;     // 0_______ 10______
constexpr std::uint8_t kOverlong3 = 1 << 2;   // 11100000 100_____
constexpr std::uint8_t kTooLarge = 1 << 3;    // 11110100 1001____, 11110100 101_____, 11110101+ 1001+
constexpr std::uint8_t kSurrogate = 1 << 4;   // 11101101 101_____
constexpr std::uint8_t kOverlong2 = 1 << 5;   // 1100000_ 10______
constexpr std::uint8_t kTooLarge1000 = 1 << 6;  // 11110101+ 1000____
constexpr std::uint8_t kOverlong4 = 1 << 6;   // 11110000 1000____ (same bit: told apart by the low nibble)
constexpr std::uint8_t kTwoContinuations = 1 << 7;  // 10______ 10______
constexpr std::uint8_t kCarry = kTooShort | kTooLong | kTwoContinuations;

constexpr std::uint8_t kFirstHigh[16] = {
    // 0_______: ASCII
    kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
    // 10______: a continuation
    kTwoContinuations, kTwoContinuations, kTwoContinuations, kTwoContinuations,
    // 1100____, 1101____: the lead of two bytes
    kTooShort | kOverlong2, kTooShort,
    // 1110____: the lead of three
    kTooShort | kOverlong3 | kSurrogate,
    // 1111____: the lead of four (or not a lead)
    kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};

constexpr std::uint8_t kFirstLow[16] = {
    // ____0000, ____0001
    kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2,
    // ____001_
    kCarry, kCarry,
    // ____0100, ____0101, ____011_
    kCarry | kTooLarge, kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000,
    // ____1___ (____1101 is the lead of the surrogates)
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000 | kSurrogate, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000};

constexpr std::uint8_t kSecondHigh[16] = {
    // ________ 0_______
    kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
    // ________ 1000____
    kTooLong | kOverlong2 | kTwoContinuations | kOverlong3 | kTooLarge1000 | kOverlong4,
    // ________ 1001____
    kTooLong | kOverlong2 | kTwoContinuations | kOverlong3 | kTooLarge,
    // ________ 101_____
    kTooLong | kOverlong2 | kTwoContinuations | kSurrogate | kTooLarge,
    kTooLong | kOverlong2 | kTwoContinuations | kSurrogate | kTooLarge,
    // ________ 11______
    kTooShort, kTooShort, kTooShort, kTooShort};

// A block whose last bytes start a sequence that it does not finish: 0xFF where a byte in the last
// three is a lead that needs more bytes than are left.
constexpr std::uint8_t kIncompleteLimit[32] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1};
// clang-format on

struct Checker {
  Vec error;
  Vec prev_block;
  Vec prev_incomplete;

  void check(Vec block) {
    if (!(block & Vec::splat(0x80)).any()) {
      error = error | prev_incomplete;  // a sequence cut by ASCII
    } else {
      const Vec prev1 = block.prev<1>(prev_block);
      const Vec pair_errors = prev1.high4().lookup(Vec::table(kFirstHigh)) &
                              prev1.low4().lookup(Vec::table(kFirstLow)) &
                              block.high4().lookup(Vec::table(kSecondHigh));
      // Bytes that must be the third or fourth of a sequence: only those have kTwoContinuations
      // expected, so the top bits must agree exactly.
      const Vec third = block.prev<2>(prev_block).subSaturated(Vec::splat(0xE0 - 0x80));
      const Vec fourth = block.prev<3>(prev_block).subSaturated(Vec::splat(0xF0 - 0x80));
      const Vec must_continue = (third | fourth) & Vec::splat(0x80);
      error = error | (must_continue ^ pair_errors);
      prev_incomplete = block.subSaturated(Vec::load(kIncompleteLimit + 32 - Vec::kWidth));
    }
    prev_block = block;
  }
};

}  // namespace utf8

/// kernels.h: TextKernels::is_utf8.
bool isUtf8(const char* s, std::size_t n) noexcept {
  constexpr std::size_t kWidth = Vec::kWidth;
  if (n < kWidth) return scalar::isUtf8(s, n);  // shorter than a block: 8 bytes at a time
  utf8::Checker checker{Vec::zero(), Vec::zero(), Vec::zero()};
  std::size_t i = 0;
  for (; i + kWidth <= n; i += kWidth) {
    checker.check(Vec::load(s + i));
    // Leave early on an error, checking once per few blocks.
    if ((i & (8 * kWidth - 1)) == 0 && checker.error.any()) return false;
  }
  if (i < n) {
    // The last bytes, padded with ASCII zeros: a sequence they cut short is an error there.
    alignas(32) std::uint8_t tail[kWidth] = {};
    std::memcpy(tail, s + i, n - i);
    checker.check(Vec::load(tail));
  }
  checker.error = checker.error | checker.prev_incomplete;
  return !checker.error.any();
}
