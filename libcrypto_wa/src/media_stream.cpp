// Constant-memory media decryption and encryption streams.
#include "wa/crypto/media_stream.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "media_errors.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/sidecar.h"

namespace wa::crypto {
namespace {

// MACs, hashes and AES alternate over slices this large, so a slice is still in cache for the next
// step: large inputs cross memory once.
constexpr std::size_t kFusedSlice = 16 * 1024;
// Held back by the decryptor: the last ciphertext block (padding) and the MAC.
constexpr std::size_t kHoldBack = kAesBlockSize + kMediaMacSize;

// memcpy/memmove that accept an empty (possibly null) source.
void copyBytes(std::uint8_t* to, const std::uint8_t* from, std::size_t n) noexcept {
  if (n > 0) std::memmove(to, from, n);
}

}  // namespace

// ---- MediaDecryptStream -------------------------------------------------------------------------

struct MediaDecryptStream::Impl {
  Impl(const MediaKeys& keys, const MediaDecryptOptions& opts)
      : hmac(keys.mac_key), decryptor(keys.cipher_key), chain(keys.iv), options(opts) {
    if (options.verify_mac) hmac.update(keys.iv);
    if (options.file_enc_sha256) enc_hash.emplace();
    if (options.file_sha256) plain_hash.emplace();
  }

  // Authenticates, hashes and decrypts whole blocks.
  void process(ByteView ct, std::uint8_t* out) noexcept {
    for (std::size_t done = 0; done < ct.size(); done += kFusedSlice) {
      const std::size_t n = std::min(kFusedSlice, ct.size() - done);
      const ByteView slice = ct.subspan(done, n);
      if (options.verify_mac) hmac.update(slice);
      if (enc_hash) enc_hash->update(slice);
      decryptor.decryptBlocks(chain, slice, MutableByteView(out + done, n));
      if (plain_hash) plain_hash->update(ByteView(out + done, n));
    }
  }

  Expected<std::size_t> fail(Error e) {
    failed = e;
    return tl::unexpected(std::move(e));
  }

  Expected<std::size_t> update(ByteView chunk, MutableByteView out) {
    if (failed) return tl::unexpected(*failed);
    if (finished) {
      return fail(Error{ErrorCode::Invalid, Stage::Media, bytes_in, "media stream used after finish"});
    }
    const std::size_t avail = carry_size + chunk.size();
    const std::size_t processable = avail > kHoldBack ? (avail - kHoldBack) / kAesBlockSize * kAesBlockSize : 0;
    if (out.size() < processable) {
      return fail(Error{ErrorCode::Invalid, Stage::Media, bytes_in,
                        fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(),
                                    processable)});
    }
    bytes_in += chunk.size();
    bytes_out += processable;
    if (processable == 0) {
      copyBytes(carry + carry_size, chunk.data(), chunk.size());
      carry_size += chunk.size();
      return std::size_t{0};
    }
    if (processable <= carry_size) {
      process(ByteView(carry, processable), out.data());
      copyBytes(carry, carry + processable, carry_size - processable);
      carry_size -= processable;
      copyBytes(carry + carry_size, chunk.data(), chunk.size());
      carry_size += chunk.size();
      return processable;
    }
    // Complete the carried partial block from the chunk, then work on the chunk in place.
    const std::size_t r = (kAesBlockSize - carry_size % kAesBlockSize) % kAesBlockSize;
    std::size_t written = 0;
    if (carry_size > 0) {
      copyBytes(carry + carry_size, chunk.data(), r);
      process(ByteView(carry, carry_size + r), out.data());
      written = carry_size + r;
    }
    const std::size_t direct = processable - written;
    process(chunk.subspan(r, direct), out.data() + written);
    const std::size_t rest = chunk.size() - r - direct;
    copyBytes(carry, chunk.data() + r + direct, rest);
    carry_size = rest;
    return processable;
  }

  Expected<std::size_t> finish(MutableByteView out) {
    if (failed) return tl::unexpected(*failed);
    if (finished) {
      return fail(Error{ErrorCode::Invalid, Stage::Media, bytes_in, "media stream finished twice"});
    }
    finished = true;
    if (auto bad = detail::checkEncryptedSize(bytes_in); bad) return fail(*bad);
    // carry is now exactly the last block and the MAC.
    std::uint8_t last[kAesBlockSize];
    const ByteView last_ct(carry, kAesBlockSize);
    const ByteView mac(carry + kAesBlockSize, kMediaMacSize);
    if (options.verify_mac) hmac.update(last_ct);
    if (enc_hash) {
      enc_hash->update(last_ct);
      enc_hash->update(mac);
    }
    decryptor.decryptBlocks(chain, last_ct, last);
    if (options.verify_mac) {
      const Sha256Digest full = hmac.finish();
      if (!constantTimeEqual(ByteView(full).first(kMediaMacSize), mac)) {
        return fail(detail::macMismatch(bytes_in - kMediaMacSize));
      }
    }
    if (enc_hash && !constantTimeEqual(enc_hash->finish(), *options.file_enc_sha256)) {
      return fail(detail::fileEncSha256Mismatch());
    }
    const std::size_t pad = pkcs7PadLength(last);
    if (pad == 0) return fail(detail::badPadding(bytes_in - kHoldBack));
    const std::size_t n = kAesBlockSize - pad;
    if (plain_hash) {
      plain_hash->update(ByteView(last, n));
      if (!constantTimeEqual(plain_hash->finish(), *options.file_sha256)) return fail(detail::fileSha256Mismatch());
    }
    if (out.size() < n) {
      return fail(Error{ErrorCode::Invalid, Stage::Media, bytes_in,
                        fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(), n)});
    }
    copyBytes(out.data(), last, n);
    secureWipe(last);
    bytes_out += n;
    return n;
  }

  HmacSha256 hmac;
  Aes256CbcDecryptor decryptor;
  Iv chain;
  MediaDecryptOptions options;
  std::optional<Sha256> enc_hash;
  std::optional<Sha256> plain_hash;
  std::uint8_t carry[kHoldBack + 2 * kAesBlockSize] = {};
  std::size_t carry_size = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  bool finished = false;
  std::optional<Error> failed;
};

MediaDecryptStream::MediaDecryptStream(const MediaKeys& keys, const MediaDecryptOptions& options)
    : impl_(std::make_unique<Impl>(keys, options)) {}
MediaDecryptStream::~MediaDecryptStream() = default;
MediaDecryptStream::MediaDecryptStream(MediaDecryptStream&&) noexcept = default;
MediaDecryptStream& MediaDecryptStream::operator=(MediaDecryptStream&&) noexcept = default;

Expected<std::size_t> MediaDecryptStream::updateInto(ByteView chunk, MutableByteView out) {
  return impl_->update(chunk, out);
}

Expected<void> MediaDecryptStream::update(ByteView chunk, Bytes& out) {
  const std::size_t old = out.size();
  out.resize(old + outputBound(chunk.size()));
  auto n = impl_->update(chunk, MutableByteView(out).subspan(old));
  out.resize(old + (n ? *n : 0));
  if (!n) return tl::unexpected(n.error());
  return {};
}

Expected<std::size_t> MediaDecryptStream::finishInto(MutableByteView out) { return impl_->finish(out); }

Expected<void> MediaDecryptStream::finish(Bytes& out) {
  const std::size_t old = out.size();
  out.resize(old + kAesBlockSize);
  auto n = impl_->finish(MutableByteView(out).subspan(old));
  out.resize(old + (n ? *n : 0));
  if (!n) return tl::unexpected(n.error());
  return {};
}

std::uint64_t MediaDecryptStream::bytesIn() const noexcept { return impl_->bytes_in; }
std::uint64_t MediaDecryptStream::bytesOut() const noexcept { return impl_->bytes_out; }

// ---- MediaEncryptStream -------------------------------------------------------------------------

struct MediaEncryptStream::Impl {
  Impl(const MediaKeys& keys, MediaType type, std::optional<std::uint64_t> first_frame_length)
      : encryptor(keys.cipher_key), chain(keys.iv), hmac(keys.mac_key) {
    hmac.update(keys.iv);
    const MediaTypeInfo& info = mediaTypeInfo(type);
    if (info.streamable) {
      sidecar.emplace(keys.mac_key);
      sidecar->update(keys.iv);
    }
    if (info.first_frame_sidecar && first_frame_length) {
      const std::uint64_t rounded = (*first_frame_length + kAesBlockSize - 1) / kAesBlockSize * kAesBlockSize;
      first_frame_limit = kAesBlockSize + rounded;
      first_frame.emplace(keys.mac_key);
      first_frame->update(keys.iv);
      first_frame_fed = kAesBlockSize;
    }
  }

  // Everything that reads the ciphertext, a cache-sized slice at a time.
  void absorbCiphertext(ByteView ct) noexcept {
    hmac.update(ct);
    enc_hash.update(ct);
    if (sidecar) sidecar->update(ct);
    if (first_frame && first_frame_fed < first_frame_limit) {
      const std::uint64_t want = first_frame_limit - first_frame_fed;
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(want, ct.size()));
      first_frame->update(ct.first(n));
      first_frame_fed += n;
    }
  }

  void encryptBlocks(ByteView plain, std::uint8_t* out) noexcept {
    for (std::size_t done = 0; done < plain.size(); done += kFusedSlice) {
      const std::size_t n = std::min(kFusedSlice, plain.size() - done);
      encryptor.encryptBlocks(chain, plain.subspan(done, n), MutableByteView(out + done, n));
      absorbCiphertext(ByteView(out + done, n));
    }
  }

  Expected<std::size_t> update(ByteView plain, MutableByteView out) {
    if (finished) return makeError(ErrorCode::Invalid, Stage::Encrypt, length, "media stream used after finish");
    const std::size_t ready = (carry_size + plain.size()) / kAesBlockSize * kAesBlockSize;
    if (out.size() < ready) {
      return makeError(ErrorCode::Invalid, Stage::Encrypt, length,
                       fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(), ready));
    }
    length += plain.size();
    plain_hash.update(plain);
    std::size_t written = 0;
    if (carry_size > 0) {
      const std::size_t take = std::min(kAesBlockSize - carry_size, plain.size());
      copyBytes(carry + carry_size, plain.data(), take);
      carry_size += take;
      plain = plain.subspan(take);
      if (carry_size < kAesBlockSize) return std::size_t{0};
      encryptBlocks(ByteView(carry, kAesBlockSize), out.data());
      carry_size = 0;
      written = kAesBlockSize;
    }
    const std::size_t whole = plain.size() / kAesBlockSize * kAesBlockSize;
    encryptBlocks(plain.first(whole), out.data() + written);
    written += whole;
    carry_size = plain.size() - whole;
    copyBytes(carry, plain.data() + whole, carry_size);
    return written;
  }

  Expected<EncryptedMediaInfo> finish(MutableByteView out, std::size_t& written) {
    written = 0;
    if (finished) return makeError(ErrorCode::Invalid, Stage::Encrypt, length, "media stream finished twice");
    if (out.size() < kFinishBound) {
      return makeError(ErrorCode::Invalid, Stage::Encrypt, length,
                       fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(), kFinishBound));
    }
    finished = true;
    const std::size_t pad = kAesBlockSize - carry_size;
    std::memset(carry + carry_size, static_cast<int>(pad), pad);
    encryptBlocks(ByteView(carry, kAesBlockSize), out.data());
    const Sha256Digest full = hmac.finish();
    EncryptedMediaInfo info;
    std::memcpy(info.mac.data(), full.data(), kMediaMacSize);
    std::memcpy(out.data() + kAesBlockSize, info.mac.data(), kMediaMacSize);
    written = kAesBlockSize + kMediaMacSize;
    enc_hash.update(info.mac);
    info.file_length = length;
    info.file_sha256 = plain_hash.finish();
    info.file_enc_sha256 = enc_hash.finish();
    if (sidecar) {
      sidecar->update(info.mac);
      info.sidecar = sidecar->finish();
    }
    if (first_frame) {
      const Sha256Digest ff = first_frame->finish();
      MediaMac entry{};
      std::memcpy(entry.data(), ff.data(), kMediaMacSize);
      info.first_frame_sidecar = entry;
    }
    secureWipe(carry);
    return info;
  }

  Aes256CbcEncryptor encryptor;
  Iv chain;
  HmacSha256 hmac;
  Sha256 plain_hash;
  Sha256 enc_hash;
  std::optional<SidecarBuilder> sidecar;
  std::optional<HmacSha256> first_frame;
  std::uint64_t first_frame_limit = 0;
  std::uint64_t first_frame_fed = 0;
  std::uint8_t carry[kAesBlockSize] = {};
  std::size_t carry_size = 0;
  std::uint64_t length = 0;
  bool finished = false;
};

MediaEncryptStream::MediaEncryptStream(const MediaKeys& keys, MediaType type,
                                       std::optional<std::uint64_t> first_frame_length)
    : impl_(std::make_unique<Impl>(keys, type, first_frame_length)) {}
MediaEncryptStream::~MediaEncryptStream() = default;
MediaEncryptStream::MediaEncryptStream(MediaEncryptStream&&) noexcept = default;
MediaEncryptStream& MediaEncryptStream::operator=(MediaEncryptStream&&) noexcept = default;

Expected<std::size_t> MediaEncryptStream::updateInto(ByteView plaintext, MutableByteView out) {
  return impl_->update(plaintext, out);
}

void MediaEncryptStream::update(ByteView plaintext, Bytes& out) {
  const std::size_t old = out.size();
  out.resize(old + outputBound(plaintext.size()));
  auto n = impl_->update(plaintext, MutableByteView(out).subspan(old));
  out.resize(old + (n ? *n : 0));
}

Expected<EncryptedMediaInfo> MediaEncryptStream::finishInto(MutableByteView out, std::size_t& written) {
  return impl_->finish(out, written);
}

EncryptedMediaInfo MediaEncryptStream::finish(Bytes& out) {
  const std::size_t old = out.size();
  out.resize(old + kFinishBound);
  std::size_t written = 0;
  auto info = impl_->finish(MutableByteView(out).subspan(old), written);
  out.resize(old + written);
  return info ? std::move(*info) : EncryptedMediaInfo{};
}

}  // namespace wa::crypto
