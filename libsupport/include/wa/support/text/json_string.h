// JSON strings: writing one quoted and escaped, and reading the characters between the quotes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wa::support {

/// Appends `utf8` between double quotes, escaping '"', '\\' and C0 controls as Python's json
/// module does (\b \f \n \r \t, else \u00xx). Other bytes are copied: pass UTF-8 only.
void appendJsonQuoted(std::string& out, std::string_view utf8);

/// Appends `,"key":` (without the comma when `comma` is false), the key escaped as above: the
/// start of an object member in compact JSON.
void appendJsonMember(std::string& out, bool comma, std::string_view key);

/// The same for any bytes: those that are not UTF-8 are replaced by U+FFFD (lossy): for fields
/// such as tags and connection names, never for data that must round-trip.
void appendJsonQuotedLossy(std::string& out, std::string_view s);

/// The longest prefix of some JSON string's text that it holds as it is (no '"', '\\' or byte
/// below 0x20), and whether that prefix is all ASCII.
struct JsonPlainRun {
  std::size_t length = 0;
  bool ascii = true;
};
/// For readers of JSON text looking for a string's end (SIMD where the CPU has it).
JsonPlainRun scanJsonPlain(std::string_view s) noexcept;

/// Appends the unescaped form of `raw` (the characters between a JSON string's quotes) to `out`.
/// \uXXXX escapes become UTF-8; a lone surrogate becomes U+FFFD. Returns the offset in `raw` of the
/// first malformed escape, or nullopt on success.
std::optional<std::size_t> appendJsonUnescaped(std::string& out, std::string_view raw);

/// The value of the four hex digits (either case) at `raw[at]`, those of a \uXXXX escape; -1 when
/// fewer than four are there or one is not a hex digit.
long readJsonHex4(std::string_view raw, std::size_t at) noexcept;

}  // namespace wa::support
