// Hex text to bytes and back, for single-frame and node-hex inputs and hex outputs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wa/codec/error.h"

namespace wa::tools {

/// Lower-case hex of `bytes`.
std::string toHex(std::string_view bytes);

/// Bytes of a hex string; ASCII whitespace and ':' between digit pairs are ignored, either case.
/// Fails (stage Capture, code Invalid) at the offset of the first non-hex character or of a
/// dangling final digit.
codec::Expected<std::string> fromHex(std::string_view text);

}  // namespace wa::tools

namespace wa::tools {

/// Appends a classic hexdump of `bytes` (offset, 16 bytes in hex, printable ASCII) with each line
/// prefixed by `indent` spaces; at most `max_bytes` bytes, then "... N more bytes".
void appendHexdump(std::string& out, std::string_view bytes, std::size_t indent, std::size_t max_bytes);

}  // namespace wa::tools
