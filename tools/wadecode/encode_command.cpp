// `wadecode encode`: reads node JSON records and writes them as binary nodes.
#include "wadecode/encode_command.h"

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/hexdump.h"
#include "wa/support/text/hex.h"
#include "common/input.h"
#include "wa/codec/node/encoder.h"
#include "wa/codec/view/node_json.h"

namespace wa::wadecode {
namespace {

struct JsonRecord {
  std::string_view text;
  std::size_t offset = 0;
};

// One document, or one per line: JSON lines when the first non-blank line is a whole node by itself.
std::vector<JsonRecord> splitRecords(std::string_view input) {
  std::vector<JsonRecord> lines;
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.push_back({line, pos});
    pos = end + 1;
  }
  if (lines.size() <= 1 || !codec::nodeFromJson(lines.front().text)) return {{input, 0}};
  return lines;
}

}  // namespace

int runEncode(const EncodeOptions& options, tools::Diagnostics& diag) {
  auto input = tools::readWholeInput(options.input);
  if (!input) {
    diag.error(input.error().message);
    return tools::kExitIo;
  }
  auto out = tools::openOutput(options.output);
  if (!out) {
    diag.error(out.error().message);
    return tools::kExitIo;
  }
  const std::string name = tools::inputName(options.input);
  int status = tools::kExitOk;
  std::string encoded, line;
  std::size_t index = 0;
  for (const auto& record : splitRecords(*input)) {
    auto node = codec::nodeFromJson(record.text);
    encoded.clear();
    if (node) {
      if (auto r = codec::encodeNode(*node, options.style, encoded); !r) node = tl::unexpected(r.error());
    }
    if (!node) {
      codec::Error located = node.error();
      located.offset += record.offset;  // from the start of the input, not of the record
      tools::reportRecordError(diag, name, index, located);
      status = tools::kExitRecordsFailed;
    } else if (options.output_format == "hex") {
      line = support::toHex(encoded);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), out->get());
    } else {
      std::fwrite(encoded.data(), 1, encoded.size(), out->get());
    }
    ++index;
  }
  if (std::fflush(out->get()) != 0 || std::ferror(out->get())) {
    diag.error(fmt::format("{}: write failed", options.output == "-" ? "<stdout>" : options.output));
    return tools::kExitIo;
  }
  return status;
}

}  // namespace wa::wadecode
