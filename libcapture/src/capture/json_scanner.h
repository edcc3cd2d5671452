// An incremental JSON tokenizer over a ChunkBuffer, for readers that emit records mid-document (private).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chunk_buffer.h"
#include "wa/capture/error.h"

namespace wa::capture::detail {

/// Pulls tokens one at a time; never holds more than one token (bounded by the caller's limit)
/// plus one chunk. A failing call leaves a sticky error() (cleared by clearError()) whose offset is
/// absolute in the input. Skipped values are checked for bracket balance and string termination
/// only, not full JSON grammar.
class JsonScanner {
 public:
  JsonScanner(ChunkBuffer& in, std::size_t max_depth) : in_(in), max_depth_(max_depth) { stack_.reserve(64); }

  /// Skips whitespace and returns the next byte without consuming it; -1 at end of input.
  int peek();
  /// Consumes one byte (after peek()).
  void advance() noexcept { in_.consume(1); }
  [[nodiscard]] std::uint64_t offset() const noexcept { return in_.offset(); }
  /// Consumes `c` after whitespace, or fails with "expected <what>".
  bool expect(char c, std::string_view what);

  /// A string's characters between the quotes, still escaped. `text` is valid until the next call
  /// on this scanner or its buffer.
  struct RawString {
    std::string_view text;
    bool has_escapes = false;
    std::uint64_t offset = 0;  ///< absolute offset of the opening quote
  };
  /// Reads the string at the cursor (peek() returned '"'). A string of more than `max_raw` raw
  /// bytes fails with LimitExceeded and leaves the cursor on the opening quote, so the caller can
  /// skipString() and go on.
  bool readString(RawString& out, std::size_t max_raw);
  /// Skips the string at the cursor without buffering it.
  bool skipString();
  /// Reads a number or literal (true, false, null): a run of [A-Za-z0-9+-.]; at most 64 bytes.
  bool readAtom(std::string_view& out);
  /// Skips one value of any kind, nesting at most max_depth deep.
  bool skipValue();

  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }
  void clearError() noexcept { error_.reset(); }
  /// Records a failure unless one is already recorded; returns false for convenience.
  bool fail(ErrorCode code, std::uint64_t offset, std::string message);
  /// Fails for the end of input (Truncated) or the I/O error that ended it.
  bool failAtEnd(std::string_view expected);
  [[nodiscard]] ChunkBuffer& buffer() noexcept { return in_; }

 private:
  ChunkBuffer& in_;
  std::size_t max_depth_;
  std::vector<char> stack_;
  std::optional<Error> error_;
};

constexpr bool isJsonSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// The number of JSON whitespace bytes (space, tab, CR, LF) at the start of p[0, n). The
/// indentation of pretty-printed JSON (a HAR from a browser) goes 16 bytes at a time where SSE2 is
/// there (every x86-64).
inline std::size_t leadingJsonSpace(const char* p, std::size_t n) noexcept {
  if (n == 0 || !isJsonSpace(p[0])) return 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, nl)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));
    const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(ws)) & 0xFFFFu;
    if (other != 0) return i + static_cast<std::size_t>(__builtin_ctz(other));
  }
#endif
  while (i < n && isJsonSpace(p[i])) ++i;
  return i;
}

/// The quote that ends a JSON string whose characters start at `text`: the first '"' in
/// [from, end) after an even run of backslashes (no run reaches back before `text`); nullptr when
/// [from, end) has none.
inline const char* closingQuote(const char* text, const char* from, const char* end) noexcept {
  for (;;) {
    const void* hit = std::memchr(from, '"', static_cast<std::size_t>(end - from));
    if (hit == nullptr) return nullptr;
    const char* quote = static_cast<const char*>(hit);
    const char* k = quote;
    while (k > text && k[-1] == '\\') --k;
    if (((quote - k) & 1) == 0) return quote;
    from = quote + 1;
  }
}

/// The bytes readAtom() takes: a number's or a literal's.
constexpr bool isAtomChar(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-' ||
         c == '.';
}
/// readAtom()'s limit.
constexpr std::size_t kMaxAtom = 64;

/// Describes a byte for messages: "'x'" or "byte 0x07" or "end of input" for -1.
std::string describeByte(int c);

}  // namespace wa::capture::detail
