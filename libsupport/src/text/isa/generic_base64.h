// Base64 encoding and decoding over Vec (private; see generic_kernels.h). Encoding: a byte shuffle
// puts each 3-byte group in a 32-bit word, two 16-bit multiplies move its four sextets to the low
// bits of four bytes, and a 16-entry table adds what takes each sextet class to its character.
// Decoding: range checks give each character's value (so one loop takes either alphabet), and two
// multiply-adds pack four sextets into three bytes.

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

constexpr std::uint32_t kAllBits = Vec::kWidth == 32 ? 0xFFFFFFFFu : (1u << Vec::kWidth) - 1;

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

/// kernels.h: TextKernels::decode_base64_quanta. Whole blocks go at once; the first block with a
/// character outside the alphabet, and the last characters, go as the portable loop takes them.
std::size_t decodeBase64Quanta(const char* in, std::size_t n, std::uint8_t* out, Base64Alphabet alphabet) noexcept {
  const bool standard = alphabet != Base64Alphabet::UrlSafe;
  const bool url_safe = alphabet != Base64Alphabet::Standard;
  // The characters of 62 and 63 in this alphabet (twice the same one when it has one of each).
  const Vec sixty_two_a = Vec::splat(standard ? '+' : '-');
  const Vec sixty_two_b = Vec::splat(url_safe ? '-' : '+');
  const Vec sixty_three_a = Vec::splat(standard ? '/' : '_');
  const Vec sixty_three_b = Vec::splat(url_safe ? '_' : '/');
  const Vec upper_a = Vec::splat('A');
  const Vec lower_a = Vec::splat('a');
  const Vec zero_digit = Vec::splat('0');
  const Vec twenty_five = Vec::splat(25);
  const Vec nine = Vec::splat(9);
  std::size_t i = 0;
  for (; i + Vec::kWidth <= n; i += Vec::kWidth, out += Vec::kWidth / 4 * 3) {
    const Vec c = Vec::load(in + i);
    const Vec upper = (c - upper_a).lessEqual(twenty_five);
    const Vec lower = (c - lower_a).lessEqual(twenty_five);
    const Vec digit = (c - zero_digit).lessEqual(nine);
    const Vec sixty_two = c.eq(sixty_two_a) | c.eq(sixty_two_b);
    const Vec sixty_three = c.eq(sixty_three_a) | c.eq(sixty_three_b);
    if ((upper | lower | digit | sixty_two | sixty_three).bits() != base64::kAllBits) break;
    const Vec shift = (upper & Vec::splat(base64::shift('A', 0))) | (lower & Vec::splat(base64::shift('a', 26))) |
                      (digit & Vec::splat(base64::shift('0', 52)));
    const Vec sextets =
        ((c + shift) & (upper | lower | digit)) | (sixty_two & Vec::splat(62)) | (sixty_three & Vec::splat(63));
    // Before the last block the output goes on, so a whole vector may be stored.
    sextets.storeSextets(out, /*wide=*/i + 2 * Vec::kWidth <= n);
  }
  return i + scalar::decodeBase64Quanta(in + i, n - i, out, alphabet);
}
