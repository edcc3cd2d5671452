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

NodeLines::NodeLines(std::string_view input, const std::string& format)
    : input_(input), binary_(format == "node-bin") {}

bool NodeLines::next(NodeLine& line) {
  if (binary_) {
    if (index_ > 0) return false;
    line = NodeLine{input_, 0, index_++};
    pos_ = input_.size();
    return true;
  }
  while (pos_ < input_.size()) {
    std::size_t end = input_.find('\n', pos_);
    if (end == std::string_view::npos) end = input_.size();
    const std::string_view text = input_.substr(pos_, end - pos_);
    const std::size_t start = pos_;
    pos_ = end + 1;
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && text[first] != '#') {
      line = NodeLine{text, start, index_++};
      return true;
    }
  }
  pos_ = input_.size();
  return false;
}

void readNodeRecord(const NodeLine& line, bool hex, NodeRecord& record) {
  record.index = line.index;
  record.source_offset = line.offset;
  record.error.reset();
  record.bytes.clear();
  if (!hex) {
    record.bytes.assign(line.text.data(), line.text.size());
    return;
  }
  if (auto bad = support::appendHexDecoded(record.bytes, line.text, support::HexSeparators::Anywhere)) {
    record.error = hexError(line.text, *bad);
    record.bytes.assign(line.text.data(), line.text.size());
  }
}

void forEachNodeRecord(std::string_view input, const std::string& format,
                       const std::function<void(NodeRecord&)>& sink) {
  NodeLines lines(input, format);
  NodeRecord record;
  for (NodeLine line; lines.next(line);) {
    readNodeRecord(line, format != "node-bin", record);
    sink(record);
  }
}

}  // namespace wa::wadecode
