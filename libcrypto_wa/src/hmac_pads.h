// Private: the two pad blocks of an HMAC-SHA256 key (RFC 2104 §2), for HmacSha256 and for
// prepareHmacSha256Key, which hash them into their starting states.
#pragma once

#include <cstdint>

#include "wa/crypto/bytes.h"

namespace wa::crypto::detail {

inline constexpr std::size_t kHmacBlock = 64;

/// The key (hashed first when longer than a block, zero-padded) xor 0x36 and xor 0x5c. Key
/// material: the caller wipes it.
struct HmacPads {
  std::uint8_t inner[kHmacBlock];
  std::uint8_t outer[kHmacBlock];
};
void makeHmacPads(ByteView key, HmacPads& out) noexcept;

}  // namespace wa::crypto::detail
