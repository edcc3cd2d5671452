// Streaming sidecars (per-64 KiB MACs of video and audio), sticker first-frame sidecars, and
// decryption of a plaintext byte range using a sidecar without the whole file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/media.h"

namespace wa::crypto {

/// A sidecar covers S = iv || ct || mac. Entry k is the first 10 bytes of HMAC(macKey,
/// S[65536k : 65536k + 65552]) (the chunks overlap by one block); there are ceil((|S| - 16) / 65536)
/// entries (docs/protocol.md "Media").
inline constexpr std::size_t kSidecarChunkSize = 65536;
inline constexpr std::size_t kSidecarChunkOverlap = 16;
inline constexpr std::size_t kSidecarEntrySize = kMediaMacSize;

/// Entries for an encrypted file (ct || mac) of `encrypted_size` bytes.
constexpr std::uint64_t sidecarEntryCount(std::uint64_t encrypted_size) noexcept {
  const std::uint64_t covered = encrypted_size;  // |S| - 16 = |ct| + |mac|
  return (covered + kSidecarChunkSize - 1) / kSidecarChunkSize;
}

/// Builds a sidecar from S pushed in order (iv first, then ct || mac), in constant memory.
class SidecarBuilder {
 public:
  explicit SidecarBuilder(const Key32& mac_key);
  ~SidecarBuilder();
  SidecarBuilder(SidecarBuilder&&) noexcept;
  SidecarBuilder& operator=(SidecarBuilder&&) noexcept;

  void update(ByteView s_bytes) noexcept;
  /// The sidecar of everything pushed; the builder cannot be used afterwards.
  Bytes finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The sidecar of an encrypted file held in memory.
Bytes computeSidecar(const MediaKeys& keys, ByteView enc_and_mac);

/// Checks every entry. Errors: Invalid (stage Sidecar, offset 0) when the sidecar length is
/// not 10 per chunk; AuthenticationFailed (stage Sidecar, offset = the file offset where the first
/// bad chunk starts): "sidecar entry 3 does not match file bytes 196592..262160".
Expected<void> verifySidecar(const MediaKeys& keys, ByteView enc_and_mac, ByteView sidecar);
/// The same over a reader, one chunk in memory at a time.
Expected<void> verifySidecar(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at, ByteView sidecar);

/// The sticker first-frame sidecar: first 10 bytes of HMAC(macKey, (iv || ct)[0 : 16 +
/// roundup16(first_frame_length)]), clipped to iv || ct.
MediaMac computeFirstFrameSidecar(const MediaKeys& keys, ByteView enc_and_mac, std::uint64_t first_frame_length);
/// Fails (AuthenticationFailed, stage Sidecar, offset 0) when it does not match.
Expected<void> verifyFirstFrameSidecar(const MediaKeys& keys, ByteView enc_and_mac, std::uint64_t first_frame_length,
                                       ByteView first_frame_sidecar);

/// A half-open byte range.
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  [[nodiscard]] std::uint64_t size() const noexcept { return end - begin; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// The bytes of the encrypted file that decryptRange reads for plaintext [begin, end): whole sidecar
/// chunks around the blocks involved (for an HTTP Range request, say). Empty when begin >= end.
ByteRange encryptedRangeFor(std::uint64_t begin, std::uint64_t end, std::uint64_t file_size) noexcept;

/// Decrypts plaintext bytes [begin, end) of an encrypted file of `file_size` bytes, reading only the
/// sidecar chunks involved (encryptedRangeFor) and checking each against its sidecar entry before
/// any of its plaintext is used. `end` is clipped to the plaintext length; begin >= end gives empty.
/// Memory: the result plus one chunk. Errors: those of verifySidecar, the reader's, Invalid
/// (stage Media) for a file size that is not 16n + 10, BadPadding when the range reaches the end.
Expected<Bytes> decryptRange(const MediaKeys& keys, ByteView sidecar, std::uint64_t file_size, const ReadAt& read_at,
                             std::uint64_t begin, std::uint64_t end);
/// The same over a slice of the file that starts at file offset `slice_offset`; fails
/// (Truncated, stage Media) when the slice does not hold encryptedRangeFor(begin, end, file_size).
Expected<Bytes> decryptRange(const MediaKeys& keys, ByteView sidecar, std::uint64_t file_size,
                             std::uint64_t slice_offset, ByteView slice, std::uint64_t begin, std::uint64_t end);

}  // namespace wa::crypto
