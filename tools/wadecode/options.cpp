// wadecode's command line: every option declared here, once.
//
// Options follow the usual names of analysis tools: --format for the output form, -o for the
// output file, --color=auto|always|never as in GNU tools.
#include "wadecode/options.h"

#include <CLI/CLI.hpp>

namespace wa::wadecode {

ParsedOptions parseOptions(int argc, char** argv) {
  CLI::App app{"wadecode: decode captured WhatsApp Web (legacy protocol) frames and binary nodes"};
  app.set_version_flag("--version", "wadecode 0.1.0");

  DecodeOptions decode;
  std::string color = "auto";
  app.add_option("input", decode.input, "input file, or - for standard input")->capture_default_str();
  app.add_option("--input-format", decode.input_format,
                 "input format: auto, node-hex (one hex-encoded plaintext node per line), node-bin (one "
                 "binary node)")
      ->check(CLI::IsMember({"auto", "node-hex", "node-bin"}))
      ->capture_default_str();
  app.add_option("--format", decode.format, "output: text (tree), json (a document per record), jsonl (a line per record)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->capture_default_str();
  app.add_option("--color", color, "colour the text tree: auto (a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("!--no-proto", decode.decode_proto, "do not parse message bytes as WebMessageInfo");
  app.add_option("--max-bytes", decode.max_bytes, "binary content bytes shown in the text tree")->capture_default_str();
  app.add_option("--max-depth", decode.max_depth, "node nesting limit")->check(CLI::Range(1, 100000))->capture_default_str();

  EncodeOptions encode;
  std::string style = "server";
  auto* enc = app.add_subcommand("encode", "encode node JSON (one per line, or one document) to binary nodes");
  enc->add_option("input", encode.input, "node JSON file, or - for standard input")->capture_default_str();
  enc->add_option("--style", style,
                  "writer style: server (as the real server packs), webclient (as WA-Web packs), plain (never packs)")
      ->check(CLI::IsMember({"server", "webclient", "plain"}))
      ->capture_default_str();
  enc->add_option("--output-format", encode.output_format, "hex (a line per node) or bin (raw bytes)")
      ->check(CLI::IsMember({"hex", "bin"}))
      ->capture_default_str();
  enc->add_option("-o,--output", encode.output, "output file, or - for standard output")->capture_default_str();

  ParsedOptions parsed;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    parsed.exit_now = app.exit(e) == 0 ? 0 : 2;
    return parsed;
  }
  decode.color = tools::parseColorMode(color);
  encode.style = *codec::parseEncodeStyle(style);
  if (enc->parsed())
    parsed.command = encode;
  else
    parsed.command = decode;
  return parsed;
}

}  // namespace wa::wadecode
