// Plaintext node inputs: one hex node per line (node-hex) or one binary node per file (node-bin).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "wa/session/error.h"

namespace wa::wadecode {

/// One input record: the node bytes, or the reason they could not be read (then `bytes` holds
/// the raw line). `source_offset` is the byte offset of the record in the input.
struct NodeRecord {
  std::size_t index = 0;
  std::uint64_t source_offset = 0;
  std::string bytes;
  std::optional<session::Error> error;  ///< Capture: not hex; Decode: not a node
};

/// Chooses node-bin when the input starts with a list tag byte (0xF8, 0xF9), else node-hex.
std::string detectNodeInputFormat(std::string_view input);

/// Calls `sink` for every record of `input` in order. node-hex skips blank lines and lines
/// starting with '#'; a line that is not hex gives an error record (offset within the line).
void forEachNodeRecord(std::string_view input, const std::string& format,
                       const std::function<void(NodeRecord&)>& sink);

}  // namespace wa::wadecode
