// JSON string escaping and unescaping, and UTF-8 validation, for the capture readers (private).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wa::codec::detail {

/// Appends the unescaped form of `raw` (the characters between a JSON string's quotes) to `out`.
/// \uXXXX escapes become UTF-8; a lone surrogate becomes U+FFFD. Returns the offset in `raw` of
/// the first malformed escape, or nullopt on success.
std::optional<std::size_t> appendJsonUnescaped(std::string_view raw, std::string& out);

/// Appends `text` as a quoted JSON string. `text` must be valid UTF-8 (see isValidUtf8).
void appendJsonQuoted(std::string_view text, std::string& out);

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool isValidUtf8(std::string_view text) noexcept;

}  // namespace wa::codec::detail
