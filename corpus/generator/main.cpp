// wa-corpus-gen: writes the deterministic corpus (nodes now; sessions later) from a seed.
//
//   wa-corpus-gen nodes [--seed N] [--count N] [--kind mixed|small|history|contacts|chats]
//                       [--style server|webclient|plain] [--output-format hex|bin] [--out DIR|-]
//   wa-corpus-gen session [--seed N] [--sessions N] [--restore] [--faults] [--size small|large] --out DIR
// hex writes one hex line per node to stdout (or DIR/nodes.hex); bin writes DIR/<kind>_<i>.bin.
// session writes DIR/<name>.{jsonl,har,mitm,pcap,pcapng,keys.json} (pcap variants: deflate,
// fragmented, no context takeover, reordered and retransmitted segments, IPv6 SLL2; with --faults, segments
// captured after their ACK; bytes lost; a capture started late).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "wa/testing/generator/node_corpus.h"
#include "wa/testing/generator/session_writers.h"
#include "wa/codec/node/encoder.h"
#include "wa/support/text/hex.h"

namespace {

/// Bytes of message k's single frame as toPcap() writes it by default (no fragments, no deflate).
std::size_t frameBytes(const wa::testing::GeneratedSession& s, std::size_t k) {
  const auto& m = s.messages[k];
  const std::size_t n = m.payload.size();
  std::size_t header = n < 126 ? 2 : n < 65536 ? 4 : 10;
  if (m.dir == wa::codec::Direction::Send) header += 4;  // the client's masking key
  return header + n;
}

void writeFile(const std::filesystem::path& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
}

int writeSessions(std::uint64_t seed, std::size_t count, bool restore, bool large, bool faults, const std::string& name,
                  const std::string& out) {
  std::filesystem::create_directories(out);
  std::vector<wa::testing::GeneratedSession> sessions;
  for (std::size_t i = 0; i < count; ++i) {
    wa::testing::SessionOptions o;
    o.seed = seed + i;
    o.restore = restore;
    o.start_time += static_cast<double>(i) * 3600.0;
    if (large) o = wa::testing::withLargeSizes(o);
    sessions.push_back(wa::testing::generateSession(o));
  }
  std::vector<const wa::testing::GeneratedSession*> ptrs;
  for (const auto& s : sessions) ptrs.push_back(&s);
  const std::filesystem::path dir(out);

  std::string jsonl;
  for (std::size_t i = 0; i < sessions.size(); ++i) jsonl += wa::testing::toCaptureJsonl(sessions[i], std::to_string(i));
  writeFile(dir / (name + ".jsonl"), jsonl);
  writeFile(dir / (name + ".har"), wa::testing::toHar(ptrs));
  writeFile(dir / (name + ".mitm"), wa::testing::toMitmFlows(ptrs));

  wa::testing::PcapSessionOptions pcap;
  writeFile(dir / (name + ".pcap"), wa::testing::toPcap(ptrs, pcap));
  wa::testing::PcapSessionOptions variant = pcap;
  variant.deflate = true;
  variant.fragment_size = 700;
  variant.tcp.reorder_every = 7;
  variant.tcp.retransmit_every = 5;
  variant.tcp.segment_size = 536;
  writeFile(dir / (name + ".deflate.pcap"), wa::testing::toPcap(ptrs, variant));
  variant.no_context_takeover = true;
  variant.ipv6 = true;
  variant.file.link = wa::testing::PcapLinkType::LinuxSll2;
  variant.file.format = wa::testing::PcapFileFormat::Pcapng;
  writeFile(dir / (name + ".nctx.pcapng"), wa::testing::toPcap(ptrs, variant));

  // Captures with faults of the capture itself: segments recorded after the ACK that covers them
  // (with swaps and retransmissions), which decode completely; bytes lost from the first session
  // (a whole message, then the end of one frame with the next header), which cost only the
  // messages they touch; and a capture that starts after the upgrade.
  if (faults) {
    wa::testing::PcapSessionOptions late = pcap;
    late.deflate = true;
    late.tcp.segment_size = 400;
    late.tcp.after_ack_every = 3;
    late.tcp.reorder_every = 5;
    late.tcp.retransmit_every = 4;
    writeFile(dir / (name + ".late.pcap"), wa::testing::toPcap(ptrs, late));
    if (!sessions.empty() && sessions[0].messages.size() > 20) {
      wa::testing::PcapSessionOptions loss = pcap;
      // Message 12 whole (a loss between frames); from byte 20 of message 17 over the next header.
      loss.losses = {{.message = 12, .from = 0, .length = frameBytes(sessions[0], 12)},
                     {.message = 17, .from = 20, .length = frameBytes(sessions[0], 17) - 20 + 4}};
      writeFile(dir / (name + ".loss.pcap"), wa::testing::toPcap(ptrs, loss));
      wa::testing::PcapSessionOptions midstream = pcap;
      midstream.start_at_message = 10;
      midstream.start_offset = 30;
      writeFile(dir / (name + ".midstream.pcap"), wa::testing::toPcap(ptrs, midstream));
    }
  }

  // Keys: one session gives one plain key file. Several give per-connection files, one per way
  // the readers name connections: JSONL and mitmproxy by index, HAR by entry index (entry 0 is an
  // ordinary page load), pcap by the client's port.
  if (sessions.size() == 1) {
    writeFile(dir / (name + ".keys.json"), wa::testing::sessionKeyFile(sessions[0].secrets));
  } else {
    auto perConnection = [&](auto connName) {
      std::string keys = "{\"connections\": {";
      for (std::size_t i = 0; i < sessions.size(); ++i) {
        std::string entry = wa::testing::sessionKeyFile(sessions[i].secrets);
        while (!entry.empty() && (entry.back() == '\n' || entry.back() == ' ')) entry.pop_back();
        keys += fmt::format("{}\"{}\": {}", i == 0 ? "" : ", ", connName(i), entry);
      }
      return keys + "}}\n";
    };
    writeFile(dir / (name + ".keys.json"), perConnection([](std::size_t i) { return std::to_string(i); }));
    writeFile(dir / (name + ".har.keys.json"), perConnection([](std::size_t i) { return std::to_string(i + 1); }));
    writeFile(dir / (name + ".pcap.keys.json"),
              perConnection([&](std::size_t i) { return std::to_string(pcap.first_client_port + i); }));
  }
  return 0;
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
  auto* session = app.add_subcommand("session", "whole sessions in every capture format, with key files");
  std::size_t sessions = 1;
  bool restore = false;
  std::string size = "small", name = "session";
  session->add_option("--seed", seed, "generator seed")->capture_default_str();
  session->add_option("--sessions", sessions, "sessions (connections) in the captures")->capture_default_str();
  session->add_flag("--restore", restore, "log in with tokens instead of a QR scan (no secret in the capture)");
  bool faults = false;
  session->add_flag("--faults", faults,
                    "also pcaps with faults of the capture: <name>.late.pcap (segments after their ACK), "
                    "<name>.loss.pcap (bytes lost), <name>.midstream.pcap (started after the upgrade)");
  session->add_option("--size", size, "small (a sample) or large (for benchmarks)")
      ->check(CLI::IsMember({"small", "large"}))
      ->capture_default_str();
  session->add_option("--name", name, "file name stem")->capture_default_str();
  session->add_option("--out", out, "output folder")->required();
  CLI11_PARSE(app, argc, argv);

  if (session->parsed()) return writeSessions(seed, sessions, restore, size == "large", faults, name, out);

  auto style = *wa::codec::parseEncodeStyle(style_name);
  wa::testing::NodeGenerator gen(seed);
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
      hex_out << wa::support::toHex(*bytes) << '\n';
    } else {
      std::ofstream f(std::filesystem::path(out) / fmt::format("{}_{:04}.bin", kind, i), std::ios::binary);
      f.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    }
  }
  return 0;
}
