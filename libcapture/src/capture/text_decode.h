// Base64 and hex payloads of captures (HAR data, JSONL b64, frame lines), decoded by wa::support
// with the capture's errors (private).
#pragma once

#include <string>
#include <string_view>

#include "wa/capture/error.h"

namespace wa::capture::detail {

/// Appends the bytes of base64 `in` (standard, or URL-safe when `url_safe`) to `out`. Fails
/// (Invalid, stage Capture) at the offset in `in` of the first character that is not base64, a
/// padding that does not complete the last quantum, or a lone last character; `out` then holds
/// what decoded before the failure.
Expected<void> appendBase64Decoded(std::string_view in, std::string& out, bool url_safe = false);

/// Decodes hex (either case). With `allow_separators`, one ':' or ' ' may stand between two bytes.
/// Fails (Invalid, stage Capture) at the first bad character or a lone final digit.
Expected<std::string> decodeHex(std::string_view in, bool allow_separators = false);

}  // namespace wa::capture::detail
