// What wadecode reads: a capture of some format, or plaintext nodes, told apart from the first
// bytes unless --input-format says.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/failure.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/detect.h"
#include "wa/support/read_buffer.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// The input after its first bytes were looked at.
struct DecodeInput {
  enum class Kind : std::uint8_t {
    Empty,    ///< no byte at all: an empty capture
    Capture,  ///< captured messages: `format` (Unknown when --input-format is a line format's alias)
    Nodes,    ///< plaintext nodes: `node_format` is node-hex or node-bin
  };
  Kind kind = Kind::Empty;
  capture::CaptureFormat format = capture::CaptureFormat::Unknown;
  std::string node_format;
  std::unique_ptr<capture::ByteSource> source;  ///< yields every byte, those looked at included
};

/// Opens the input (a file, or standard input for "" and "-") and looks at its first bytes: an
/// empty input, plaintext nodes (--input-format node-hex|node-bin, or auto and the first byte is a
/// list tag, or hex of one), else a capture of the given or detected format. Fails with exit
/// status 3 when the input cannot be opened or read.
tools::Outcome<DecodeInput> openDecodeInput(const DecodeOptions& options);

/// True when `head` starts (after whitespace) with the hex of a list tag: plaintext nodes in hex.
bool looksLikeNodeHex(std::string_view head) noexcept;

/// The whole of `source`. A regular file of 1 MiB or more is mapped, not copied (the view lives as
/// long as `source`; its pages can be given back with releaseBefore); any other input is read into
/// `storage`, which the view then points into. Fails (exit 3) naming `name`.
tools::Outcome<std::string_view> readAll(capture::ByteSource& source, support::ReadBuffer& storage,
                                         const std::string& name);

}  // namespace wa::wadecode
