// Base64 encoding and decoding over Vec (private; see generic_kernels.h). Encoding: a byte shuffle
// puts each 3-byte group in a 32-bit word, two 16-bit multiplies move its four sextets to the low
// bits of four bytes, and a 16-entry table adds what takes each sextet class to its character.
// Decoding: the high nibble of each character looks up the range it must be in and what to add to
// it (a few characters, such as '/', are exceptions checked apart), and two multiply-adds pack four
// sextets into three bytes.

namespace base64 {

// Each 3-byte group (bytes 1, 0, 2, 1 of it) into a 32-bit word, four groups per 16 bytes.
constexpr std::uint8_t kSpread[16] = {1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10};

// What to add to a sextet for its character, by sextet class: 0 for 26..51 ('a'..'z'), 1..10 for
// 52..61 ('0'..'9'), 11 for 62, 12 for 63, 13 for 0..25 ('A'..'Z').
constexpr std::uint8_t shift(int from, int to) { return static_cast<std::uint8_t>(to - from); }
// clang-format off
constexpr std::uint8_t kStandardShift[16] = {
    shift(26, 'a'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'),
    shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(62, '+'),
    shift(63, '/'), shift(0, 'A'),  0,              0};
constexpr std::uint8_t kUrlSafeShift[16] = {
    shift(26, 'a'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'),
    shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(52, '0'), shift(62, '-'),
    shift(63, '_'), shift(0, 'A'),  0,              0};
// clang-format on

}  // namespace base64

/// kernels.h: TextKernels::encode_base64_groups.
std::size_t encodeBase64Groups(const std::uint8_t* in, std::size_t n, char* out, bool url_safe) noexcept {
  const Vec spread = Vec::table(base64::kSpread);
  const Vec shifts = Vec::table(url_safe ? base64::kUrlSafeShift : base64::kStandardShift);
  std::size_t i = 0;
  for (; i + Vec::kGroupReadBytes <= n; i += Vec::kGroupBytes, out += Vec::kWidth) {
    const Vec words = spread.lookup(Vec::loadGroups(in + i));
    // The four sextets of each word moved to the low 6 bits of its four bytes.
    const Vec sextets = (words & Vec::splat32(0x0FC0FC00)).mulHighU16(Vec::splat32(0x04000040)) |
                        (words & Vec::splat32(0x003F03F0)).mulLowU16(Vec::splat32(0x01000010));
    const Vec shift_class =
        sextets.subSaturated(Vec::splat(51)) | (sextets.lessSigned(Vec::splat(26)) & Vec::splat(13));
    (sextets + shift_class.lookup(shifts)).store(out);
  }
  return i;
}

namespace base64 {

// Decoding: by the high nibble of a character, the range of the alphabet's characters it may be in
// (signed bounds: from 0x80 up every character falls below; an empty range is 1..0) and what to add
// to one to get its value; the few characters outside those ranges are exceptions with their value.
struct DecodeRule {
  std::uint8_t lower[16];
  std::uint8_t upper[16];
  std::uint8_t shift[16];
  std::uint8_t exception_char[3];
  std::uint8_t exception_value[3];
};

// The rule of an alphabet whose 62 is `plus` (in the range of high nibble 2), with its exceptions.
constexpr DecodeRule makeRule(std::uint8_t plus, const char* exception_chars, const std::uint8_t* exception_values) {
  DecodeRule r{};
  for (auto& b : r.lower) b = 1;  // empty ranges
  const std::uint8_t first[] = {plus, '0', 'A', 'P', 'a', 'p'};
  const std::uint8_t last[] = {plus, '9', 'O', 'Z', 'o', 'z'};
  const int value[] = {62, 52, 0, 15, 26, 41};
  for (int k = 0; k < 6; ++k) {
    const int high = first[k] >> 4;
    r.lower[high] = first[k];
    r.upper[high] = last[k];
    r.shift[high] = shift(first[k], value[k]);
  }
  for (int k = 0; k < 3 && exception_chars[k] != 0; ++k) {
    r.exception_char[k] = static_cast<std::uint8_t>(exception_chars[k]);
    r.exception_value[k] = exception_values[k];
  }
  return r;
}
constexpr std::uint8_t kSixtyThree[] = {63};
constexpr std::uint8_t kEitherValues[] = {63, 62, 63};
constexpr DecodeRule kStandardRule = makeRule('+', "/", kSixtyThree);
constexpr DecodeRule kUrlSafeRule = makeRule('-', "_", kSixtyThree);
constexpr DecodeRule kEitherRule = makeRule('+', "/-_", kEitherValues);

template <int kExceptions>
std::size_t decodeQuanta(const char* in, std::size_t n, std::uint8_t* out, const DecodeRule& rule) noexcept {
  const Vec lower = Vec::table(rule.lower);
  const Vec upper = Vec::table(rule.upper);
  const Vec shift = Vec::table(rule.shift);
  Vec exception_char[kExceptions];
  Vec exception_value[kExceptions];
  for (int k = 0; k < kExceptions; ++k) {
    exception_char[k] = Vec::splat(rule.exception_char[k]);
    exception_value[k] = Vec::splat(rule.exception_value[k]);
  }
  std::size_t i = 0;
  for (; i + Vec::kWidth <= n; i += Vec::kWidth, out += Vec::kWidth / 4 * 3) {
    const Vec c = Vec::load(in + i);
    const Vec high = c.high4();
    const Vec outside = c.lessSigned(high.lookup(lower)) | high.lookup(upper).lessSigned(c);
    Vec sextets = (c + high.lookup(shift)).andNot(outside);
    Vec exceptions = Vec::zero();
    for (int k = 0; k < kExceptions; ++k) {
      const Vec is = c.eq(exception_char[k]);
      exceptions = exceptions | is;
      sextets = sextets | (is & exception_value[k]);
    }
    if (outside.andNot(exceptions).any()) break;
    // Before the last block the output goes on, so a whole vector may be stored.
    sextets.storeSextets(out, /*wide=*/i + 2 * Vec::kWidth <= n);
  }
  return i;
}

}  // namespace base64

/// kernels.h: TextKernels::decode_base64_quanta. Whole blocks go at once; the first block with a
/// character outside the alphabet, and the last characters, go as the portable loop takes them.
std::size_t decodeBase64Quanta(const char* in, std::size_t n, std::uint8_t* out, Base64Alphabet alphabet) noexcept {
  std::size_t i = 0;
  switch (alphabet) {
    case Base64Alphabet::Standard:
      i = base64::decodeQuanta<1>(in, n, out, base64::kStandardRule);
      break;
    case Base64Alphabet::UrlSafe:
      i = base64::decodeQuanta<1>(in, n, out, base64::kUrlSafeRule);
      break;
    case Base64Alphabet::Either:
      i = base64::decodeQuanta<3>(in, n, out, base64::kEitherRule);
      break;
  }
  return i + scalar::decodeBase64Quanta(in + i, n - i, out + i / 4 * 3, alphabet);
}
