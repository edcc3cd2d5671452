// `wadecode [FILE]`: every record decoded and printed, failures reported and printed in place.
#include "wadecode/decode_command.h"

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/codec/node/decoder.h"
#include "wadecode/node_input.h"
#include "wadecode/printer.h"

namespace wa::wadecode {

int runDecode(const DecodeOptions& options, tools::Diagnostics& diag) {
  auto input = tools::readWholeInput(options.input);
  if (!input) {
    diag.error(input.error());
    return tools::kExitIo;
  }
  const std::string name = tools::inputName(options.input);
  std::string format = options.input_format == "auto" ? detectNodeInputFormat(*input) : options.input_format;
  auto printer = makePrinter(options, tools::useColor(options.color, stdout), stdout);
  codec::DecodeLimits limits;
  limits.max_depth = options.max_depth;

  int status = tools::kExitOk;
  codec::Node node;
  forEachNodeRecord(*input, format, [&](NodeRecord& record) {
    std::optional<codec::Error> error = record.error;
    if (!error) {
      if (auto r = codec::decodeNodeInto(codec::asBytes(record.bytes), node, limits); !r) error = r.error();
    }
    if (error) {
      printer->failure(record.index, *error, record.bytes);
      printer->flush();
      diag.error(fmt::format("{}: record {}: offset {}: {}: {}", name, record.index, error->offset,
                             codec::toString(error->stage), error->message));
      status = tools::kExitRecordsFailed;
      node = codec::Node();  // a failed decode leaves a partial tree
      return;
    }
    printer->node(record.index, node);
  });
  printer->flush();
  return status;
}

}  // namespace wa::wadecode
