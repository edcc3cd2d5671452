// Streaming sidecars, first-frame sidecars, and sidecar-checked decryption of plaintext byte ranges.
#include "wa/crypto/sidecar.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "media_errors.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

constexpr std::uint64_t kBlocksPerChunk = kSidecarChunkSize / kAesBlockSize;  // 4096

// Chunk k of S = iv || file, as a range of S.
ByteRange chunkOfS(std::uint64_t k, std::uint64_t s_size) {
  const std::uint64_t begin = k * kSidecarChunkSize;
  return {begin, std::min<std::uint64_t>(begin + kSidecarChunkSize + kSidecarChunkOverlap, s_size)};
}

// Reads S[range] into `out` (sized range.size()): the iv for S[0:16], the file for the rest.
Expected<void> readS(const MediaKeys& keys, const ReadAt& read_at, ByteRange range, MutableByteView out) {
  std::size_t at = 0;
  std::uint64_t s = range.begin;
  if (s < kAesBlockSize) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kAesBlockSize, range.end) - s);
    std::memcpy(out.data(), keys.iv.data() + s, n);
    at += n;
    s += n;
  }
  if (s < range.end) return read_at(s - kAesBlockSize, out.subspan(at, static_cast<std::size_t>(range.end - s)));
  return {};
}

Error sidecarMismatch(std::uint64_t k, std::uint64_t s_size) {
  const ByteRange s = chunkOfS(k, s_size);
  const std::uint64_t file_begin = s.begin > 0 ? s.begin - kAesBlockSize : 0;
  const std::uint64_t file_end = s.end - kAesBlockSize;
  return Error{ErrorCode::AuthenticationFailed, Stage::Sidecar, file_begin,
               fmt::format("sidecar entry {} does not match file bytes {}..{}", k, file_begin, file_end)};
}

Expected<void> checkSidecarSize(std::uint64_t file_size, ByteView sidecar) {
  const std::uint64_t entries = sidecarEntryCount(file_size);
  if (sidecar.size() != entries * kSidecarEntrySize) {
    return makeError(ErrorCode::Invalid, Stage::Sidecar, 0,
                     fmt::format("sidecar of {} bytes where {} ({} chunks of 10) are needed", sidecar.size(),
                                 entries * kSidecarEntrySize, entries));
  }
  return {};
}

}  // namespace

// ---- SidecarBuilder -----------------------------------------------------------------------------

struct SidecarBuilder::Impl {
  explicit Impl(const Key32& mac_key) : current(mac_key), next(mac_key) {}

  void update(ByteView bytes) noexcept {
    while (!bytes.empty()) {
      const std::uint64_t next_start = (index + 1) * kSidecarChunkSize;
      const std::uint64_t current_end = next_start + kSidecarChunkOverlap;
      if (pos < next_start) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), next_start - pos));
        current.update(bytes.first(n));
        bytes = bytes.subspan(n);
        pos += n;
        continue;
      }
      // In the overlap: the bytes belong to this chunk and the next.
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), current_end - pos));
      current.update(bytes.first(n));
      next.update(bytes.first(n));
      bytes = bytes.subspan(n);
      pos += n;
      if (pos == current_end) {
        emit(current.finish());
        std::swap(current, next);
        next.restart();
        ++index;
      }
    }
  }

  void emit(const Sha256Digest& mac) { out.insert(out.end(), mac.begin(), mac.begin() + kSidecarEntrySize); }

  Bytes finish() {
    // The current chunk exists when S holds more than its overlap (see sidecarEntryCount).
    if (pos > index * kSidecarChunkSize + kSidecarChunkOverlap) emit(current.finish());
    return std::move(out);
  }

  HmacSha256 current;
  HmacSha256 next;
  std::uint64_t index = 0;  // of the current chunk
  std::uint64_t pos = 0;    // bytes of S seen
  Bytes out;
};

SidecarBuilder::SidecarBuilder(const Key32& mac_key) : impl_(std::make_unique<Impl>(mac_key)) {}
SidecarBuilder::~SidecarBuilder() = default;
SidecarBuilder::SidecarBuilder(SidecarBuilder&&) noexcept = default;
SidecarBuilder& SidecarBuilder::operator=(SidecarBuilder&&) noexcept = default;
void SidecarBuilder::update(ByteView s_bytes) noexcept { impl_->update(s_bytes); }
Bytes SidecarBuilder::finish() { return impl_->finish(); }

Bytes computeSidecar(const MediaKeys& keys, ByteView enc_and_mac) {
  SidecarBuilder builder(keys.mac_key);
  builder.update(keys.iv);
  builder.update(enc_and_mac);
  return builder.finish();
}

// ---- Verification -------------------------------------------------------------------------------

Expected<void> verifySidecar(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at,
                             ByteView sidecar) {
  if (auto ok = checkSidecarSize(file_size, sidecar); !ok) return ok;
  const std::uint64_t s_size = file_size + kAesBlockSize;
  const std::uint64_t entries = sidecarEntryCount(file_size);
  HmacSha256 hmac(keys.mac_key);
  Bytes buffer(kSidecarChunkSize + kSidecarChunkOverlap);
  for (std::uint64_t k = 0; k < entries; ++k) {
    const ByteRange range = chunkOfS(k, s_size);
    const MutableByteView view(buffer.data(), static_cast<std::size_t>(range.size()));
    if (auto ok = readS(keys, read_at, range, view); !ok) return ok;
    const Sha256Digest mac = hmac.mac(view);
    if (!constantTimeEqual(ByteView(mac).first(kSidecarEntrySize),
                           sidecar.subspan(static_cast<std::size_t>(k * kSidecarEntrySize), kSidecarEntrySize))) {
      return tl::unexpected(sidecarMismatch(k, s_size));
    }
  }
  return {};
}

namespace {
ReadAt readerOver(ByteView bytes, std::uint64_t base) {
  return [bytes, base](std::uint64_t offset, MutableByteView out) -> Expected<void> {
    if (offset < base || offset - base > bytes.size() || out.size() > bytes.size() - (offset - base)) {
      return makeError(ErrorCode::Truncated, Stage::Media, offset,
                       fmt::format("file bytes {}..{} are needed but the slice holds {}..{}", offset,
                                   offset + out.size(), base, base + bytes.size()));
    }
    if (!out.empty()) std::memcpy(out.data(), bytes.data() + (offset - base), out.size());
    return {};
  };
}
}  // namespace

Expected<void> verifySidecar(const MediaKeys& keys, ByteView enc_and_mac, ByteView sidecar) {
  return verifySidecar(keys, enc_and_mac.size(), readerOver(enc_and_mac, 0), sidecar);
}

MediaMac computeFirstFrameSidecar(const MediaKeys& keys, ByteView enc_and_mac, std::uint64_t first_frame_length) {
  const std::uint64_t rounded = (first_frame_length + kAesBlockSize - 1) / kAesBlockSize * kAesBlockSize;
  const std::size_t ct_size = enc_and_mac.size() > kMediaMacSize ? enc_and_mac.size() - kMediaMacSize : 0;
  const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(rounded, ct_size));
  HmacSha256 hmac(keys.mac_key);
  hmac.update(keys.iv);
  hmac.update(enc_and_mac.first(take));
  const Sha256Digest full = hmac.finish();
  MediaMac out{};
  std::memcpy(out.data(), full.data(), out.size());
  return out;
}

Expected<void> verifyFirstFrameSidecar(const MediaKeys& keys, ByteView enc_and_mac, std::uint64_t first_frame_length,
                                       ByteView first_frame_sidecar) {
  if (first_frame_sidecar.size() != kSidecarEntrySize) {
    return makeError(ErrorCode::Invalid, Stage::Sidecar, 0,
                     fmt::format("first-frame sidecar of {} bytes where 10 are needed", first_frame_sidecar.size()));
  }
  const MediaMac mac = computeFirstFrameSidecar(keys, enc_and_mac, first_frame_length);
  if (!constantTimeEqual(mac, first_frame_sidecar)) {
    return makeError(ErrorCode::AuthenticationFailed, Stage::Sidecar, 0,
                     "first-frame sidecar does not match the start of the file");
  }
  return {};
}

// ---- Byte ranges --------------------------------------------------------------------------------
// Chunk k "owns" ciphertext blocks [4096k, 4096k + 4096): each of them and the block before it
// (the iv for block 0) lie inside S[65536k : 65536k + 65552].

ByteRange encryptedRangeFor(std::uint64_t begin, std::uint64_t end, std::uint64_t file_size) noexcept {
  if (detail::checkEncryptedSize(file_size)) return {};
  const std::uint64_t ct_size = file_size - kMediaMacSize;
  end = std::min(end, ct_size);
  if (begin >= end) return {};
  const std::uint64_t first_block = begin / kAesBlockSize;
  const std::uint64_t last_block = (end - 1) / kAesBlockSize;
  const std::uint64_t first_chunk = first_block / kBlocksPerChunk;
  const std::uint64_t last_chunk = last_block / kBlocksPerChunk;
  const std::uint64_t s_size = file_size + kAesBlockSize;
  const ByteRange first = chunkOfS(first_chunk, s_size);
  const ByteRange last = chunkOfS(last_chunk, s_size);
  return {first.begin > 0 ? first.begin - kAesBlockSize : 0, last.end - kAesBlockSize};
}

Expected<Bytes> decryptRange(const MediaKeys& keys, ByteView sidecar, std::uint64_t file_size, const ReadAt& read_at,
                             std::uint64_t begin, std::uint64_t end) {
  if (auto bad = detail::checkEncryptedSize(file_size); bad) return tl::unexpected(*bad);
  if (auto ok = checkSidecarSize(file_size, sidecar); !ok) return tl::unexpected(ok.error());
  const std::uint64_t ct_size = file_size - kMediaMacSize;
  const std::uint64_t ct_blocks = ct_size / kAesBlockSize;
  end = std::min(end, ct_size);
  if (begin >= end) return Bytes{};
  const std::uint64_t first_block = begin / kAesBlockSize;
  const std::uint64_t end_block = (end + kAesBlockSize - 1) / kAesBlockSize;  // exclusive
  const std::uint64_t s_size = file_size + kAesBlockSize;

  // Plaintext of blocks [first_block, end_block), trimmed at the end.
  Bytes plain(static_cast<std::size_t>((end_block - first_block) * kAesBlockSize));
  Aes256CbcDecryptor decryptor(keys.cipher_key);
  HmacSha256 hmac(keys.mac_key);
  Bytes buffer(kSidecarChunkSize + kSidecarChunkOverlap);
  for (std::uint64_t k = first_block / kBlocksPerChunk; k <= (end_block - 1) / kBlocksPerChunk; ++k) {
    const ByteRange range = chunkOfS(k, s_size);
    const MutableByteView view(buffer.data(), static_cast<std::size_t>(range.size()));
    if (auto ok = readS(keys, read_at, range, view); !ok) return tl::unexpected(ok.error());
    const Sha256Digest mac = hmac.mac(view);
    if (!constantTimeEqual(ByteView(mac).first(kSidecarEntrySize),
                           sidecar.subspan(static_cast<std::size_t>(k * kSidecarEntrySize), kSidecarEntrySize))) {
      return tl::unexpected(sidecarMismatch(k, s_size));
    }
    const std::uint64_t from = std::max(first_block, k * kBlocksPerChunk);
    const std::uint64_t to = std::min(end_block, (k + 1) * kBlocksPerChunk);
    // Block j sits at S offset 16 + 16j; its predecessor at 16j.
    const std::size_t prev_at = static_cast<std::size_t>(from * kAesBlockSize - range.begin);
    Iv iv{};
    std::memcpy(iv.data(), view.data() + prev_at, iv.size());
    const ByteView ct = ByteView(view).subspan(prev_at + kAesBlockSize, static_cast<std::size_t>((to - from) * kAesBlockSize));
    decryptor.decryptBlocks(iv, ct, MutableByteView(plain).subspan(static_cast<std::size_t>((from - first_block) * kAesBlockSize)));
  }
  std::uint64_t plain_end = end;
  if (end_block == ct_blocks) {
    const std::size_t pad = pkcs7PadLength(ByteView(plain).last(kAesBlockSize));
    if (pad == 0) {
      secureWipe(plain);
      return tl::unexpected(detail::badPadding(ct_size - kAesBlockSize));
    }
    plain_end = std::min(end, ct_size - pad);
  }
  if (begin >= plain_end) {
    secureWipe(plain);
    return Bytes{};
  }
  const std::size_t skip = static_cast<std::size_t>(begin - first_block * kAesBlockSize);
  Bytes out(plain.begin() + static_cast<std::ptrdiff_t>(skip),
            plain.begin() + static_cast<std::ptrdiff_t>(skip + (plain_end - begin)));
  secureWipe(plain);
  return out;
}

Expected<Bytes> decryptRange(const MediaKeys& keys, ByteView sidecar, std::uint64_t file_size,
                             std::uint64_t slice_offset, ByteView slice, std::uint64_t begin, std::uint64_t end) {
  return decryptRange(keys, sidecar, file_size, readerOver(slice, slice_offset), begin, end);
}

}  // namespace wa::crypto
