// Redaction: strips keys and tokens from records (wadecode --redact).
#pragma once

#include <nlohmann/json.hpp>

#include "wa/codec/node/node.h"

namespace wa::session {

/// Replaces secrets in a JSON frame with "<redacted>": object members named secret, serverToken,
/// clientToken, browserToken, encKey, macKey, privateKey, challenge, and the token arguments of
/// ["admin","login",...], ["admin","challenge",...] and the clientId of ["admin","init",...].
void redactJson(nlohmann::ordered_json& json);

/// Clears media keys inside the WebMessageInfo bytes of `message` nodes (bytes fields named
/// mediaKey, or ending in "Key"/"Secret"); bytes that do not parse are left as they are.
void redactNode(codec::Node& node);

}  // namespace wa::session
