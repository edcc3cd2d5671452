// Splitting node-hex and node-bin inputs into records.
#include "wadecode/node_input.h"

#include "common/hex.h"

namespace wa::wadecode {

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
      if (auto bytes = tools::fromHex(line)) {
        record.bytes = std::move(*bytes);
      } else {
        record.error = bytes.error();
        record.bytes.assign(line.data(), line.size());
      }
      sink(record);
      ++record.index;
    }
    pos = end + 1;
  }
}

}  // namespace wa::wadecode
