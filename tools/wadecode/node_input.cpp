// Splitting node-hex and node-bin inputs into records.
#include "wadecode/node_input.h"

#include "wa/support/text/hex.h"

#include <fmt/format.h>

namespace wa::wadecode {
namespace {

// A line that is not hex: an input (capture) error at the offending character.
session::Error hexError(std::string_view line, const support::TextDecodeFailure& failure) {
  if (failure.kind == support::TextDecodeFailure::Kind::BadLength)
    return session::Error{support::ErrorCode::Truncated, session::Stage::Capture, failure.offset,
                          "expected an even number of hex digits, found a dangling digit"};
  const char c = line[failure.offset];
  return session::Error{support::ErrorCode::Invalid, session::Stage::Capture, failure.offset,
                        fmt::format("expected a hex digit, found {}",
                                    c >= 0x20 && c < 0x7f ? fmt::format("'{}'", c)
                                                          : fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c)))};
}

}  // namespace

std::string detectNodeInputFormat(std::string_view input) {
  // A binary node starts with its list tag (LIST_8 or LIST_16); hex text never does.
  std::size_t first = input.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "node-hex";
  auto c = static_cast<unsigned char>(input[first]);
  return c == 248 || c == 249 ? "node-bin" : "node-hex";
}

void forEachNodeRecord(std::string_view input, const std::string& format,
                       const std::function<void(NodeRecord&)>& sink) {
  NodeRecord record;
  if (format == "node-bin") {
    record.bytes.assign(input.data(), input.size());
    sink(record);
    return;
  }
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') {
      record.source_offset = pos;
      record.error.reset();
      record.bytes.clear();
      if (auto bad = support::appendHexDecoded(record.bytes, line, support::HexSeparators::Anywhere)) {
        record.error = hexError(line, *bad);
        record.bytes.assign(line.data(), line.size());
      }
      sink(record);
      ++record.index;
    }
    pos = end + 1;
  }
}

}  // namespace wa::wadecode
