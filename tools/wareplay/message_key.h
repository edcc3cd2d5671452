// Matching keys: what a message is, in a short string, for pairing a live message with a recorded
// one that is not a reply by tag (pushes by kind and node description, client requests by command).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "wa/codec/frame/frame.h"
#include "wa/codec/node/node.h"

namespace wa::wareplay {

/// The key of a message:
///  - a JSON array: its first element, then the second when it is a string, or the "type" or
///    "cmd" of an object in second place: "admin init", "query exist", "Conn", "Cmd challenge";
///  - a JSON object (a reply): "{}"; other JSON, or JSON that did not parse: "json";
///  - a decrypted binary frame: "node " + description, " type=" + its type attribute if any,
///    " > " + the first child's description if any: "node action > message";
///  - a binary frame without keys: "binary"; keep-alive, pong and empty frames: their kind name.
/// `json` may be null (not parsed); `node` may be null (not decrypted).
std::string matchKey(codec::FrameKind kind, const nlohmann::json* json, const codec::Node* node);

}  // namespace wa::wareplay
