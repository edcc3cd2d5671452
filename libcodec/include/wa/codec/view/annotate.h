// A byte-by-byte account of a binary node: which bytes mean what (docs/protocol.md, "Binary nodes").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wa/codec/error.h"
#include "wa/codec/error.h"
#include "wa/codec/node/decoder.h"

namespace wa::codec {

/// One run of bytes with one meaning, e.g. {offset 6, size 3, role "attribute value",
/// meaning "NIBBLE_8 1 byte, odd -> \"1\""}.
struct ByteAnnotation {
  std::size_t offset = 0;  ///< of the first byte, from the start of the node
  std::size_t size = 0;    ///< bytes covered; at least 1
  /// Nesting for display: 0 for the root node's own bytes, +1 inside each child list, +1 for the
  /// parts of a JID (user, server).
  std::size_t depth = 0;
  /// What the run is: "node" (the root's list header), "child 2 of 3", "description",
  /// "attribute key", "attribute value", "content", "bytes" (raw content), "user", "server".
  std::string role;
  std::string meaning;  ///< "LIST_8 size 5: 2 attributes, no content", "token 9 \"action\"", ...
};

/// The annotations of one node in byte order. They cover the input from offset 0 without gaps or
/// overlap: all of it when there is no error, otherwise a prefix that ends at or before the error.
struct NodeAnnotation {
  std::vector<ByteAnnotation> items;
  /// Set when the bytes are not a valid node: exactly the error decodeNode() reports for them
  /// (code, stage Decode, offset and message). Items stop before the part that failed.
  std::optional<Error> error;
};

/// Decodes `bytes` with the decoder's own walk and says what every byte means. Valid input gives
/// items that cover every byte; invalid input gives the items before the failure and the error
/// decodeNode() reports for the same bytes and limits (one walk, so they cannot disagree).
/// Never throws on malformed input; bounded by `limits` like the decoder; memory is linear in the
/// input (at most one item per input byte, and the decoded tree).
NodeAnnotation annotateNode(ByteView bytes, const DecodeLimits& limits = {});

/// How formatAnnotation() lays out its lines.
struct AnnotationFormat {
  std::size_t bytes_per_line = 8;  ///< hex bytes per line; longer runs continue on the next lines
  /// Runs longer than this show their first `max_run_bytes` bytes and then "... N more bytes".
  std::size_t max_run_bytes = 64;
  std::size_t indent = 2;  ///< spaces per depth level in the meaning column
};

/// A text table, one line per annotation (and per continuation of a long run):
///   `OFFSET  HEX BYTES  ROLE: MEANING`
/// with a header line. OFFSET is hex, four digits or more; ROLE is indented by depth. When
/// `annotation.error` is set, the bytes after the last annotation follow, the first line marked
/// `<?>` with describe(error).
/// `bytes` must be the input given to annotateNode().
std::string formatAnnotation(ByteView bytes, const NodeAnnotation& annotation, const AnnotationFormat& format = {});

}  // namespace wa::codec
