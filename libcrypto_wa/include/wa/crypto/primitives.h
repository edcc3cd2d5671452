// The primitives every WhatsApp Web key operation is built from: SHA-256, HMAC-SHA256, HKDF-SHA256,
// AES-256-CBC with PKCS#7, X25519, constant-time comparison and the CSPRNG (all over Crypto++).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"

namespace wa::crypto {

inline constexpr std::size_t kAesBlockSize = 16;
inline constexpr std::size_t kKeySize = 32;
inline constexpr std::size_t kSha256Size = 32;
/// RFC 5869 §2.3: L <= 255 * HashLen.
inline constexpr std::size_t kHkdfMaxLength = 255 * kSha256Size;

// ---- SHA-256 (FIPS 180-4) -------------------------------------------------------------------

/// The SHA-256 digest of `data`.
Sha256Digest sha256(ByteView data) noexcept;

/// Incremental SHA-256 for inputs that do not fit in memory. Not thread-safe; movable.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(ByteView data) noexcept;
  /// The digest of everything updated since construction or the last finish(); then resets.
  Sha256Digest finish() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- HMAC-SHA256 (RFC 2104, FIPS 198-1) -------------------------------------------------------

/// HMAC-SHA256 of `data` under `key` (any key length).
Sha256Digest hmacSha256(ByteView key, ByteView data) noexcept;

/// A keyed HMAC-SHA256 whose inner and outer pads are hashed once at construction, so each message
/// costs only its own blocks. Not thread-safe; movable. The key is wiped on destruction.
class HmacSha256 {
 public:
  explicit HmacSha256(ByteView key);
  ~HmacSha256();
  HmacSha256(HmacSha256&&) noexcept;
  HmacSha256& operator=(HmacSha256&&) noexcept;

  void update(ByteView data) noexcept;
  /// The MAC of everything updated since construction or the last finish(); then resets to the key.
  Sha256Digest finish() noexcept;
  /// Resets to the key, dropping what was updated.
  void restart() noexcept;
  /// One message: restart(), update(data), finish().
  Sha256Digest mac(ByteView data) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- HKDF-SHA256 (RFC 5869) -------------------------------------------------------------------

/// Extract-then-expand to `length` bytes. An empty salt means HashLen zero bytes (RFC 5869 §2.2).
/// Fails (Invalid, stage Key) when length exceeds kHkdfMaxLength.
Expected<Bytes> hkdfSha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length);

// ---- AES-256-CBC (FIPS 197, SP 800-38A) with PKCS#7 ---------------------------------------------

/// Implementations of AES-256-CBC decryption. CBC decryption is parallel across blocks, so besides
/// Crypto++ (which uses AES-NI four blocks at a time) the library has its own AES-NI loop with eight
/// blocks in flight and a VAES loop with sixteen.
enum class AesBackend : std::uint8_t {
  Auto,      ///< the fastest the CPU supports (what callers want)
  Portable,  ///< Crypto++ (itself on AES-NI when present)
  AesNi,     ///< AES-NI, eight blocks in flight
  Vaes,      ///< VAES on 256-bit registers, sixteen blocks in flight
};

/// The fastest backend this CPU supports.
AesBackend fastestAesBackend() noexcept;

/// AES-256-CBC decryption with the key schedule computed once. Not thread-safe; movable.
class Aes256CbcDecryptor {
 public:
  /// `backend` is for tests and benchmarks; one the CPU lacks falls back to the next slower one.
  explicit Aes256CbcDecryptor(const Key32& key, AesBackend backend = AesBackend::Auto);
  ~Aes256CbcDecryptor();
  Aes256CbcDecryptor(Aes256CbcDecryptor&&) noexcept;
  Aes256CbcDecryptor& operator=(Aes256CbcDecryptor&&) noexcept;

  /// Decrypts whole blocks in CBC mode without touching padding. `in.size()` must be a multiple of
  /// 16 (otherwise nothing happens and false is returned) and `out.size() >= in.size()`; `out` may be
  /// the same memory as `in`. `iv` is updated to the last ciphertext block, so consecutive calls
  /// continue one stream.
  bool decryptBlocks(Iv& iv, ByteView in, MutableByteView out) noexcept;

  /// The backend in use.
  [[nodiscard]] AesBackend backend() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// AES-256-CBC encryption with the key schedule computed once. Not thread-safe; movable.
class Aes256CbcEncryptor {
 public:
  explicit Aes256CbcEncryptor(const Key32& key);
  ~Aes256CbcEncryptor();
  Aes256CbcEncryptor(Aes256CbcEncryptor&&) noexcept;
  Aes256CbcEncryptor& operator=(Aes256CbcEncryptor&&) noexcept;

  /// Encrypts whole blocks; the same contract as Aes256CbcDecryptor::decryptBlocks.
  bool encryptBlocks(Iv& iv, ByteView in, MutableByteView out) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The number of bytes PKCS#7 padding takes after `size` plaintext bytes (1..16).
constexpr std::size_t pkcs7PaddingSize(std::size_t size) noexcept {
  return kAesBlockSize - size % kAesBlockSize;
}

/// Checks PKCS#7 padding on the last decrypted block in constant time and returns the pad length
/// (1..16), or 0 when the padding is invalid.
std::size_t pkcs7PadLength(const std::uint8_t (&last_block)[kAesBlockSize]) noexcept;
std::size_t pkcs7PadLength(ByteView last_block) noexcept;

/// Pads with PKCS#7 and encrypts; the result is a whole number of blocks, never empty.
Bytes aes256CbcEncrypt(const Key32& key, const Iv& iv, ByteView plaintext);

/// Decrypts and removes PKCS#7 padding. Fails with Invalid (stage Decrypt, offset of the
/// incomplete block) when the length is zero or not a whole number of blocks, and BadPadding
/// (offset of the last block) when the padding is invalid.
Expected<Bytes> aes256CbcDecrypt(const Key32& key, const Iv& iv, ByteView ciphertext);

// ---- X25519 (RFC 7748) --------------------------------------------------------------------------

struct X25519KeyPair {
  Key32 private_key{};  ///< clamped as RFC 7748 §5 describes
  Key32 public_key{};
};

/// A fresh key pair from the CSPRNG.
X25519KeyPair generateX25519KeyPair();
/// The public key for a private key (X25519 of the base point 9).
Key32 x25519PublicKey(const Key32& private_key) noexcept;
/// The RFC 7748 X25519 function: scalar (clamped internally) times u-coordinate (top bit ignored).
/// Fails (Invalid, stage Key) when the result is all zeros, i.e. the peer key has small order.
Expected<Key32> x25519(const Key32& scalar, const Key32& u_coordinate);

// ---- Comparison and randomness ------------------------------------------------------------------

/// True when both views have the same length and bytes; the time depends only on the lengths.
bool constantTimeEqual(ByteView a, ByteView b) noexcept;

/// Fills `out` from the operating system's CSPRNG. Aborts the process if the OS has no working
/// random source, since nothing secure can continue without one.
void randomBytes(MutableByteView out) noexcept;
Bytes randomBytes(std::size_t size);
Key32 randomKey32() noexcept;
Iv randomIv() noexcept;

}  // namespace wa::crypto
