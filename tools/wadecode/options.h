// wadecode's options, declared once in parseOptions() (CLI11) and passed down as plain structs.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "common/color.h"
#include "wa/codec/node/encoder.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::wadecode {

/// `wadecode [options] [FILE|-]`: decode and print.
struct DecodeOptions {
  std::string input = "-";
  /// auto, a capture format (har, mitm, pcap, pcapng, tshark-ek, jsonl, text, hex, b64), or the
  /// plaintext node inputs node-hex (one hex node per line) and node-bin (one binary node).
  std::string input_format = "auto";
  /// text (tree), json (one pretty document per record), jsonl (one line per record), capture
  /// (capture JSONL again).
  std::string format = "text";
  tools::ColorMode color = tools::ColorMode::Auto;
  bool decode_proto = true;
  codec::ProtoBytes proto_bytes = codec::ProtoBytes::Base64;  ///< text tree: protobuf bytes fields
  std::size_t max_bytes = 512;  ///< bytes of binary content shown in the text tree
  std::size_t max_depth = 64;   ///< node nesting limit of the decoder
  // Keys.
  std::string keys_file;
  std::string enc_key, mac_key, private_key;  ///< base64 or hex:
  bool print_keys = false;
  // Output.
  bool hexdump = false;            ///< -x: hexdump of raw and decrypted bytes in the text tree
  bool annotate = false;           ///< plaintext nodes: every byte beside its meaning (annotate_command.h)
  bool capture_plaintext = false;  ///< --format capture: add the decrypted node of binary frames
  bool redact = false;
  bool stats = false;
  bool quiet = false;  ///< no records, only diagnostics (and --stats)
  tools::ColorMode progress = tools::ColorMode::Auto;  ///< progress bar on stderr: auto = a terminal
  /// Threads that verify, decrypt, decode and print a capture's messages besides the one that
  /// reads it; 0: the cores available; 1: everything on one thread. The output is the same.
  unsigned jobs = 0;
  // Filters (a record is printed when it passes all given).
  std::string filter_dir;                 ///< send, receive
  std::vector<std::string> filter_tags;   ///< tag equals one of these
  std::vector<std::string> filter_nodes;  ///< root node description (or a child's) equals one of these
  std::vector<std::string> filter_conns;  ///< conn equals one of these
  std::string line_direction = "unknown";  ///< direction of single-frame line inputs
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
