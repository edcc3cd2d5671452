// JSON string escaping (writers) and unescaping (readers).
#include "wa/support/text/json_string.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/isa/kernels.h"
#include "text/word_scan.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/utf8.h"

namespace wa::support {
namespace {

using detail::byteAt;

// Escape of each byte: 0 copy, 1 short form, 2 \u00xx.
constexpr std::array<std::uint8_t, 256> makeEscapeTable() {
  std::array<std::uint8_t, 256> t{};
  for (std::size_t i = 0; i < 0x20; ++i) t[i] = 2;
  for (char c : {'\b', '\f', '\n', '\r', '\t', '"', '\\'}) t[static_cast<std::uint8_t>(c)] = 1;
  return t;
}
constexpr auto kEscape = makeEscapeTable();

// True when any byte of `word` is below 0x20, '"' or '\\' (SWAR: each test sets the byte's top bit).
bool wordNeedsEscape(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  const bool below_space = ((word - kOnes * 0x20) & ~word & (kOnes * 0x80)) != 0;
  return below_space || detail::wordHasByte(word, '"') || detail::wordHasByte(word, '\\');
}

}  // namespace

long readJsonHex4(std::string_view raw, std::size_t at) noexcept {
  if (raw.size() < at + 4) return -1;
  long v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    int d = hexDigitValue(raw[at + i]);
    if (d < 0) return -1;
    v = v << 4 | d;
  }
  return v;
}

namespace detail::scalar {

std::size_t findJsonEscape(const char* p, std::size_t n) noexcept {
  const std::string_view s(p, n);
  for (std::size_t i = 0;; ++i) {
    // Skip 8 bytes at a time while none needs escaping (the common case for text).
    i = detail::skipCleanWords(s, i, [](std::uint64_t word) { return !wordNeedsEscape(word); });
    if (i >= n) return n;
    if (kEscape[byteAt(s, i)] != 0) return i;
  }
}

std::size_t scanJsonPlain(const char* p, std::size_t n, bool* ascii) noexcept {
  const std::size_t end = findJsonEscape(p, n);
  *ascii = isAscii(std::string_view(p, end));
  return end;
}

char* escapeJson(const char* s, std::size_t n, char* out) noexcept {
  for (std::size_t i = 0; i < n;) {
    const std::size_t clean = findJsonEscape(s + i, n - i);
    std::memcpy(out, s + i, clean);
    out += clean;
    i += clean;
    if (i < n) out = writeJsonEscape(out, static_cast<std::uint8_t>(s[i++]));
  }
  return out;
}

}  // namespace detail::scalar

namespace {

// Input bytes escaped per step through a buffer on the stack (6 KB).
constexpr std::size_t kEscapeChunk = 1024;

// appendEscaped() of a string that is long or needs escaping, through the kernels. Kept apart so
// that the short path does not pay for its buffer.
[[gnu::noinline]] void appendEscapedThroughKernels(std::string& out, std::string_view s) {
  const std::size_t n = s.size();
  const detail::TextKernels& kernels = detail::textKernels();
  std::size_t i = kernels.find_json_escape(s.data(), n);
  out.append(s.data(), i);
  while (i < n) {
    char buffer[detail::jsonEscapeRoom(kEscapeChunk)];
    const std::size_t len = std::min(kEscapeChunk, n - i);
    const char* end = kernels.escape_json(s.data() + i, len, buffer);
    out.append(buffer, static_cast<std::size_t>(end - buffer));
    i += len;
  }
}

// Appends the escaped form of `s` (UTF-8 or not: bytes from 0x80 up are copied).
inline void appendEscaped(std::string& out, std::string_view s) {
  // Short strings (names, ids, jids) most often need nothing: checked here without a kernel call.
  if (s.size() <= detail::kShortWordsMax &&
      detail::shortIsClean(s, [](std::uint64_t word) { return !wordNeedsEscape(word); })) {
    out.append(s);
    return;
  }
  appendEscapedThroughKernels(out, s);
}

}  // namespace

JsonPlainRun scanJsonPlain(std::string_view s) noexcept {
  JsonPlainRun run;
  run.length = detail::textKernels().scan_json_plain(s.data(), s.size(), &run.ascii);
  return run;
}

namespace {

// `prefix`, s quoted and `suffix` in one append when s is short and needs no escape (the common
// case: names, ids, keys); false otherwise, with nothing written.
bool appendShortQuoted(std::string& out, std::string_view prefix, std::string_view s, std::string_view suffix) {
  if (s.size() > detail::kShortWordsMax ||
      !detail::shortIsClean(s, [](std::uint64_t word) { return !wordNeedsEscape(word); }))
    return false;
  char buffer[8 + detail::kShortWordsMax + 8];  // prefix and suffix: at most 4 bytes each
  char* w = buffer;
  // Each piece may be empty, with no bytes behind its pointer: copied only when it has some.
  const auto put = [&w](std::string_view piece) {
    if (!piece.empty()) std::memcpy(w, piece.data(), piece.size());
    w += piece.size();
  };
  put(prefix);
  *w++ = '"';
  put(s);
  *w++ = '"';
  put(suffix);
  out.append(buffer, static_cast<std::size_t>(w - buffer));
  return true;
}

}  // namespace

void appendJsonQuoted(std::string& out, std::string_view s) {
  if (appendShortQuoted(out, {}, s, {})) return;
  out.push_back('"');
  appendEscaped(out, s);
  out.push_back('"');
}

void appendJsonMember(std::string& out, bool comma, std::string_view key) {
  if (appendShortQuoted(out, comma ? "," : "", key, ":")) return;
  if (comma) out.push_back(',');
  out.push_back('"');
  appendEscaped(out, key);
  out.append("\":");
}

void appendJsonQuotedLossy(std::string& out, std::string_view s) {
  out.push_back('"');
  if (isUtf8(s)) {
    appendEscaped(out, s);
  } else {
    std::string valid;
    appendUtf8Lossy(valid, s);
    appendEscaped(out, valid);
  }
  out.push_back('"');
}

std::optional<std::size_t> appendJsonUnescaped(std::string& out, std::string_view raw) {
  std::size_t i = 0;
  while (i < raw.size()) {
    const void* bs = std::memchr(raw.data() + i, '\\', raw.size() - i);
    std::size_t stop = bs ? static_cast<std::size_t>(static_cast<const char*>(bs) - raw.data()) : raw.size();
    out.append(raw.data() + i, stop - i);
    i = stop;
    if (i == raw.size()) break;
    if (i + 1 >= raw.size()) return i;
    char e = raw[i + 1];
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        long cp = readJsonHex4(raw, i + 2);
        if (cp < 0) return i;
        std::size_t used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          long lo = (raw.size() >= i + 12 && raw[i + 6] == '\\' && raw[i + 7] == 'u') ? readJsonHex4(raw, i + 8) : -1;
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            used = 12;
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = 0xFFFD;
        }
        appendUtf8(out, static_cast<char32_t>(cp));
        i += used;
        continue;
      }
      default: return i;
    }
    i += 2;
  }
  return std::nullopt;
}

}  // namespace wa::support
