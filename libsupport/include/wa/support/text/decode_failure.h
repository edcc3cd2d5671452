// Where and why decoding a text encoding (hex, base64) failed; each caller words its own message.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wa::support {

struct TextDecodeFailure {
  enum class Kind : std::uint8_t {
    BadCharacter,  ///< a character outside the alphabet (or a misplaced separator)
    BadPadding,    ///< base64 '=' that does not complete the last quantum, or more than two
    BadLength,     ///< a length no encoder produces: a lone base64 character, a lone hex digit
    NotCanonical,  ///< base64 whose last character carries bits that are not zero
  };
  Kind kind = Kind::BadCharacter;
  std::size_t offset = 0;  ///< of the offending character (for BadLength: of the lone one)
};

}  // namespace wa::support
