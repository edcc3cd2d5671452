// Opening wadecode's input and telling plaintext nodes from captures.
#include "wadecode/decode_input.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/input.h"
#include "wa/capture/capture_reader.h"

namespace wa::wadecode {
namespace {

/// Reads up to `n` bytes of `source` for a look, then puts them back in front of it.
tools::Outcome<std::string> peek(std::unique_ptr<capture::ByteSource>& source, std::size_t n, const std::string& name) {
  std::string head(n, '\0');
  auto got = source->read(std::span<char>(head.data(), head.size()));
  if (!got) return tools::fail(tools::kExitIo, fmt::format("{}: {}", name, got.error().message));
  head.resize(*got);
  source = capture::makePrefixedSource(head, std::move(source));
  return head;
}

bool isListTag(char c) noexcept { return static_cast<unsigned char>(c) == 248 || static_cast<unsigned char>(c) == 249; }

}  // namespace

bool looksLikeNodeHex(std::string_view head) noexcept {
  const std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || i + 1 >= head.size()) return false;
  const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(head[i])));
  const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(head[i + 1])));
  return a == 'f' && (b == '8' || b == '9');
}

tools::Outcome<DecodeInput> openDecodeInput(const DecodeOptions& options) {
  const std::string name = tools::inputName(options.input);
  const bool from_stdin = tools::isStdio(options.input);
  auto opened = capture::openFileSource(from_stdin ? "-" : options.input);
  if (!opened) return tools::fail(tools::kExitIo, opened.error().message);  // names the path
  DecodeInput in;
  in.source = std::move(*opened);
  auto first = peek(in.source, 1, name);
  if (!first) return tl::unexpected(std::move(first.error()));
  if (first->empty()) return in;  // Kind::Empty

  if (options.input_format == "node-hex" || options.input_format == "node-bin") {
    in.kind = DecodeInput::Kind::Nodes;
    in.node_format = options.input_format;
    return in;
  }
  in.kind = DecodeInput::Kind::Capture;
  in.format = capture::parseCaptureFormat(options.input_format).value_or(capture::CaptureFormat::Unknown);
  if (options.input_format != "auto") return in;

  auto detected = capture::detectSource(std::move(in.source));
  if (!detected) return tools::fail(tools::kExitIo, fmt::format("{}: {}", name, detected.error().message));
  in.source = std::move(detected->source);
  in.format = detected->format;
  // Plaintext nodes start with a list tag, or its hex.
  auto head = peek(in.source, 4096, name);
  if (!head) return tl::unexpected(std::move(head.error()));
  if (!head->empty() && isListTag((*head)[0])) {
    in.kind = DecodeInput::Kind::Nodes;
    in.node_format = "node-bin";
  } else if ((in.format == capture::CaptureFormat::HexLines || in.format == capture::CaptureFormat::Unknown) &&
             looksLikeNodeHex(*head)) {
    in.kind = DecodeInput::Kind::Nodes;
    in.node_format = "node-hex";
  }
  return in;
}

tools::Outcome<std::string_view> readAll(capture::ByteSource& source, support::ReadBuffer& storage,
                                         const std::string& name) {
  if (auto mapped = source.borrowAll()) return *mapped;
  // Read straight into the growing buffer: one copy, and the doubling keeps the moves few.
  std::size_t size = 0;
  for (;;) {
    if (storage.size() - size < (std::size_t{1} << 16)) storage.resize(std::max<std::size_t>(storage.size() * 2, 1 << 17));
    auto n = source.read(std::span<char>(storage.chars() + size, storage.size() - size));
    if (!n) return tools::fail(tools::kExitIo, fmt::format("{}: {}", name, n.error().message));
    if (*n == 0) break;
    size += *n;
  }
  storage.resize(size);
  return std::string_view(storage.chars(), size);
}

}  // namespace wa::wadecode
