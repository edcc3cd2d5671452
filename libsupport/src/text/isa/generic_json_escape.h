// The JSON escape scan over Vec (private; see generic_kernels.h).

/// The index of the first byte of s[0, n) that a JSON string escapes, or n; with kAscii, also
/// whether every byte before it is ASCII (in *ascii), from the top bits of the blocks before the
/// stop and of the stop's block below it.
template <bool kAscii>
std::size_t scanToJsonEscape(const char* s, std::size_t n, bool* ascii) noexcept {
  constexpr std::size_t kWidth = Vec::kWidth;
  if (n < kWidth) {
    if constexpr (kAscii) return scalar::scanJsonPlain(s, n, ascii);
    return scalar::findJsonEscape(s, n);
  }
  const auto* p = reinterpret_cast<const std::uint8_t*>(s);
  const Vec quote = Vec::splat('"');
  const Vec backslash = Vec::splat('\\');
  const Vec last_control = Vec::splat(0x1F);
  [[maybe_unused]] std::uint32_t high = 0;
  for (std::size_t i = 0;; i += kWidth) {
    // The last block ends at n and overlaps the one before, whose bytes were all clean.
    const std::size_t at = i + kWidth <= n ? i : n - kWidth;
    const Vec v = Vec::load(p + at);
    const std::uint32_t hits = (v.eq(quote) | v.eq(backslash) | v.lessEqual(last_control)).bits();
    if (hits != 0) {
      const auto stop = static_cast<unsigned>(__builtin_ctz(hits));
      if constexpr (kAscii) *ascii = (high | (v.bits() & ((std::uint32_t{1} << stop) - 1))) == 0;  // stop < 32
      return at + stop;
    }
    if constexpr (kAscii) high |= v.bits();
    if (at + kWidth == n) {
      if constexpr (kAscii) *ascii = high == 0;
      return n;
    }
  }
}

/// kernels.h: TextKernels::find_json_escape.
std::size_t findJsonEscape(const char* s, std::size_t n) noexcept { return scanToJsonEscape<false>(s, n, nullptr); }

/// kernels.h: TextKernels::scan_json_plain.
std::size_t scanJsonPlain(const char* s, std::size_t n, bool* ascii) noexcept {
  return scanToJsonEscape<true>(s, n, ascii);
}

/// kernels.h: TextKernels::escape_json. Each block is stored whole and kept up to its first byte
/// that needs escaping; the escape goes after it, and the next block starts after that byte.
char* escapeJson(const char* s, std::size_t n, char* out) noexcept {
  constexpr std::size_t kWidth = Vec::kWidth;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s);
  const Vec quote = Vec::splat('"');
  const Vec backslash = Vec::splat('\\');
  const Vec last_control = Vec::splat(0x1F);
  std::size_t i = 0;
  while (i + kWidth <= n) {
    const Vec v = Vec::load(p + i);
    v.store(out);
    const std::uint32_t hits = (v.eq(quote) | v.eq(backslash) | v.lessEqual(last_control)).bits();
    if (hits == 0) {
      i += kWidth;
      out += kWidth;
      continue;
    }
    const auto clean = static_cast<std::size_t>(__builtin_ctz(hits));
    out = writeJsonEscape(out + clean, p[i + clean]);
    i += clean + 1;
  }
  return scalar::escapeJson(s + i, n - i, out);
}
