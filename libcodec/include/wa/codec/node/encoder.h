// The binary node encoder with the three writer styles (docs/protocol.md, "Encoding styles").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "wa/codec/error.h"
#include "wa/codec/node/node.h"

namespace wa::codec {

/// How strings are packed on the wire.
enum class EncodeStyle : std::uint8_t {
  /// How the real server writes: tokens; every [0-9.-]+ string as NIBBLE_8 (odd padded with 0xF);
  /// every [0-9A-F]+ string that is not all digits as HEX_8 (odd padded with 0x0); user@c.us,
  /// user@g.us and user@broadcast as JID_PAIR; everything else BINARY. Real server frames
  /// re-encode byte for byte.
  Server,
  /// How WA-Web's own writer packs: tokens; only the user part of a JID is packed (NIBBLE, then
  /// HEX with uppercase A-F, both padded with 0xF); attributes with empty or null values are skipped.
  WebClient,
  /// Never packs: tokens, everything else BINARY (JIDs included).
  Plain,
};

std::string_view toString(EncodeStyle style) noexcept;
/// Parses "server", "webclient" or "plain".
std::optional<EncodeStyle> parseEncodeStyle(std::string_view name) noexcept;

/// Appends the encoding of `node` to `out`. Fails (stage Encode) only on nodes the format cannot
/// carry: an empty description, more than 65535 children, a list size over 65535, data over 4 GiB.
Expected<void> encodeNode(const Node& node, EncodeStyle style, std::string& out);

/// Returns the encoding of `node` as a new string.
Expected<std::string> encodeNode(const Node& node, EncodeStyle style);

}  // namespace wa::codec
