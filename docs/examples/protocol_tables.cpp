// Prints the protocol tables of docs/protocol/ from the libraries' own data, so the docs cannot drift.
//
// Usage: wa-docs-tables tokens|metrics|flags|media
//   tokens   the single-byte token dictionary (wa/codec/node/tokens.h)
//   metrics  the metric byte of client binary frames (wa/codec/frame/metric.h)
//   flags    the flags byte of client binary frames (wa/codec/frame/metric.h)
//   media    media types, HKDF labels, sidecars and upload paths (wa/crypto/media_types.h)
// Output is Markdown. Exit status 2 for an unknown table.
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "wa/codec/frame/metric.h"
#include "wa/codec/node/tokens.h"
#include "wa/crypto/media_types.h"

namespace {

void tokens() {
  // Four index/token column pairs keep the 176 entries on one screen.
  constexpr std::size_t kColumns = 4;
  const std::size_t rows = (wa::codec::kSingleByteTokenCount + kColumns - 1) / kColumns;
  std::string header, rule;
  for (std::size_t c = 0; c < kColumns; ++c) {
    header += "| index | token ";
    rule += "|------:|-------";
  }
  fmt::print("{}|\n{}|\n", header, rule);
  for (std::size_t r = 0; r < rows; ++r) {
    std::string line;
    for (std::size_t c = 0; c < kColumns; ++c) {
      const std::size_t i = c * rows + r;
      if (i >= wa::codec::kSingleByteTokenCount) {
        line += "| | ";
        continue;
      }
      const std::string_view t = wa::codec::kSingleByteTokens[i];
      line += fmt::format("| {} | {} ", i, t.empty() ? std::string("(none)") : fmt::format("`{}`", t));
    }
    fmt::print("{}|\n", line);
  }
}

void metrics() {
  fmt::print("| metric | name |\n|------:|------|\n");
  for (unsigned m = 1; m < 256; ++m) {
    const auto name = wa::codec::metricName(static_cast<std::uint8_t>(m));
    if (!name.empty()) fmt::print("| {} | `{}` |\n", m, name);
  }
}

void flags() {
  fmt::print("| bit | value | name |\n|----:|------:|------|\n");
  for (int bit = 7; bit >= 0; --bit) {
    const auto value = static_cast<std::uint8_t>(1u << bit);
    const auto names = wa::codec::flagNames(value);
    fmt::print("| {} | 0x{:02x} | `{}` |\n", bit, value, names.empty() ? std::string_view("?") : names.front());
  }
}

void media() {
  fmt::print("| type | HKDF info | sidecar | upload path |\n|------|-----------|---------|-------------|\n");
  for (const auto& info : wa::crypto::allMediaTypes()) {
    const char* sidecar = info.streamable ? "streaming" : info.first_frame_sidecar ? "first frame" : "";
    fmt::print("| `{}` | {} | {} | {} |\n", info.name,
               info.hkdf_info.empty() ? std::string("(no media keys)") : fmt::format("`{}`", info.hkdf_info),
               sidecar, info.upload_path.empty() ? std::string() : fmt::format("`{}`", info.upload_path));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view table = argc == 2 ? argv[1] : "";
  if (table == "tokens") tokens();
  else if (table == "metrics") metrics();
  else if (table == "flags") flags();
  else if (table == "media") media();
  else {
    std::fprintf(stderr, "usage: wa-docs-tables tokens|metrics|flags|media\n");
    return 2;
  }
  return 0;
}
