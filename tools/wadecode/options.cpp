// wadecode's command line: every option declared here, once.
//
// Options follow the usual names of analysis tools: --format for the output form, -o for the
// output file, --color=auto|always|never as in GNU tools.
#include "wadecode/options.h"

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace wa::wadecode {

ParsedOptions parseOptions(int argc, char** argv) {
  tools::ToolApp app{"wadecode: decode captured WhatsApp Web (legacy protocol) frames and binary nodes", "wadecode"};

  DecodeOptions decode;
  app.add_option("input", decode.input, "input file, or - for standard input")->capture_default_str();
  app.add_option("--input-format", decode.input_format,
                 "input format: auto (from the first bytes), har, mitm, pcap, pcapng, tshark-ek, jsonl (capture "
                 "JSONL), text, hex, b64 (one frame per line), node-hex (one plaintext node per line in hex), "
                 "node-bin (one plaintext node)")
      ->check(CLI::IsMember({"auto", "har", "mitm", "pcap", "pcapng", "tshark-ek", "jsonl", "text", "hex", "b64",
                             "node-hex", "node-bin"}))
      ->capture_default_str();
  app.add_option("--format", decode.format,
                 "output: text (tree), json (a document per record), jsonl (a line per record), capture (capture "
                 "JSONL again)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "capture"}))
      ->capture_default_str();
  tools::addModeOption(app, "--color", decode.color,
                       "colour the text tree: auto (a terminal, unless NO_COLOR), always, never")
      ->capture_default_str();
  app.add_flag("!--no-proto", decode.decode_proto, "do not parse message bytes as WebMessageInfo");
  std::string proto_bytes = "base64";
  app.add_option("--proto-bytes", proto_bytes,
                 "text tree: protobuf bytes fields (keys, hashes) as base64 (what --key and key files take), hex "
                 "(hex:...), or escape (protobuf text escapes)")
      ->check(CLI::IsMember({"base64", "hex", "escape"}))
      ->capture_default_str();
  app.add_option("--max-bytes", decode.max_bytes, "binary content bytes shown in the text tree")->capture_default_str();
  app.add_option("--max-depth", decode.max_depth, "node nesting limit")->check(CLI::Range(1, 100000))->capture_default_str();

  auto* keys = app.add_option("-k,--keys", decode.keys_file,
                              "key file: the project's JSON (encKey/macKey or privateKey+secret, per connection), "
                              "an auth-info JSON, a localStorage dump, a session JSON");
  keys->group("Keys");
  app.add_option("--enc-key", decode.enc_key, "encKey, base64 or hex:...")->group("Keys");
  app.add_option("--mac-key", decode.mac_key, "macKey, base64 or hex:...")->group("Keys");
  app.add_option("--private-key", decode.private_key,
                 "the client's private key: keys are derived from the Conn secret in the capture")
      ->group("Keys");
  app.add_flag("--print-keys", decode.print_keys,
               "print the resolved {\"encKey\", \"macKey\"} (derived from the capture if needed) and exit")
      ->group("Keys");

  app.add_flag("-x,--hexdump", decode.hexdump, "text output: hexdump of the raw and decrypted bytes")->group("Output");
  app.add_flag("--annotate", decode.annotate,
               "plaintext node input: print each node byte by byte beside what the bytes mean")
      ->group("Output");
  app.add_flag("--plaintext", decode.capture_plaintext, "--format capture: add the decrypted node of binary frames")
      ->group("Output");
  app.add_flag("--redact", decode.redact, "strip keys and tokens (secret, tokens, media keys) from the output")
      ->group("Output");
  app.add_flag("--stats", decode.stats, "print counts by kind and node, bytes and errors on stderr at the end")
      ->group("Output");
  app.add_flag("-q,--quiet", decode.quiet, "print no records (with --stats: only the summary)")->group("Output");
  tools::addModeOption(app, "--progress", decode.progress,
                       "progress bar on stderr: auto (a terminal and a large file), always, never")
      ->group("Output");
  app.add_option("-j,--jobs", decode.jobs,
                 "threads reading and decoding a capture's messages or plaintext nodes (default: the cores available; 1: one thread; the output "
                 "is the same)")
      ->check(CLI::Range(1u, 256u))
      ->group("Output");

  app.add_option("--dir", decode.filter_dir, "only records in this direction")
      ->check(CLI::IsMember({"send", "receive"}))
      ->group("Filters");
  // Each use takes one value, so that `--tag T FILE` leaves FILE to the input.
  app.add_option("--tag", decode.filter_tags, "only records with this tag (repeatable)")
      ->allow_extra_args(false)
      ->group("Filters");
  app.add_option("--node", decode.filter_nodes, "only binary records with a node of this description (repeatable)")
      ->allow_extra_args(false)
      ->group("Filters");
  app.add_option("--conn", decode.filter_conns, "only records of this connection (repeatable)")
      ->allow_extra_args(false)
      ->group("Filters");
  app.add_option("--line-direction", decode.line_direction, "direction of single-frame lines (else inferred)")
      ->check(CLI::IsMember({"send", "receive", "unknown"}))
      ->capture_default_str()
      ->group("Input");

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
  parsed.exit_now = tools::parseCommandLine(app, argc, argv);
  if (parsed.exit_now >= 0) return parsed;
  decode.proto_bytes = proto_bytes == "hex"      ? codec::ProtoBytes::Hex
                       : proto_bytes == "escape" ? codec::ProtoBytes::Escaped
                                                 : codec::ProtoBytes::Base64;
  encode.style = *codec::parseEncodeStyle(style);
  if (enc->parsed())
    parsed.command = encode;
  else
    parsed.command = decode;
  return parsed;
}

}  // namespace wa::wadecode
