// Private: AES-256-CBC decryption on AES-NI (8 blocks in flight) and VAES (16 blocks in flight),
// chosen at run time; the Crypto++ implementation remains the fallback and the reference.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wa::crypto::detail {

/// The instruction set the fast path may use on this CPU.
enum class AesPath : std::uint8_t { Portable, AesNi, Vaes };

/// Detected once: Vaes needs VAES and AVX2 with the OS saving YMM state; AesNi needs AES-NI.
AesPath bestAesPath() noexcept;

/// The 15 round keys of the AES-256 equivalent inverse cipher, 16-byte aligned.
struct alignas(16) AesDecryptionKeys {
  std::uint8_t round[15][16];
};

/// Expands a 32-byte key (AES-NI required: call only when bestAesPath() != Portable).
void expandDecryptionKeys(const std::uint8_t key[32], AesDecryptionKeys& out) noexcept;

/// CBC-decrypts `blocks` 16-byte blocks from `in` to `out` (which may be the same memory) with the
/// chaining value `iv` (updated to the last ciphertext block).
void cbcDecryptAesNi(const AesDecryptionKeys& keys, std::uint8_t iv[16], const std::uint8_t* in, std::uint8_t* out,
                     std::size_t blocks) noexcept;
void cbcDecryptVaes(const AesDecryptionKeys& keys, std::uint8_t iv[16], const std::uint8_t* in, std::uint8_t* out,
                    std::size_t blocks) noexcept;

}  // namespace wa::crypto::detail
