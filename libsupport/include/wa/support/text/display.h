// Bytes from a capture shown to a person: control bytes and invalid UTF-8 escaped, so that nothing
// read from the input can move the cursor, change colours or set a terminal's title.
#pragma once

#include <string>
#include <string_view>

namespace wa::support {

struct DisplayEscapeOptions {
  /// Double backslashes, so that every escape is unambiguous (for raw input such as tags and
  /// strings; not for messages whose quoted parts are escaped already).
  bool escape_backslash = false;
  /// Also escape this character with a backslash (e.g. '"' inside a quoted value); 0 for none.
  char quote = 0;
};

/// Appends `s` as it can be shown on a terminal: well-formed printable UTF-8 as is; newline, tab
/// and carriage return as \n \t \r; every other C0 control, DEL and byte that is not well-formed
/// UTF-8 as \xNN; C1 controls (U+0080..U+009F) as \u0080..\u009f.
void appendDisplayText(std::string& out, std::string_view s, const DisplayEscapeOptions& options = {});
std::string displayText(std::string_view s, const DisplayEscapeOptions& options = {});

/// True when appendDisplayText() would copy `s` unchanged (with the default options).
bool isDisplaySafe(std::string_view s) noexcept;

}  // namespace wa::support
