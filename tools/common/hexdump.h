// Classic hexdumps (offset, hex, printable ASCII) of raw bytes in the tools' text output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wa::tools {

/// Appends a classic hexdump of `bytes` (offset, 16 bytes in hex, printable ASCII) with each line
/// prefixed by `indent` spaces; at most `max_bytes` bytes, then "... N more bytes".
void appendHexdump(std::string& out, std::string_view bytes, std::size_t indent, std::size_t max_bytes);

}  // namespace wa::tools
