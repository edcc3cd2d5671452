// Private: the SHA-256 compression function sixteen times side by side in AVX-512 registers (one
// message per 32-bit lane, the layout of multi-buffer hashing), compiled for that target alone and
// only called after a CPUID check.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wa::crypto::detail {

/// The CPU has AVX-512 F and BW and the OS saves the ZMM state.
bool sha256LanesAvailable() noexcept;

/// state[w][lane] is word w of lane's SHA-256 state; each lane's state advances by the 64-byte
/// block at blocks[lane] (any alignment). Call only when sha256LanesAvailable().
void sha256Compress16(std::uint32_t (&state)[8][16], const std::uint8_t* const (&blocks)[16]) noexcept;

}  // namespace wa::crypto::detail
