// Base64 (RFC 4648): standard and URL-safe encoding, and decoding of either.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "wa/support/text/decode_failure.h"

namespace wa::support {

/// Appends standard base64 (§4) of `bytes` with '=' padding.
void appendBase64(std::string& out, std::string_view bytes);
/// The length of the padded base64 of `n` bytes.
constexpr std::size_t base64Length(std::size_t n) noexcept { return (n + 2) / 3 * 4; }
/// Writes the padded standard base64 of `bytes` to out[0, base64Length(bytes.size())); returns its end.
char* writeBase64(char* out, std::string_view bytes);
std::string toBase64(std::string_view bytes);
/// Appends URL-safe base64 (§5: '-' and '_'), with '=' padding when `pad`.
void appendBase64Url(std::string& out, std::string_view bytes, bool pad = true);

enum class Base64Alphabet : std::uint8_t { Standard, UrlSafe, Either };

struct Base64DecodeOptions {
  Base64Alphabet alphabet = Base64Alphabet::Either;
  /// Refuse a last character whose unused bits are not zero (only canonical encodings decode).
  bool canonical = false;
};

/// Appends the bytes of base64 `in` to `out`. No whitespace. Padding is optional, but when present
/// it is one or two '=' that complete the last quantum and end the input. Failures, checked in
/// this order: BadPadding (at the first '='), BadCharacter (at the first character outside the
/// alphabet), BadLength (a lone last character: at it), NotCanonical (at the last character). On
/// failure `out` holds an unspecified prefix of the decoded bytes (callers that decode secrets
/// wipe it).
std::optional<TextDecodeFailure> appendBase64Decoded(std::string& out, std::string_view in,
                                                     const Base64DecodeOptions& options = {});

}  // namespace wa::support
