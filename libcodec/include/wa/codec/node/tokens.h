// The single-byte token dictionary (docs/protocol.md, "Tokens") and its reverse lookup.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wa::codec {

/// Entries in the current single-byte dictionary. The 151- and 162-entry dictionaries of
/// older clients are prefixes of it. Indices 0-2 are empty and never used as tokens.
inline constexpr std::size_t kSingleByteTokenCount = 176;
/// The older dictionary sizes, kept for documentation and tests.
inline constexpr std::size_t kSingleByteTokenCountV151 = 151;
inline constexpr std::size_t kSingleByteTokenCountV162 = 162;

/// Index of `s.whatsapp.net`, which decoders return as `c.us` and encoders use for `c.us`.
inline constexpr std::uint8_t kTokenUserServer = 80;

/// The dictionary, indexed by tag. Empty string_views at 0-2.
extern const std::array<std::string_view, kSingleByteTokenCount> kSingleByteTokens;

/// The string a token tag decodes to (index 80 gives "c.us"), or nullopt for an index with
/// no token (0-2 and >= 176). Inline: the node decoder looks up most of its strings here.
inline std::optional<std::string_view> tokenString(std::uint8_t index) noexcept {
  if (index < 3 || index >= kSingleByteTokenCount) return std::nullopt;
  if (index == kTokenUserServer) return std::string_view("c.us");
  return kSingleByteTokens[index];
}

/// The token index of `s` for the encoder, or nullopt. "c.us" gives 80; "s.whatsapp.net" gives
/// nullopt, since token 80 decodes as "c.us" and the encoder must stay lossless. Empty strings
/// are never tokens. Constant time: one hash and at most a few probes, no linear scan.
std::optional<std::uint8_t> tokenIndex(std::string_view s) noexcept;

}  // namespace wa::codec
