// Hex: lower-case encoding, and decoding with the separators each input allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wa/support/text/decode_failure.h"

namespace wa::support {

/// The value (0 to 15) of the hex digit `c`, either case; -1 when `c` is not one.
int hexDigitValue(char c) noexcept;

/// The two lower-case hex digits of `b` (a view of a static table).
std::string_view hexByte(std::uint8_t b) noexcept;

/// Appends lower-case hex of `bytes`.
void appendHex(std::string& out, std::string_view bytes);
std::string toHex(std::string_view bytes);

enum class HexSeparators : std::uint8_t {
  None,         ///< digit pairs only
  BetweenBytes, ///< one ':' or ' ' may stand between two bytes ("0a:1b", "0a 1b")
  Anywhere,     ///< ASCII whitespace and ':' are ignored wherever they stand (between digits too)
};

/// Appends the bytes of hex `in` (either case) to `out`. Failures: BadCharacter at the first
/// character that is neither a digit nor an allowed separator; BadLength at a lone final digit.
/// On failure `out` holds the bytes decoded before it.
std::optional<TextDecodeFailure> appendHexDecoded(std::string& out, std::string_view in,
                                                  HexSeparators separators = HexSeparators::None);

}  // namespace wa::support
