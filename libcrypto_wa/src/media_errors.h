// Private: the media errors the one-shot, streaming and two-pass decryptors share, worded once.
#pragma once

#include <cstdint>
#include <optional>

#include "wa/crypto/error.h"

namespace wa::crypto::detail {

/// Truncated below 26 bytes, Invalid when not 16n + 10; nullopt when the size is plausible.
std::optional<Error> checkEncryptedSize(std::uint64_t size);
Error macMismatch(std::uint64_t mac_offset);
Error fileEncSha256Mismatch();
Error fileSha256Mismatch();
Error badPadding(std::uint64_t last_block_offset);

}  // namespace wa::crypto::detail
