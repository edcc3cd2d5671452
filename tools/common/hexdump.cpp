// Hexdumps.
#include "common/hexdump.h"

#include <algorithm>

#include <fmt/format.h>

namespace wa::tools {

void appendHexdump(std::string& out, std::string_view bytes, std::size_t indent, std::size_t max_bytes) {
  std::size_t shown = std::min(bytes.size(), max_bytes);
  for (std::size_t line = 0; line < shown; line += 16) {
    out.append(indent, ' ');
    fmt::format_to(std::back_inserter(out), "{:08x}  ", line);
    for (std::size_t i = 0; i < 16; ++i) {
      if (line + i < shown)
        fmt::format_to(std::back_inserter(out), "{:02x} ", static_cast<unsigned char>(bytes[line + i]));
      else
        out += "   ";
      if (i == 7) out += ' ';
    }
    out += " |";
    for (std::size_t i = 0; i < 16 && line + i < shown; ++i) {
      char c = bytes[line + i];
      out += c >= 0x20 && c < 0x7f ? c : '.';
    }
    out += "|\n";
  }
  if (shown < bytes.size()) {
    out.append(indent, ' ');
    fmt::format_to(std::back_inserter(out), "... {} more bytes\n", bytes.size() - shown);
  }
}

}  // namespace wa::tools
