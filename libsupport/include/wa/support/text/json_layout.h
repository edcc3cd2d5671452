// The JSON text of a frame written again with the sender's own tokens: key order, number
// spelling and string escapes as sent, only the whitespace between tokens laid out anew.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wa::support {

/// Appends `json` (text that is valid JSON, e.g. a frame body that parsed) compact (no whitespace)
/// or pretty (the layout of `jq .`: 2-space indent, "key": value, empty containers as [] and {}),
/// starting at indent level `indent_level` for a value embedded in an indented document. Tokens
/// are copied as they are, except that DEL and C1 controls inside strings become \u escapes: the
/// output is the same JSON value and safe on a terminal. Text that is not valid JSON is laid out
/// token by token all the same (never read out of bounds).
void appendJsonRelaid(std::string& out, std::string_view json, bool pretty, std::size_t indent_level = 0);

}  // namespace wa::support
