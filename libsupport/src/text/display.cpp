// Display escaping of untrusted bytes.
#include "wa/support/text/display.h"

#include <cstdint>

#include "wa/support/text/hex.h"
#include "wa/support/text/utf8.h"

namespace wa::support {
namespace {

bool isC1(std::string_view s, std::size_t i, std::size_t len) noexcept {
  return len == 2 && static_cast<std::uint8_t>(s[i]) == 0xC2 && static_cast<std::uint8_t>(s[i + 1]) < 0xA0;
}

}  // namespace

bool isDisplaySafe(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    if (b >= 0x20 && b < 0x7F) {
      ++i;
      continue;
    }
    if (b < 0x80) return false;  // C0 or DEL
    const std::size_t len = utf8SequenceLength(s, i);
    if (len == 0 || isC1(s, i, len)) return false;
    i += len;
  }
  return true;
}

void appendDisplayText(std::string& out, std::string_view s, const DisplayEscapeOptions& options) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    if (b >= 0x20 && b < 0x7F) {
      if ((b == '\\' && options.escape_backslash) || (options.quote != 0 && b == static_cast<std::uint8_t>(options.quote)))
        out.push_back('\\');
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    if (b >= 0x80) {
      const std::size_t len = utf8SequenceLength(s, i);
      if (len == 0) {
        out.append("\\x");
        out.append(hexByte(b));
        ++i;
      } else if (isC1(s, i, len)) {
        out.append("\\u00");
        out.append(hexByte(static_cast<std::uint8_t>(s[i + 1])));
        i += 2;
      } else {
        out.append(s.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (b) {
      case '\n': out.append("\\n"); break;
      case '\t': out.append("\\t"); break;
      case '\r': out.append("\\r"); break;
      default:
        out.append("\\x");
        out.append(hexByte(b));
    }
    ++i;
  }
}

std::string displayText(std::string_view s, const DisplayEscapeOptions& options) {
  std::string out;
  out.reserve(s.size());
  appendDisplayText(out, s, options);
  return out;
}

}  // namespace wa::support
