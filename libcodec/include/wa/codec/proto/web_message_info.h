// WebMessageInfo (the protobuf payload of `message` nodes): parsing, JSON and text views, and JSON -> bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "wa/codec/error.h"

namespace google::protobuf {
class Message;
}

namespace wa::codec {

/// Limits of the WebMessageInfo parser; past them parsing fails (code LimitExceeded).
inline constexpr std::size_t kMaxProtoDepth = 100;        ///< nested messages and groups
inline constexpr std::size_t kMaxProtoBytes = 64u << 20;  ///< size of one payload

/// A parsed WebMessageInfo. Owns its data (no view into the parsed bytes survives). Unknown fields
/// (numbers the schema lacks, or known numbers with an unexpected wire type) are kept and shown
/// by both views. Move-only; the generated protobuf types stay out of this header.
/// How the text format shows bytes fields (keys and hashes).
enum class ProtoBytes : std::uint8_t {
  Base64,   ///< "6ioD..." (standard base64 with padding): what the tools' key options take
  Hex,      ///< "hex:e62a03..."
  Escaped,  ///< protobuf's text escapes: printable ASCII as is, other bytes in octal
};

class ProtoView {
 public:
  ProtoView(ProtoView&&) noexcept;
  ProtoView& operator=(ProtoView&&) noexcept;
  ~ProtoView();

  /// The message in protobuf's JSON mapping, written by this library (not JsonPrinter):
  /// - keys are the fields' json names, only fields that are present, in field-number order;
  /// - enums as value names, bytes as standard base64 with padding, 64-bit integers as decimal
  ///   strings, 32-bit integers and bools as JSON numbers and booleans, float/double as the
  ///   shortest round-trip number or "NaN" / "Infinity" / "-Infinity";
  /// - a string field whose bytes are not UTF-8 is written {"b64": "..."} (lossless);
  /// - unknown fields of each (sub)message go under "unknownFields": {"<number>": [entry, ...]},
  ///   numbers ascending, entries in wire order, each entry one of {"varint": "<uint64>"},
  ///   {"fixed32": <uint32>}, {"fixed64": "<uint64>"}, {"string": "..."} (length-delimited and
  ///   UTF-8 without control characters other than \t \n \r), {"bytes": "<base64>"} (other
  ///   length-delimited) or {"group": {"<number>": [...], ...}}.
  /// Compact (no spaces) or pretty (2-space indent, as `jq .` prints).
  [[nodiscard]] std::string toJson(bool pretty = false) const;

  /// The message in protobuf text format (field names, unknown fields by number; string fields keep
  /// well-formed UTF-8 and escape controls and malformed bytes in octal; bytes fields as `bytes`
  /// says), every line prefixed by `indent` spaces and ending in '\n'. String and bytes fields
  /// longer than `max_string_bytes` are cut to that length and marked "...<truncated>..."
  /// (SIZE_MAX: never). An empty message gives "".
  [[nodiscard]] std::string toText(std::size_t indent = 0, std::size_t max_string_bytes = SIZE_MAX,
                                   ProtoBytes bytes = ProtoBytes::Base64) const;

  /// The parsed message, for reflection by callers that link protobuf; valid while this view lives.
  [[nodiscard]] const google::protobuf::Message& message() const noexcept;

  /// Serialized size of the message as parsed (equals the input size for canonical input).
  [[nodiscard]] std::size_t byteSize() const;

  struct Impl;
  explicit ProtoView(std::unique_ptr<Impl> impl) noexcept;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Builds what the views of WebMessageInfo build at their first use in the process (the protobuf
/// schema and the table the node view reads messages by: a few milliseconds), so that a tool can
/// have it made on another thread while it opens its input instead of in the middle of its first
/// records. Thread-safe; calls after the first cost nothing.
void prepareWebMessageInfoViews();

/// Parses `bytes` as a WebMessageInfo. Fails with stage Proto on malformed wire format (code
/// Truncated or Invalid, offset of the field that could not be read, message naming the field
/// path), on nesting past kMaxProtoDepth or size past kMaxProtoBytes (LimitExceeded), and when
/// the required field `key` is missing (Invalid, offset 0, "missing required field key").
Expected<ProtoView> parseWebMessageInfo(std::string_view bytes);

/// Builds WebMessageInfo bytes from JSON in the mapping ProtoView::toJson writes. Also accepts the
/// proto field names, enum numbers, integers as numbers or strings, URL-safe or unpadded base64,
/// and null for an absent field. Fails with stage Json, code Invalid (offset 0) on an unknown key,
/// a value of the wrong type or out of range, nesting past kMaxProtoDepth, or a missing `key`;
/// the message starts with the JSON path, e.g. "$.message.imageMessage.height: ...".
Expected<std::string> webMessageInfoFromJson(const nlohmann::json& json);

/// Text would silently become a JSON string value here: use webMessageInfoFromJsonText.
Expected<std::string> webMessageInfoFromJson(std::string_view json_text) = delete;

/// As webMessageInfoFromJson from JSON text; malformed JSON fails with code Invalid at the byte
/// offset of the text.
Expected<std::string> webMessageInfoFromJsonText(std::string_view json_text);

}  // namespace wa::codec
