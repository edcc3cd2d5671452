// Token-preserving JSON layout: runs of plain bytes copied at once, found 8 bytes at a time.
#include "wa/support/text/json_layout.h"

#include <cstdint>

#include "text/word_scan.h"
#include "wa/support/text/hex.h"

namespace wa::support {
namespace {

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

void newline(std::string& out, std::size_t level) {
  out.push_back('\n');
  out.append(2 * level, ' ');
}

// True when `word` holds none of the bytes that copyString() looks at: '"', '\\', DEL, 0xC2.
bool wordIsPlainString(std::uint64_t word) noexcept {
  using detail::wordHasByte;
  return !(wordHasByte(word, '"') || wordHasByte(word, '\\') || wordHasByte(word, 0x7F) || wordHasByte(word, 0xC2));
}

bool isPlainStringByte(std::uint8_t c) noexcept { return c != '"' && c != '\\' && c != 0x7F && c != 0xC2; }

// Copies the string token starting at json[i] == '"'; returns the index after its closing quote.
std::size_t copyString(std::string& out, std::string_view json, std::size_t i) {
  out.push_back('"');
  ++i;
  while (i < json.size()) {
    // The run of bytes copied as they are: 8 at a time while a word holds none to look at.
    std::size_t end = detail::skipCleanWords(json, i, wordIsPlainString);
    while (end < json.size() && isPlainStringByte(detail::byteAt(json, end))) ++end;
    out.append(json.data() + i, end - i);
    i = end;
    if (i == json.size()) break;
    const auto c = detail::byteAt(json, i);
    if (c == '\\' && i + 1 < json.size()) {
      out.append(json.data() + i, 2);
      i += 2;
      continue;
    }
    if (c == '"') {
      out.push_back('"');
      return i + 1;
    }
    if (c == 0x7F) {
      out.append("\\u007f");
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < json.size() && detail::byteAt(json, i + 1) >= 0x80 && detail::byteAt(json, i + 1) < 0xA0) {
      out.append("\\u00");
      out.append(hexByte(detail::byteAt(json, i + 1)));
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));  // a backslash that ends the text, or 0xC2 before no C1
    ++i;
  }
  return i;
}

}  // namespace

void appendJsonRelaid(std::string& out, std::string_view json, bool pretty, std::size_t indent_level) {
  std::size_t level = indent_level;
  for (std::size_t i = 0; i < json.size();) {
    const char c = json[i];
    if (isSpace(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      i = copyString(out, json, i);
      continue;
    }
    if (!pretty) {
      // The run of tokens up to the next space or string, copied at once.
      std::size_t end = i + 1;
      while (end < json.size() && !isSpace(json[end]) && json[end] != '"') ++end;
      out.append(json.data() + i, end - i);
      i = end;
      continue;
    }
    switch (c) {
      case '[':
      case '{': {
        const char close = c == '[' ? ']' : '}';
        std::size_t j = i + 1;
        while (j < json.size() && isSpace(json[j])) ++j;
        out.push_back(c);
        if (j < json.size() && json[j] == close) {
          out.push_back(close);
          i = j + 1;
          continue;
        }
        newline(out, ++level);
        break;
      }
      case ']':
      case '}':
        if (level > indent_level) --level;
        newline(out, level);
        out.push_back(c);
        break;
      case ',':
        out.push_back(',');
        newline(out, level);
        break;
      case ':':
        out.append(": ");
        break;
      default:
        out.push_back(c);
    }
    ++i;
  }
}

}  // namespace wa::support
