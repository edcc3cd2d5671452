// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wa::support {

/// Length of the well-formed UTF-8 sequence starting at `s[i]` (1..4), or 0 when the bytes there
/// are not one.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) noexcept;

/// True when all of `s` is well-formed UTF-8.
bool isUtf8(std::string_view s) noexcept;

/// True when every byte of `s` is below 0x80.
bool isAscii(std::string_view s) noexcept;

/// Appends `s` with each byte that starts no well-formed sequence replaced by U+FFFD (lossy: for
/// display fields such as tags, never for data that must round-trip).
void appendUtf8Lossy(std::string& out, std::string_view s);

/// Appends the UTF-8 form (1 to 4 bytes) of `code_point`, which is at most U+10FFFF.
void appendUtf8(std::string& out, char32_t code_point);

}  // namespace wa::support
