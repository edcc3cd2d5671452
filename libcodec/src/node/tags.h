// Wire tag values of the binary node format (docs/protocol.md, "Tags"); private to the codec.
#pragma once

#include <cstdint>

namespace wa::codec::detail {

inline constexpr std::uint8_t kListEmpty = 0;
inline constexpr std::uint8_t kStreamEnd = 2;
inline constexpr std::uint8_t kDictionary0 = 236;
inline constexpr std::uint8_t kDictionary3 = 239;
inline constexpr std::uint8_t kJidAd = 247;
inline constexpr std::uint8_t kList8 = 248;
inline constexpr std::uint8_t kList16 = 249;
inline constexpr std::uint8_t kJidPair = 250;
inline constexpr std::uint8_t kHex8 = 251;
inline constexpr std::uint8_t kBinary8 = 252;
inline constexpr std::uint8_t kBinary20 = 253;
inline constexpr std::uint8_t kBinary32 = 254;
inline constexpr std::uint8_t kNibble8 = 255;
/// Largest single-byte token tag.
inline constexpr std::uint8_t kLastTokenTag = 235;
/// A packed (nibble/hex) string holds at most 127 bytes, i.e. 254 characters.
inline constexpr std::size_t kMaxPackedChars = 254;

/// A name for a tag in error messages ("LIST_8", "token 0x09", "tag 0xf2").
const char* tagName(std::uint8_t tag) noexcept;

}  // namespace wa::codec::detail
