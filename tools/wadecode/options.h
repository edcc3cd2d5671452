// wadecode's options, declared once in parseOptions() (CLI11) and passed down as plain structs.
#pragma once

#include <cstddef>
#include <string>
#include <variant>

#include "common/color.h"
#include "wa/codec/node/encoder.h"

namespace wa::wadecode {

/// `wadecode [options] [FILE|-]`: decode and print.
struct DecodeOptions {
  std::string input = "-";
  /// auto, node-hex (one hex node per line) or node-bin (one binary node in the file).
  std::string input_format = "auto";
  /// text (tree), json (one pretty document per record) or jsonl (one line per record).
  std::string format = "text";
  tools::ColorMode color = tools::ColorMode::Auto;
  bool decode_proto = true;
  std::size_t max_bytes = 512;  ///< bytes of binary content shown in the text tree
  std::size_t max_depth = 64;   ///< node nesting limit of the decoder
};

/// `wadecode encode [options] [FILE|-]`: node JSON in, encoded nodes out.
struct EncodeOptions {
  std::string input = "-";
  std::string output = "-";
  codec::EncodeStyle style = codec::EncodeStyle::Server;
  std::string output_format = "hex";  ///< hex (one line per node) or bin (raw bytes, concatenated)
};

using Command = std::variant<DecodeOptions, EncodeOptions>;

/// The parsed command, or the exit status to return at once (help printed: 0; usage error: 2).
struct ParsedOptions {
  Command command;
  int exit_now = -1;  ///< >= 0: exit with this status without doing anything
};

ParsedOptions parseOptions(int argc, char** argv);

}  // namespace wa::wadecode
