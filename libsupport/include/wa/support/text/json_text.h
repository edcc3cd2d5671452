// JSON text around a parser: how deep it nests before the parser sees it, and why it did not parse
// in the words of the libraries' errors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wa::support {

/// The offset of the first '[' or '{' outside strings that is nested deeper than `max_depth`, or
/// npos. Reads any text (valid JSON or not) within its bounds.
std::size_t jsonTooDeepAt(std::string_view json, std::size_t max_depth) noexcept;

/// Where and why JSON text did not parse.
struct JsonParseFailure {
  std::size_t offset = 0;  ///< in the text, at most its size
  std::string message;     ///< "invalid json: <reason>"
};

/// The failure nlohmann::json::parse_error reports for a text of `text_size` bytes: `byte` is its
/// 1-based position (0 when unknown), `what` its what(), whose "[json.exception...] parse error at
/// line L, column C: " is left out of the message.
JsonParseFailure jsonParseFailure(std::size_t byte, std::string_view what, std::size_t text_size);

}  // namespace wa::support
