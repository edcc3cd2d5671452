// The grammar of a JSON number (RFC 8259, section 6), for the readers of JSON text in this folder
// (private): the checker (json_text.cpp) and the tape reader (json_tape.cpp).
#pragma once

#include <cstddef>

namespace wa::support::detail {

/// What scanJsonNumber() found.
struct JsonNumberToken {
  std::size_t length = 0;           ///< bytes of the number; 0 when none starts there
  std::size_t integer_length = 0;   ///< the sign and the digits before any fraction
  std::size_t fraction_digits = 0;  ///< 0 without a fraction (a fraction has at least one digit)
  bool exponent = false;
};

/// The number at the start of [p, end): `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?.
/// Stops after the longest such prefix (a digit after a leading 0 is left to the caller); length 0
/// when the grammar fails (no digit, or a '.' or exponent without digits).
inline JsonNumberToken scanJsonNumber(const char* p, const char* end) noexcept {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  JsonNumberToken t;
  const char* q = p;
  if (q != end && *q == '-') ++q;
  if (q == end) return t;
  if (*q == '0') {
    ++q;
  } else if (*q >= '1' && *q <= '9') {
    while (q != end && digit(*q)) ++q;
  } else {
    return t;
  }
  t.integer_length = static_cast<std::size_t>(q - p);
  if (q != end && *q == '.') {
    const char* f = ++q;
    while (q != end && digit(*q)) ++q;
    if (q == f) return t;
    t.fraction_digits = static_cast<std::size_t>(q - f);
  }
  if (q != end && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q != end && (*q == '+' || *q == '-')) ++q;
    const char* e = q;
    while (q != end && digit(*q)) ++q;
    if (q == e) return t;
    t.exponent = true;
  }
  t.length = static_cast<std::size_t>(q - p);
  return t;
}

}  // namespace wa::support::detail
