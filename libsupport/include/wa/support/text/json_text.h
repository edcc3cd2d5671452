// JSON text around a parser: how deep it nests before the parser sees it, and why it did not parse
// in the words of the libraries' errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wa::support {

/// The offset of the first '[' or '{' outside strings that is nested deeper than `max_depth`, or
/// npos. Reads any text (valid JSON or not) within its bounds.
std::size_t jsonTooDeepAt(std::string_view json, std::size_t max_depth) noexcept;

/// What checkJson() can say of a text without building anything.
enum class JsonCheck : std::uint8_t {
  Valid,    ///< well-formed JSON that nlohmann::json::parse accepts
  Invalid,  ///< not JSON: the parser will say where and why
  Unsure,   ///< numbers the checker leaves to the parser (exponents, more than 18 digits)
};

/// Checks one JSON document (RFC 8259, surrounded by whitespace only) without allocating: strings
/// must be UTF-8 without control bytes, escapes well-formed with surrogates paired. A Valid text
/// never fails nlohmann::json::parse; nesting is not limited here (jsonTooDeepAt() is).
JsonCheck checkJson(std::string_view text) noexcept;
/// The same, and how deeply the containers of a Valid text nest (a top-level scalar: 0, `[]`: 1), as
/// jsonTooDeepAt() counts them: such a text is too deep for a limit below `deepest` and for no other.
JsonCheck checkJson(std::string_view text, std::size_t& deepest) noexcept;

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
