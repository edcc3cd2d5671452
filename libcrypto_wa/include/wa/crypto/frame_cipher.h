// Verifies, decrypts, encrypts and signs the bodies of binary WebSocket frames in both directions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/hmac_many.h"
#include "wa/crypto/session.h"

namespace wa::crypto {

/// Layout of an encrypted body (the bytes after "tag,"; docs/protocol.md "Frame layouts"):
///   server -> client:                  HMAC[32] iv[16] ct
///   client -> server:  metric[1] flags[1] HMAC[32] iv[16] ct
/// with HMAC = HMAC-SHA256(macKey, iv || ct) and ct = AES-256-CBC(encKey, iv, PKCS7(node)).
inline constexpr std::size_t kFrameHmacSize = 32;
inline constexpr std::size_t kFrameIvSize = 16;
inline constexpr std::size_t kFrameHeaderSize = kFrameHmacSize + kFrameIvSize;
inline constexpr std::size_t kClientPrefixSize = 2;  ///< metric and flags
/// The smallest valid server body: header and one block.
inline constexpr std::size_t kMinServerBodySize = kFrameHeaderSize + 16;

/// A decrypted client -> server body.
struct ClientFrame {
  std::uint8_t metric = 0;
  std::uint8_t flags = 0;
  Bytes plaintext;
};

/// Frame encryption and decryption under one session's keys, with the AES key schedules and HMAC
/// pads computed once. One object per thread (it keeps working state); movable.
///
/// Decryption errors, checked in this order (offsets count from the start of the body given):
///  - Truncated, stage Frame, offset = body size: shorter than header + one block
///    ("frame body of 40 bytes is shorter than the 64 an encrypted frame needs");
///  - Invalid, stage Decrypt, offset of the ciphertext: not a whole number of blocks;
///  - AuthenticationFailed, stage Hmac, offset of the HMAC: "frame hmac mismatch";
///  - BadPadding, stage Decrypt, offset of the last block: "invalid pkcs#7 padding".
/// No plaintext is released unless the HMAC matched.
class FrameCipher {
 public:
  explicit FrameCipher(const SessionKeys& keys);
  ~FrameCipher();
  FrameCipher(FrameCipher&&) noexcept;
  FrameCipher& operator=(FrameCipher&&) noexcept;

  /// Verifies and decrypts a server -> client body.
  Expected<Bytes> decryptServerBody(ByteView body);
  /// The same into a caller's buffer of at least body.size() - 48 bytes (Invalid otherwise);
  /// returns the plaintext size. `out` must not overlap `body`. On failure `out` holds no plaintext.
  Expected<std::size_t> decryptServerBodyInto(ByteView body, MutableByteView out);
  /// The same with the body's MAC already computed, as hmacSha256Many computes it for a batch of
  /// bodies: `mac` is HMAC-SHA256 under macKey() of the body's bytes after its HMAC field (IV and
  /// ciphertext). Compares it to the body's HMAC, then decrypts only when they match.
  Expected<std::size_t> decryptServerBodyInto(ByteView body, MutableByteView out, const Sha256Digest& mac);
  /// The MAC key, prepared for hmacSha256Many.
  [[nodiscard]] const HmacSha256Key& macKey() const noexcept;
  /// Verifies and decrypts a client -> server body (metric and flag bytes first).
  Expected<ClientFrame> decryptClientBody(ByteView body);
  /// Checks only the HMAC of a server -> client body (the same errors, less padding).
  Expected<void> verifyServerBody(ByteView body);

  /// Encrypts and signs a server -> client body; a random IV unless one is given.
  Bytes encryptServerBody(ByteView plaintext, const std::optional<Iv>& iv = std::nullopt);
  /// Encrypts and signs a client -> server body with its metric and flag bytes.
  Bytes encryptClientBody(std::uint8_t metric, std::uint8_t flags, ByteView plaintext,
                          const std::optional<Iv>& iv = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One-shot helpers over a temporary FrameCipher (which costs a key schedule: prefer the class in
/// loops).
Expected<Bytes> decryptServerBody(const SessionKeys& keys, ByteView body);
Expected<ClientFrame> decryptClientBody(const SessionKeys& keys, ByteView body);

}  // namespace wa::crypto
