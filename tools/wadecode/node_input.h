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

/// One record's place in a node input: its text (a node-hex line, or all of a node-bin input), its
/// byte offset there, and its number.
struct NodeLine {
  std::string_view text;
  std::uint64_t offset = 0;
  std::size_t index = 0;
};

/// The records of a node input, in order: node-hex lines that are not blank and do not start
/// with '#', or the one record of node-bin. Views into the input, which must outlive them.
class NodeLines {
 public:
  NodeLines(std::string_view input, const std::string& format);
  /// The next record, or false at the end.
  bool next(NodeLine& line);
  /// Offset of the first byte not yet looked at.
  [[nodiscard]] std::uint64_t position() const noexcept { return pos_; }

 private:
  std::string_view input_;
  bool binary_;
  std::size_t pos_ = 0;
  std::size_t index_ = 0;
};

/// The bytes of `line` into `record` (index, offset, bytes or error): hex decoded for node-hex,
/// copied for node-bin. Reuses record.bytes' buffer.
void readNodeRecord(const NodeLine& line, bool hex, NodeRecord& record);

/// Chooses node-bin when the input starts with a list tag byte (0xF8, 0xF9), else node-hex.
std::string detectNodeInputFormat(std::string_view input);

/// Calls `sink` for every record of `input` in order. node-hex skips blank lines and lines
/// starting with '#'; a line that is not hex gives an error record (offset within the line).
void forEachNodeRecord(std::string_view input, const std::string& format,
                       const std::function<void(NodeRecord&)>& sink);

}  // namespace wa::wadecode
