// Private: protobuf's JSON mapping over reflection, with unknown fields (see ProtoView::toJson).
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "node/json_text.h"

namespace google::protobuf {
class Message;
class UnknownFieldSet;
}  // namespace google::protobuf

namespace wa::codec::detail {

/// Writes `message` as one JSON object into `w` (the mapping documented at ProtoView::toJson).
void writeProtoJson(JsonWriter& w, const google::protobuf::Message& message);

/// Fills `message` from JSON in that mapping. Returns "" on success, else a message starting with
/// the JSON path ("$.key.fromMe: expected a boolean, found a string"). Nesting past `max_depth`
/// objects fails. Does not check required fields.
std::string readProtoJson(const nlohmann::json& json, google::protobuf::Message& message, std::size_t max_depth);

}  // namespace wa::codec::detail
