// Media files: key expansion, one-shot decryption (MAC checked first) and encryption with hashes
// and sidecars, and a diagnosis of files that are not encrypted media at all.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/media_types.h"

namespace wa::crypto {

/// An encrypted media file is ct || mac: AES-256-CBC(cipherKey, iv, PKCS7(file)) and the first 10
/// bytes of HMAC-SHA256(macKey, iv || ct) (docs/protocol.md "Media").
inline constexpr std::size_t kMediaKeySize = 32;
inline constexpr std::size_t kMediaMacSize = 10;
/// The smallest encrypted file: one block and the MAC.
inline constexpr std::size_t kMinEncryptedMediaSize = 16 + kMediaMacSize;

using MediaMac = std::array<std::uint8_t, kMediaMacSize>;

/// HKDF-SHA256(mediaKey, salt = 32 zeros, info = "WhatsApp <Type> Keys", 112) split in four.
struct MediaKeys {
  Iv iv{};
  Key32 cipher_key{};
  Key32 mac_key{};
  Key32 ref_key{};  ///< derived but unused by the protocol
};

/// Expands a media key for a type. Errors: Invalid (stage Key) "mediaKey: 31 bytes where 32
/// are needed"; Unsupported (stage Media) for types without media keys.
Expected<MediaKeys> expandMediaKey(ByteView media_key, MediaType type);

/// Reads exactly `out.size()` bytes at `offset` of the encrypted file, or fails (a reader should
/// use ErrorCode::Io or Truncated). Used for byte ranges and two-pass decryption.
using ReadAt = std::function<Expected<void>(std::uint64_t offset, MutableByteView out)>;

struct MediaDecryptOptions {
  /// Check the 10-byte MAC before releasing plaintext. Turning it off decrypts damaged files
  /// (a wrong MAC is then not reported), for salvage only.
  bool verify_mac = true;
  /// SHA-256 of the encrypted file (ct || mac) from the message; checked before any plaintext.
  std::optional<Sha256Digest> file_enc_sha256;
  /// SHA-256 of the plaintext from the message; checked once the plaintext is known.
  std::optional<Sha256Digest> file_sha256;
};

/// The plaintext size bound: a file of `encrypted_size` bytes decrypts to at most this many.
constexpr std::uint64_t maxPlaintextSize(std::uint64_t encrypted_size) noexcept {
  return encrypted_size > kMediaMacSize ? encrypted_size - kMediaMacSize : 0;
}

/// Decrypts a whole encrypted file held in memory. Order of checks, offsets into `enc_and_mac`:
///  - Truncated (stage Media, offset = size) below 26 bytes;
///  - Invalid (stage Media, offset = size) when the size is not 16n + 10;
///  - AuthenticationFailed (stage Hmac, offset = size - 10): "media mac mismatch ...";
///  - AuthenticationFailed (stage Media, offset 0): "fileEncSha256 mismatch ..." when given;
///  - BadPadding (stage Decrypt, offset of the last block);
///  - AuthenticationFailed (stage Media, offset 0): "fileSha256 mismatch ..." when given.
/// No plaintext is returned on any failure.
Expected<Bytes> decryptMedia(const MediaKeys& keys, ByteView enc_and_mac, const MediaDecryptOptions& options = {});
/// The same into a caller's buffer of at least maxPlaintextSize(enc_and_mac.size()) bytes, which
/// must not overlap the input; returns the plaintext size. On failure `out` is wiped.
Expected<std::size_t> decryptMediaInto(const MediaKeys& keys, ByteView enc_and_mac, MutableByteView out,
                                       const MediaDecryptOptions& options = {});

/// What a sender needs after encryption.
struct EncryptedMediaInfo {
  MediaMac mac{};
  Sha256Digest file_sha256{};      ///< of the plaintext
  Sha256Digest file_enc_sha256{};  ///< of ct || mac (the upload body)
  std::uint64_t file_length = 0;   ///< plaintext bytes
  std::optional<Bytes> sidecar;    ///< for streamable types only (video and audio)
  std::optional<MediaMac> first_frame_sidecar;  ///< for stickers when a first-frame length is given
};

struct EncryptedMedia {
  Key32 media_key{};
  Bytes enc_and_mac;  ///< the upload body
  EncryptedMediaInfo info;
};

struct MediaEncryptOptions {
  std::optional<Key32> media_key;  ///< a fresh random key when absent
  /// Sticker only: the length of the first frame, which the first-frame sidecar covers (rounded up to
  /// a whole block and clipped to the file).
  std::optional<std::uint64_t> first_frame_length;
};

/// Encrypts a whole file for a type. Fails (Unsupported, stage Media) for types without media keys.
Expected<EncryptedMedia> encryptMedia(ByteView plaintext, MediaType type, const MediaEncryptOptions& options = {});

/// What looks wrong with a file before anyone blames the key.
enum class MediaProblem : std::uint8_t {
  None,            ///< plausible encrypted media
  Empty,           ///< zero bytes
  TooShort,        ///< below 26 bytes
  BadLength,       ///< not 16n + 10 bytes
  LooksLikeHtml,   ///< an HTML page (a CDN or login error page, not media)
  LooksLikeJson,   ///< a JSON document (an API error)
  LooksLikeXml,    ///< an XML document (a storage error such as AccessDenied)
  LooksPlain,      ///< starts with a known plaintext file signature (JPEG, PNG, MP4, OGG, PDF, ...)
  Truncated,       ///< shorter than the file length the message announced
  TooLong,         ///< longer than the file length the message announced
};

struct MediaDiagnosis {
  MediaProblem problem = MediaProblem::None;
  std::string message;  ///< lower case, empty for None: "looks like an html page, not encrypted media"
};

/// Inspects the first bytes of a file (64 are plenty; fewer is fine) and its total size.
/// `announced_plaintext_length` is the fileLength of the message, when known: the encrypted file then
/// has exactly (fileLength / 16 + 1) * 16 + 10 bytes. Text signatures win over length checks, so an
/// error page is named as such even when its length happens to be 16n + 10.
MediaDiagnosis diagnoseMedia(ByteView head, std::uint64_t total_size,
                             std::optional<std::uint64_t> announced_plaintext_length = std::nullopt);

/// The encrypted size for a plaintext length: (length / 16 + 1) * 16 + 10.
constexpr std::uint64_t encryptedMediaSize(std::uint64_t plaintext_length) noexcept {
  return (plaintext_length / 16 + 1) * 16 + kMediaMacSize;
}

}  // namespace wa::crypto
