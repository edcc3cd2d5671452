// Media encryption and decryption in constant memory: push chunks in, take plaintext (or ciphertext)
// out; and a two-pass "verify first" decryption over a seekable source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/media.h"

namespace wa::crypto {

/// Decrypts ct || mac pushed in pieces of any size. The MAC (and fileEncSha256) are computed as
/// bytes arrive and checked by finish(), so plaintext is released *before* it is authenticated:
/// a caller that must not act on unauthenticated data discards everything when finish() fails, or
/// uses decryptMediaVerifyFirst. Memory is constant (under 64 bytes of carry) whatever the size.
/// Not thread-safe; movable. After an error the stream stays failed.
class MediaDecryptStream {
 public:
  explicit MediaDecryptStream(const MediaKeys& keys, const MediaDecryptOptions& options = {});
  ~MediaDecryptStream();
  MediaDecryptStream(MediaDecryptStream&&) noexcept;
  MediaDecryptStream& operator=(MediaDecryptStream&&) noexcept;

  /// Room `out` needs for a chunk: chunk size + 16.
  static constexpr std::size_t outputBound(std::size_t chunk_size) noexcept { return chunk_size + 16; }

  /// Feeds the next bytes; writes the plaintext that is ready to `out` (at least
  /// outputBound(chunk.size()) bytes, not overlapping `chunk`) and returns its size. The last 26-41
  /// bytes seen are held back until finish() (they may be the final block and the MAC).
  Expected<std::size_t> updateInto(ByteView chunk, MutableByteView out);
  /// Appending form: the plaintext goes at the end of `out`.
  Expected<void> update(ByteView chunk, Bytes& out);

  /// Ends the stream: checks the length (16n + 10), the MAC, fileEncSha256, the padding and
  /// fileSha256, and writes the last plaintext (at most 15 bytes; `out` needs 16). The errors are
  /// those of decryptMedia, with offsets counted from the start of the stream.
  Expected<std::size_t> finishInto(MutableByteView out);
  /// Appending form.
  Expected<void> finish(Bytes& out);

  /// Encrypted bytes fed so far.
  [[nodiscard]] std::uint64_t bytesIn() const noexcept;
  /// Plaintext bytes released so far.
  [[nodiscard]] std::uint64_t bytesOut() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Encrypts a plaintext pushed in pieces, and builds the MAC, hashes and sidecars on the way.
/// Memory is constant whatever the size, apart from the sidecar itself (10 bytes per 64 KiB).
/// Not thread-safe; movable.
class MediaEncryptStream {
 public:
  /// `type` decides the sidecars: streamable types get one, stickers a first-frame sidecar when
  /// `first_frame_length` is given. Keys come from expandMediaKey for the same type.
  MediaEncryptStream(const MediaKeys& keys, MediaType type, std::optional<std::uint64_t> first_frame_length = {});
  ~MediaEncryptStream();
  MediaEncryptStream(MediaEncryptStream&&) noexcept;
  MediaEncryptStream& operator=(MediaEncryptStream&&) noexcept;

  static constexpr std::size_t outputBound(std::size_t chunk_size) noexcept { return chunk_size + 16; }
  /// What finishInto writes at most: the last block and the MAC.
  static constexpr std::size_t kFinishBound = 16 + kMediaMacSize;

  /// Writes the ciphertext that is ready (whole blocks) to `out` and returns its size. Fails
  /// (Invalid, stage Encrypt) without consuming anything when `out` is too small.
  Expected<std::size_t> updateInto(ByteView plaintext, MutableByteView out);
  /// Appending form.
  void update(ByteView plaintext, Bytes& out);
  /// Pads, writes the last block and the MAC to `out` (kFinishBound bytes; `written` says how many),
  /// and returns the hashes and sidecars. Fails (Invalid, stage Encrypt) when `out` is too
  /// small or the stream was finished already.
  Expected<EncryptedMediaInfo> finishInto(MutableByteView out, std::size_t& written);
  /// Appending form; the stream must not be finished already.
  EncryptedMediaInfo finish(Bytes& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Receives plaintext in order; a failure stops the decryption and is returned as is.
using PlaintextSink = std::function<Expected<void>(ByteView plaintext)>;

/// Two passes over a seekable source of `file_size` bytes: the first checks the MAC (and
/// fileEncSha256), so no plaintext reaches `sink` unless the file is authentic; the second decrypts.
/// A file that changes between the passes is caught piece by piece before the piece's plaintext is
/// released: the first pass keeps a 16-byte tag of each piece under a key drawn for this call
/// (GMAC, far faster than the MAC), and the second checks it; the error is then AuthenticationFailed
/// at stage Media and the piece's first byte (sourceChangedBetweenPasses() is true for it).
/// fileSha256 can only be checked after the last plaintext went to the sink.
///
/// The file is read in pieces of `buffer_size` bytes (rounded up to 16, at least 4 KiB) by a
/// second thread, up to two pieces ahead, which also does the per-piece work (tags, fileEncSha256)
/// while the calling thread computes the MAC, decrypts and calls `sink`. So `read_at` must be safe
/// to call from another thread than the caller's; it is never called concurrently with itself,
/// and never after this returns. A file of one piece is read on the calling thread. Memory: three
/// pieces, their plaintext, and 16 bytes per piece. With options.verify_mac off there is one pass
/// only. Errors are those of decryptMedia plus the reader's and the sink's.
Expected<void> decryptMediaVerifyFirst(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at,
                                       const PlaintextSink& sink, const MediaDecryptOptions& options = {},
                                       std::size_t buffer_size = std::size_t{1} << 20);

/// True for the error decryptMediaVerifyFirst returns when the source changed after its MAC was
/// checked (the plaintext released before it came from authenticated pieces).
bool sourceChangedBetweenPasses(const Error& error) noexcept;

}  // namespace wa::crypto
