// Hex encoding and decoding over Vec (private; see generic_kernels.h).

namespace hex {
constexpr std::uint8_t kDigits[16] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
constexpr std::uint32_t kAllBits = Vec::kWidth == 32 ? 0xFFFFFFFFu : (1u << Vec::kWidth) - 1;
}  // namespace hex

/// kernels.h: TextKernels::encode_hex.
void encodeHex(const char* in, std::size_t n, char* out) noexcept {
  const Vec digits = Vec::table(hex::kDigits);
  std::size_t i = 0;
  for (; i + Vec::kWidth <= n; i += Vec::kWidth) {
    const Vec bytes = Vec::load(in + i);
    Vec::storeInterleaved(bytes.high4().lookup(digits), bytes.low4().lookup(digits), out + 2 * i);
  }
  scalar::encodeHex(in + i, n - i, out + 2 * i);
}

/// kernels.h: TextKernels::decode_hex_digits. Whole blocks of digits go at once; the first block
/// with another character, and the last bytes, go pair by pair.
std::size_t decodeHexDigits(const char* in, std::size_t n, char* out) noexcept {
  const Vec zero_digit = Vec::splat('0');
  const Vec nine = Vec::splat(9);
  const Vec lower_case = Vec::splat(0x20);
  const Vec letter_a = Vec::splat('a');
  const Vec five = Vec::splat(5);
  const Vec ten = Vec::splat(10);
  std::size_t i = 0;
  for (; i + Vec::kWidth <= n; i += Vec::kWidth) {
    const Vec c = Vec::load(in + i);
    const Vec digit = c - zero_digit;
    const Vec is_digit = digit.lessEqual(nine);
    const Vec letter = (c | lower_case) - letter_a;  // 'A'..'F' and 'a'..'f' to 0..5
    const Vec is_letter = letter.lessEqual(five);
    if ((is_digit | is_letter).bits() != hex::kAllBits) break;
    ((digit & is_digit) | ((letter + ten) & is_letter)).storeHexPairs(out + i / 2);
  }
  return i + scalar::decodeHexDigits(in + i, n - i, out + i / 2);
}
