// wa-corpus-gen: writes the deterministic corpus (nodes now; sessions later) from a seed.
//
//   wa-corpus-gen nodes [--seed N] [--count N] [--kind mixed|small|history|contacts|chats]
//                       [--style server|webclient|plain] [--output-format hex|bin] [--out DIR|-]
// hex writes one hex line per node to stdout (or DIR/nodes.hex); bin writes DIR/<kind>_<i>.bin.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "generator/node_corpus.h"
#include "wa/codec/node/encoder.h"

namespace {

std::string toHex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wa-corpus-gen: deterministic corpus of the binary node protocol"};
  app.require_subcommand(1);
  std::uint64_t seed = 1;
  std::size_t count = 20;
  std::string kind = "mixed", style_name = "server", format = "hex", out = "-";
  auto* nodes = app.add_subcommand("nodes", "encoded nodes of realistic shapes");
  nodes->add_option("--seed", seed, "generator seed")->capture_default_str();
  nodes->add_option("--count", count, "number of nodes")->capture_default_str();
  nodes->add_option("--kind", kind, "node shape")
      ->check(CLI::IsMember({"mixed", "small", "history", "contacts", "chats", "group"}))
      ->capture_default_str();
  nodes->add_option("--style", style_name, "encoder style")
      ->check(CLI::IsMember({"server", "webclient", "plain"}))
      ->capture_default_str();
  nodes->add_option("--output-format", format, "hex lines or binary files")
      ->check(CLI::IsMember({"hex", "bin"}))
      ->capture_default_str();
  nodes->add_option("--out", out, "output folder, or - for stdout (hex only)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto style = *wa::codec::parseEncodeStyle(style_name);
  wa::corpus::NodeGenerator gen(seed);
  if (format == "bin" && out == "-") {
    std::cerr << "wa-corpus-gen: error: --output-format bin needs --out DIR\n";
    return 2;
  }
  if (out != "-") std::filesystem::create_directories(out);
  std::ofstream hex_file;
  if (format == "hex" && out != "-") hex_file.open(std::filesystem::path(out) / "nodes.hex");
  std::ostream& hex_out = out == "-" ? std::cout : hex_file;

  for (std::size_t i = 0; i < count; ++i) {
    wa::codec::Node node = kind == "small"      ? gen.small()
                           : kind == "history"  ? gen.historyChunk(gen.random().between(3, 30))
                           : kind == "contacts" ? gen.contactsResponse(gen.random().between(50, 400))
                           : kind == "chats"    ? gen.chatsResponse(gen.random().between(20, 300))
                           : kind == "group"    ? gen.groupMetadata(gen.random().between(3, 300))
                                                : gen.mixed();
    auto bytes = wa::codec::encodeNode(node, style);
    if (!bytes) {
      std::cerr << "wa-corpus-gen: error: " << bytes.error().message << "\n";
      return 1;
    }
    if (format == "hex") {
      hex_out << toHex(*bytes) << '\n';
    } else {
      std::ofstream f(std::filesystem::path(out) / fmt::format("{}_{:04}.bin", kind, i), std::ios::binary);
      f.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    }
  }
  return 0;
}
