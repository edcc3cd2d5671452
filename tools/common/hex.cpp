// Hex conversion.
#include "common/hex.h"

#include <fmt/format.h>

namespace wa::tools {

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}

namespace {

int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

codec::Expected<std::string> fromHex(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 2);
  int high = -1;
  std::size_t high_at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':') {
      continue;
    }
    int v = hexValue(c);
    if (v < 0)
      return codec::makeError(codec::ErrorCode::Invalid, codec::Stage::Capture, i,
                              fmt::format("expected a hex digit, found {}",
                                          c >= 0x20 && c < 0x7f ? fmt::format("'{}'", c)
                                                                : fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c))));
    if (high < 0) {
      high = v;
      high_at = i;
    } else {
      out.push_back(static_cast<char>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0)
    return codec::makeError(codec::ErrorCode::Truncated, codec::Stage::Capture, high_at,
                            "expected an even number of hex digits, found a dangling digit");
  return out;
}

}  // namespace wa::tools

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
