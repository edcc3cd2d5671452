// Token-preserving JSON layout.
#include "wa/support/text/json_layout.h"

#include <cstdint>

#include "wa/support/text/hex.h"

namespace wa::support {
namespace {

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

void newline(std::string& out, std::size_t level) {
  out.push_back('\n');
  out.append(2 * level, ' ');
}

// Copies the string token starting at json[i] == '"'; returns the index after its closing quote.
std::size_t copyString(std::string& out, std::string_view json, std::size_t i) {
  out.push_back('"');
  ++i;
  while (i < json.size()) {
    const auto c = static_cast<std::uint8_t>(json[i]);
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
    if (c == 0xC2 && i + 1 < json.size() && static_cast<std::uint8_t>(json[i + 1]) >= 0x80 &&
        static_cast<std::uint8_t>(json[i + 1]) < 0xA0) {
      const auto c1 = static_cast<std::uint8_t>(json[i + 1]);
      out.append("\\u00");
      out.append(hexByte(c1));
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
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
      out.push_back(c);
      ++i;
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
      case ':': out.append(": "); break;
      default: out.push_back(c);
    }
    ++i;
  }
}

}  // namespace wa::support
