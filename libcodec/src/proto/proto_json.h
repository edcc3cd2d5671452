// Private: protobuf's JSON mapping over reflection, with unknown fields (see ProtoView::toJson).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "wa/support/text/base64.h"
#include "wa/support/text/json_writer.h"

namespace google::protobuf {
class Descriptor;
class Message;
class UnknownFieldSet;
}  // namespace google::protobuf

namespace wa::codec::detail {

/// Base64 as the JSON mappings write it (either alphabet, padding optional, canonical): true with
/// the bytes in `out`, or false with the offending character's index in `bad`.
inline bool decodeCanonicalBase64(std::string_view text, std::string& out, std::size_t& bad) {
  out.clear();
  const auto failure = support::appendBase64Decoded(out, text, {support::Base64Alphabet::Either, /*canonical=*/true});
  if (failure) bad = failure->offset;
  return !failure;
}

/// Writes `message` as one JSON object into `w` (the mapping documented at ProtoView::toJson). The
/// writer is a support::JsonWriter (text), or a support::JsonTapeWriter (the same value as a tape).
template <class Writer>
void writeProtoJson(Writer& w, const google::protobuf::Message& message);

/// Writes the JSON of `bytes` read as a `type` message straight from the wire format, byte for byte
/// what writeProtoJson writes for the parsed message, and returns true, when the bytes have the
/// shape real writers give them: fields in ascending number order, a repeated field's entries
/// adjacent, every field known and in its declared wire type (no packed or group encoding), every
/// enum value known, every required field present, nesting at most kCanonicalWireMaxDepth deep.
/// Otherwise returns false with part of a value written: the caller rolls `w` back to a mark and
/// takes the parsing path, which also reports malformed bytes.
inline constexpr int kCanonicalWireMaxDepth = 32;
template <class Writer>
bool writeCanonicalWireJson(Writer& w, std::string_view bytes, const google::protobuf::Descriptor& type);
/// Builds now the table writeCanonicalWireJson makes for `type` at its first call (one root type
/// per process: the node view's). Thread-safe.
void prepareCanonicalWireJson(const google::protobuf::Descriptor& type);

/// Fills `message` from JSON in that mapping. Returns "" on success, else a message starting with
/// the JSON path ("$.key.fromMe: expected a boolean, found a string"). Nesting past `max_depth`
/// objects fails. Does not check required fields.
std::string readProtoJson(const nlohmann::json& json, google::protobuf::Message& message, std::size_t max_depth);

}  // namespace wa::codec::detail
