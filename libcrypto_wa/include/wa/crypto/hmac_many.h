// HMAC-SHA256 of many messages at once: what verifying a batch of frames costs when the CPU can
// hash sixteen messages side by side (AVX-512), about half of hashing them one after another.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "wa/crypto/bytes.h"

namespace wa::crypto {

/// A MAC key made ready for many messages: the SHA-256 states after its inner and its outer pad
/// block (RFC 2104), so that a message costs only its own blocks and the outer one.
struct HmacSha256Key {
  std::array<std::uint32_t, 8> inner{}, outer{};
};

/// Prepares `key` (any length; a longer one than 64 bytes is hashed first, as RFC 2104 says).
HmacSha256Key prepareHmacSha256Key(ByteView key) noexcept;

/// One MAC to compute: HMAC-SHA256(key, data) is written to *mac. The key and the data are only
/// read during the call.
struct HmacSha256Job {
  const HmacSha256Key* key = nullptr;
  ByteView data;
  Sha256Digest* mac = nullptr;
};

/// How hmacSha256Many hashes: for tests and benchmarks; callers want Auto.
enum class HmacManyBackend : std::uint8_t {
  Auto,       ///< Lanes16 where the CPU has AVX-512 (F and BW) and there are enough jobs, else OneByOne
  OneByOne,   ///< each message alone, on Crypto++'s SHA-256 (itself on SHA-NI where present)
  Lanes16,    ///< sixteen messages in the lanes of AVX-512 registers; OneByOne without AVX-512
};

/// Whether this CPU can run the Lanes16 backend.
bool hmacLanesAvailable() noexcept;

/// Computes the MAC of every job: the same bytes as hmacSha256(key, data) for each, whatever the
/// backend. Jobs may share keys and may be of any lengths (a long message holds a lane while short
/// ones pass through the others; the last few are finished one by one). Allocates nothing.
void hmacSha256Many(std::span<const HmacSha256Job> jobs, HmacManyBackend backend = HmacManyBackend::Auto) noexcept;

}  // namespace wa::crypto
