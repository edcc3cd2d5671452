// `wadecode [FILE]`: every record read, decrypted, decoded and printed; failures reported and
// printed in place; nothing dropped.
#include "wadecode/decode_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/input.h"
#include "common/progress.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/node/decoder.h"
#include "wa/crypto/bytes.h"
#include "wadecode/annotate_command.h"
#include "wa/session/capture_keys.h"
#include "wadecode/node_input.h"
#include "wadecode/printer.h"
#include "wa/session/message_decoder.h"
#include "wadecode/record_printer.h"
#include "wadecode/stats.h"

namespace wa::wadecode {
namespace {

int runNodeInput(const DecodeOptions& options, std::string_view input, const std::string& format,
                 tools::Diagnostics& diag) {
  const std::string name = tools::inputName(options.input);
  auto printer = makePrinter(options, tools::useColor(options.color, stdout), stdout);
  codec::DecodeLimits limits;
  limits.max_depth = options.max_depth;
  int status = tools::kExitOk;
  codec::Node node;
  forEachNodeRecord(input, format, [&](NodeRecord& record) {
    std::optional<session::Error> error = record.error;
    if (!error) {
      if (auto r = codec::decodeNodeInto(codec::asBytes(record.bytes), node, limits); !r)
        error = session::toSessionError(r.error());
    }
    if (error) {
      printer->failure(record.index, *error, record.bytes);
      printer->flush();
      tools::reportRecordError(diag, name, record.index, *error);
      status = tools::kExitRecordsFailed;
      node = codec::Node();  // a failed decode leaves a partial tree
      return;
    }
    printer->node(record.index, node);
  });
  printer->flush();
  return status;
}

std::optional<crypto::Key32> parseKeyOption(const std::string& value, const char* name, tools::Diagnostics& diag,
                                            bool& ok) {
  if (value.empty()) return std::nullopt;
  auto bytes = crypto::decodeKeyValue(value);
  if (!bytes) {
    diag.error(fmt::format("--{}: {}", name, bytes.error().message));
    ok = false;
    return std::nullopt;
  }
  auto key = crypto::toFixed<32>(*bytes, fmt::format("--{}", name));
  if (!key) {
    diag.error(key.error().message);
    ok = false;
    return std::nullopt;
  }
  return *key;
}

bool passesFilters(const DecodeOptions& o, const session::Record& r) {
  auto in = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  if (!o.filter_dir.empty() && codec::toString(r.dir) != o.filter_dir) return false;
  if (!in(o.filter_tags, r.tag) || !in(o.filter_conns, r.message->conn)) return false;
  if (!o.filter_nodes.empty()) {
    if (!r.has_node) return false;
    bool hit = in(o.filter_nodes, r.node.description);
    for (const auto& c : r.node.children)
      if (!hit) hit = in(o.filter_nodes, c.description);
    if (!hit) return false;
  }
  return true;
}

std::uint64_t fileSize(const std::string& path) {
  struct stat st {};
  if (path.empty() || path == "-") {
    if (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) return static_cast<std::uint64_t>(st.st_size);
    return 0;
  }
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// Plaintext node inputs are told apart from captures by their first byte: a list tag.
bool looksLikeNodeHex(std::string_view head) {
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || i + 1 >= head.size()) return false;
  char a = static_cast<char>(std::tolower(static_cast<unsigned char>(head[i])));
  char b = static_cast<char>(std::tolower(static_cast<unsigned char>(head[i + 1])));
  return a == 'f' && (b == '8' || b == '9');
}

/// {"encKey", "macKey"} of the resolved keys of `conn`, or nullopt.
std::optional<nlohmann::ordered_json> keysJson(session::CaptureKeys& keys, const std::string& conn) {
  auto k = keys.keysFor(conn);
  if (!k) return std::nullopt;
  return nlohmann::ordered_json{{"encKey", crypto::base64Encode(k->enc_key)},
                                {"macKey", crypto::base64Encode(k->mac_key)}};
}

/// --print-keys when the key file and options settle every key without a capture: the keys of
/// each connection the file names (or the one set of keys), else nullopt (the capture's Conn
/// secret is needed).
std::optional<nlohmann::ordered_json> settledKeys(session::CaptureKeys& keys) {
  const std::vector<std::string> named = keys.namedConnections();
  if (named.empty()) return keysJson(keys, "");
  nlohmann::ordered_json out;
  for (const auto& conn : named) {
    auto entry = keysJson(keys, conn);
    if (!entry) return std::nullopt;
    out["connections"][conn] = std::move(*entry);
  }
  return out;
}

}  // namespace

int runDecode(const DecodeOptions& options, tools::Diagnostics& diag) {
  const std::string name = tools::inputName(options.input);

  // Keys first: a configuration error stops before any input is read.
  bool keys_ok = true;
  session::KeySources sources;
  if (!options.keys_file.empty()) {
    auto file = crypto::readKeyFile(options.keys_file);
    if (!file) {
      diag.error(fmt::format("{}: {}", options.keys_file, file.error().message));
      return file.error().code == crypto::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
    }
    sources.file = std::move(*file);
  }
  sources.enc_key = parseKeyOption(options.enc_key, "enc-key", diag, keys_ok);
  sources.mac_key = parseKeyOption(options.mac_key, "mac-key", diag, keys_ok);
  sources.private_key = parseKeyOption(options.private_key, "private-key", diag, keys_ok);
  if (!keys_ok) return tools::kExitUsage;
  if (sources.enc_key.has_value() != sources.mac_key.has_value()) {
    diag.error("--enc-key and --mac-key go together");
    return tools::kExitUsage;
  }

  const bool from_stdin = options.input.empty() || options.input == "-";
  if (options.print_keys && from_stdin) {
    // Keys that the key file settles need no capture: nothing is read.
    session::CaptureKeys probe(sources);
    if (auto settled = settledKeys(probe)) {
      std::printf("%s\n", settled->dump(2).c_str());
      return tools::kExitOk;
    }
    if (::isatty(STDIN_FILENO) != 0) {
      diag.error("--print-keys: the keys come from the capture's Conn secret: give the capture (a file, or on "
                 "standard input)");
      return tools::kExitUsage;
    }
  }

  auto source = capture::openFileSource(from_stdin ? "-" : options.input);
  if (!source) {
    diag.error(source.error().message);  // names the path
    return tools::kExitIo;
  }
  auto format = capture::parseCaptureFormat(options.input_format).value_or(capture::CaptureFormat::Unknown);
  bool node_input = options.input_format == "node-hex" || options.input_format == "node-bin";
  std::string node_format = options.input_format;
  std::unique_ptr<capture::ByteSource> src = std::move(*source);
  {
    // An empty input is an empty capture, whatever its format: no records.
    std::string first(1, '\0');
    auto n = src->read(std::span<char>(first.data(), first.size()));
    if (!n) {
      diag.error(fmt::format("{}: {}", name, n.error().message));
      return tools::kExitIo;
    }
    if (*n == 0 && options.print_keys) {
      diag.error(fmt::format("{}: --print-keys: the keys come from the capture's Conn secret, and the input is empty",
                             name));
      return tools::kExitUsage;
    }
    if (*n == 0) {
      diag.note(fmt::format("{}: empty input: no records", name));
      return tools::kExitOk;
    }
    first.resize(*n);
    src = capture::makePrefixedSource(std::move(first), std::move(src));
  }
  if (options.input_format == "auto") {
    auto detected = capture::detectSource(std::move(src));
    if (!detected) {
      diag.error(fmt::format("{}: {}", name, detected.error().message));
      return tools::kExitIo;
    }
    src = std::move(detected->source);
    format = detected->format;
    // Peek again through the replaying source to tell plaintext nodes from captures.
    std::string head(4096, '\0');
    auto n = src->read(std::span<char>(head.data(), head.size()));
    head.resize(n ? *n : 0);
    if (!head.empty() && (static_cast<unsigned char>(head[0]) == 248 || static_cast<unsigned char>(head[0]) == 249)) {
      node_input = true;
      node_format = "node-bin";
    } else if ((format == capture::CaptureFormat::HexLines || format == capture::CaptureFormat::Unknown) &&
               looksLikeNodeHex(head)) {
      node_input = true;
      node_format = "node-hex";
    }
    src = capture::makePrefixedSource(std::move(head), std::move(src));
  }
  if (node_input) {
    std::string all;
    std::string chunk(1 << 16, '\0');
    for (;;) {
      auto n = src->read(std::span<char>(chunk.data(), chunk.size()));
      if (!n) {
        diag.error(fmt::format("{}: {}", name, n.error().message));
        return tools::kExitIo;
      }
      if (*n == 0) break;
      all.append(chunk.data(), *n);
    }
    if (options.annotate) return runAnnotate(options, all, node_format, diag);
    return runNodeInput(options, all, node_format, diag);
  }
  if (options.annotate) {
    diag.error(fmt::format("{}: --annotate reads plaintext nodes (--input-format node-hex or node-bin)", name));
    return tools::kExitUsage;
  }

  capture::ReaderOptions reader_options;
  reader_options.line_direction = options.line_direction == "send"      ? codec::Direction::Send
                                  : options.line_direction == "receive" ? codec::Direction::Receive
                                                                        : codec::Direction::Unknown;
  session::CaptureKeys keys(std::move(sources));
  // After a capture loss, frames found again must carry this session's HMAC (when keys are known).
  reader_options.check_frame = [&keys](std::string_view conn, codec::Direction dir, codec::Opcode op,
                                       codec::ByteView payload, bool complete) {
    return keys.checkCandidate(conn, dir, op, payload, complete);
  };
  auto reader = capture::openCaptureReader(std::move(src), format, reader_options);
  if (!reader) {
    diag.error(fmt::format("{}: {}: {}", name, capture::toString(reader.error().stage), reader.error().message));
    return reader.error().code == support::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
  }

  codec::DecodeLimits limits;
  limits.max_depth = options.max_depth;
  session::MessageDecoder decoder(keys, limits);
  // Re-exporting a capture needs no keys unless the plaintext is asked for.
  decoder.setDecrypt(options.format != "capture" || options.capture_plaintext);
  std::unique_ptr<DecodedRecordPrinter> printer;
  if (!options.quiet && !options.print_keys)
    printer = makeRecordPrinter(options, tools::useColor(options.color, stdout), stdout);
  Stats stats;
  std::uint64_t total = fileSize(options.input);
  tools::ProgressBar progress(
      "wadecode", total,
      tools::ProgressBar::wanted(options.progress == tools::ColorMode::Always  ? 1
                                 : options.progress == tools::ColorMode::Never ? 2
                                                                               : 0,
                                 total));

  capture::CaptureMessage message;
  session::Record record;
  std::size_t index = 0, failed = 0;
  std::vector<std::string> conns;
  std::map<std::string, std::size_t> key_failures;  // identical key errors are reported once
  while ((*reader)->read(message)) {
    record.index = index++;
    decoder.decode(message, record);
    for (auto& w : decoder.takeWarnings()) {
      if (printer) printer->flush();
      diag.warningOnce(fmt::format("{}: {}", name, w));
    }
    if (options.print_keys) {
      if (std::find(conns.begin(), conns.end(), message.conn) == conns.end()) conns.push_back(message.conn);
      continue;
    }
    progress.update(message.source_offset);
    if (!passesFilters(options, record)) continue;
    if (options.stats) stats.add(record);
    if (printer) printer->print(record);
    if (record.error) {
      ++failed;
      if (printer) printer->flush();
      progress.finish();
      if (record.error->stage != session::Stage::Keys)
        tools::reportRecordError(diag, name, record.index, *record.error);
      else if (key_failures[record.error->message]++ == 0)
        tools::reportRecordError(diag, name, record.index, *record.error, " (reported once)");
    }
  }
  progress.finish();
  if (printer && !printer->flush()) {
    diag.error("<stdout>: write failed");
    return tools::kExitIo;
  }

  if (options.print_keys) {
    nlohmann::ordered_json out;
    auto entry = [&](const std::string& conn) -> std::optional<nlohmann::ordered_json> {
      auto k = keys.keysFor(conn);
      if (!k) return std::nullopt;
      return nlohmann::ordered_json{{"encKey", crypto::base64Encode(k->enc_key)},
                                    {"macKey", crypto::base64Encode(k->mac_key)}};
    };
    if (conns.size() <= 1) {
      auto e = entry(conns.empty() ? std::string() : conns.front());
      if (!e) {
        diag.error(fmt::format("{}: {}", name, keys.missingReason(conns.empty() ? "" : conns.front())));
        return tools::kExitUsage;
      }
      out = *e;
    } else {
      for (const auto& c : conns)
        if (auto e = entry(c)) out["connections"][c] = *e;
      if (out.empty()) {
        diag.error(fmt::format("{}: no keys for any connection", name));
        return tools::kExitUsage;
      }
    }
    std::printf("%s\n", out.dump(2).c_str());
    return tools::kExitOk;
  }
  if (options.stats) {
    std::fflush(stdout);
    std::fprintf(stderr, "wadecode: stats for %s\n%s", name.c_str(), stats.summary().c_str());
  }
  if (failed > 0) {
    diag.error(fmt::format("{}: {} of {} records failed", name, failed, index));
    return tools::kExitRecordsFailed;
  }
  return tools::kExitOk;
}

}  // namespace wa::wadecode
