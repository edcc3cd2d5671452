// Base64 and hex as captures carry binary payloads (HAR data, JSONL b64, frame lines).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wa/codec/error.h"

namespace wa::codec {

/// Appends the bytes of standard base64 (RFC 4648 §4) `in` to `out`. Also accepts the URL-safe
/// alphabet (§5, '-' and '_') when `url_safe` is set. Padding is optional, but when present it must
/// complete the last quantum and end the input. No whitespace is allowed. On failure `out` holds what
/// decoded before the error, and the error (Invalid, stage Capture) gives the offset in `in` of the
/// first character that is not base64.
Expected<void> appendBase64Decoded(std::string_view in, std::string& out, bool url_safe = false);

/// Decodes `in` as appendBase64Decoded does into a new string.
Expected<std::string> decodeBase64(std::string_view in, bool url_safe = false);

/// Standard base64 with padding.
std::string encodeBase64(std::string_view bytes);
void appendBase64Encoded(std::string_view bytes, std::string& out);

/// Decodes hex digits (either case). With `allow_separators`, single ':' or ' ' between bytes are
/// skipped ("0a:1b" and "0a 1b"). Fails (Invalid, stage Capture) at the offset of the first bad
/// character or of a lone final digit.
Expected<std::string> decodeHex(std::string_view in, bool allow_separators = false);

/// Lower-case hex without separators.
std::string encodeHex(std::string_view bytes);

}  // namespace wa::codec
