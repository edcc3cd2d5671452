// Private: the media errors the one-shot, streaming and two-pass decryptors share, worded once.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wa/crypto/error.h"

namespace wa::crypto::detail {

/// Truncated below 26 bytes, Invalid when not 16n + 10; nullopt when the size is plausible.
std::optional<Error> checkEncryptedSize(std::uint64_t size);
Error macMismatch(std::uint64_t mac_offset);
Error fileEncSha256Mismatch();
Error fileSha256Mismatch();
Error badPadding(std::uint64_t last_block_offset);
/// What changedAfterMacCheck says, and sourceChangedBetweenPasses looks for.
inline constexpr std::string_view kChangedAfterMacCheck = "changed after the mac was checked";
/// Bytes [begin, end) read again are not the bytes whose mac was checked.
Error changedAfterMacCheck(std::uint64_t begin, std::uint64_t end);

}  // namespace wa::crypto::detail
