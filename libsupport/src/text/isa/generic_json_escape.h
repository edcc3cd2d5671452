// The JSON escape scan over Vec (private; see generic_kernels.h).

/// kernels.h: TextKernels::find_json_escape.
std::size_t findJsonEscape(const char* s, std::size_t n) noexcept {
  constexpr std::size_t kWidth = Vec::kWidth;
  if (n < kWidth) return scalar::findJsonEscape(s, n);
  const auto* p = reinterpret_cast<const std::uint8_t*>(s);
  const Vec quote = Vec::splat('"');
  const Vec backslash = Vec::splat('\\');
  const Vec last_control = Vec::splat(0x1F);
  std::size_t i = 0;
  for (;; i += kWidth) {
    // The last block ends at n and overlaps the one before, whose bytes were all clean.
    const std::size_t at = i + kWidth <= n ? i : n - kWidth;
    const Vec v = Vec::load(p + at);
    const std::uint32_t hits = (v.eq(quote) | v.eq(backslash) | v.lessEqual(last_control)).bits();
    if (hits != 0) return at + static_cast<std::size_t>(__builtin_ctz(hits));
    if (at + kWidth == n) return n;
  }
}

/// kernels.h: TextKernels::scan_json_plain. The top bits of the blocks before the stop, and of
/// the stop's block below it, tell whether all was ASCII.
std::size_t scanJsonPlain(const char* s, std::size_t n, bool* ascii) noexcept {
  constexpr std::size_t kWidth = Vec::kWidth;
  if (n < kWidth) return scalar::scanJsonPlain(s, n, ascii);
  const auto* p = reinterpret_cast<const std::uint8_t*>(s);
  const Vec quote = Vec::splat('"');
  const Vec backslash = Vec::splat('\\');
  const Vec last_control = Vec::splat(0x1F);
  std::uint32_t high = 0;
  for (std::size_t i = 0;; i += kWidth) {
    const std::size_t at = i + kWidth <= n ? i : n - kWidth;  // as in findJsonEscape
    const Vec v = Vec::load(p + at);
    const std::uint32_t hits = (v.eq(quote) | v.eq(backslash) | v.lessEqual(last_control)).bits();
    if (hits != 0) {
      const auto stop = static_cast<unsigned>(__builtin_ctz(hits));
      high |= v.bits() & ((std::uint32_t{1} << stop) - 1);  // stop < 32
      *ascii = high == 0;
      return at + stop;
    }
    high |= v.bits();
    if (at + kWidth == n) {
      *ascii = high == 0;
      return n;
    }
  }
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
