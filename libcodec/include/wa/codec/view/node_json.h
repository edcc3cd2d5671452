// Node JSON: a lossless JSON form of a node tree, written fast and read back with located errors.
//
// Shape (reasons in docs/decisions/node-json-and-proto-views.md):
// `[description, {attributes in wire order}, content]`.
//   content  null            ContentKind::None
//            "text"          ContentKind::Text
//            [node, ...]     ContentKind::Children ([] when empty)
//            {"b64": "..."}  ContentKind::Bytes (standard base64 with padding)
// A `message` node with Bytes content (at any depth) also carries, in that same object,
// "WebMessageInfo": {...} (the mapping of ProtoView::toJson) or "error": "proto at offset N: ..."
// when the bytes do not parse. Readers ignore both keys: "b64" is the truth.
//
// Bytes that are not UTF-8 stay lossless and the output stays strict JSON (any parser reads it):
//   - a description or attribute value that is not UTF-8 is written {"b64": "..."};
//   - Text content that is not UTF-8 is written {"b64": "...", "text": true};
//   - when an attribute key is not UTF-8 or a key repeats, the attributes are written as a list of
//     pairs [[key, value], ...] (key as a string or {"b64": ...}) instead of an object.
// Attribute values that are absent (std::nullopt) are JSON null.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "wa/codec/error.h"
#include "wa/codec/node/node.h"

namespace wa::support {
class JsonTapeWriter;
}  // namespace wa::support

namespace wa::codec {

struct NodeJsonWriteOptions {
  /// false: one line, no spaces (JSONL). true: 2-space indent, the layout of `jq .`.
  bool pretty = false;
  /// Parse the bytes of `message` nodes as WebMessageInfo and add "WebMessageInfo" or "error".
  bool decode_proto = true;
  /// Pretty only: the indent level (2 spaces each) of the line the node starts on, for embedding
  /// the node inside an already indented document. The first line is not indented.
  std::size_t indent_level = 0;
};

/// Appends the node JSON of `node` to `out` (no trailing newline). Recurses once per tree level:
/// trees from decodeNode are depth-limited; hand-made trees must be reasonable.
void appendNodeJson(std::string& out, const Node& node, const NodeJsonWriteOptions& options = {});

/// The value appendNodeJson writes (options.pretty aside), into a tape: what json.loads of that
/// text gives. Check w.failed() (nesting past the tape's limit) before using the tape.
void writeNodeTape(support::JsonTapeWriter& w, const Node& node, const NodeJsonWriteOptions& options = {});

/// The node JSON of `node` as a new string.
[[nodiscard]] std::string nodeToJson(const Node& node, const NodeJsonWriteOptions& options = {});

struct NodeJsonReadOptions {
  /// Nodes nested deeper than this fail with LimitExceeded (the root is depth 1), as in DecodeLimits.
  std::size_t max_depth = 64;
};

/// Reads node JSON text back into a node: exactly one node, surrounded only by whitespace.
/// Accepts every form the writer produces, plus: attributes `null` (none), a node array of 1 or 2
/// elements (missing attributes are {}, missing content is null), escaped `\/` and surrogate
/// pairs. Keys "WebMessageInfo" and "error" of a Bytes object are skipped unread beyond JSON
/// syntax; any other unknown key is an error.
/// Failures carry stage Json, the byte offset in `json_text`, and a message that starts with the
/// JSON path of the offending value, e.g. "$[2][3][0]: expected a string or {\"b64\": ...} as
/// the description, found a number". Malformed JSON (including invalid UTF-8 and unpaired
/// surrogates in strings) is Invalid or Truncated; nesting past `max_depth` is LimitExceeded.
Expected<Node> nodeFromJson(std::string_view json_text, const NodeJsonReadOptions& options = {});

/// As above from a parsed value. Takes ordered_json because nlohmann::json sorts object keys,
/// which would lose the wire order of attributes. Errors have offset 0 and the JSON path.
Expected<Node> nodeFromJsonValue(const nlohmann::ordered_json& json, const NodeJsonReadOptions& options = {});

/// Text would silently become a JSON string value here: use nodeFromJson.
Expected<Node> nodeFromJsonValue(std::string_view json_text, const NodeJsonReadOptions& options = {}) = delete;

}  // namespace wa::codec
