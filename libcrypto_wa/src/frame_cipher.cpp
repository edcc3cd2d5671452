// Frame body verification/decryption and encryption/signing, with keyed objects kept per session.
#include "wa/crypto/frame_cipher.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

// MAC and decrypt alternate over slices this large, so each slice is decrypted while it is still in
// the L1/L2 cache from hashing: one pass over memory instead of two for large bodies.
constexpr std::size_t kFusedSlice = 16 * 1024;

Error shiftedBy(Error e, std::size_t by) {
  e.offset += by;
  return e;
}

}  // namespace

struct FrameCipher::Impl {
  explicit Impl(const SessionKeys& keys)
      : hmac(keys.mac_key), mac_key(prepareHmacSha256Key(keys.mac_key)), decryptor(keys.enc_key), encryptor(keys.enc_key) {}
  ~Impl() { secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(&mac_key), sizeof mac_key)); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Layout checks shared by verify and decrypt.
  static Expected<void> checkLayout(ByteView body) {
    if (body.size() < kMinServerBodySize) {
      return makeError(ErrorCode::Truncated, Stage::Frame, body.size(),
                       fmt::format("frame body of {} bytes is shorter than the {} an encrypted frame needs",
                                   body.size(), kMinServerBodySize));
    }
    const std::size_t ct_size = body.size() - kFrameHeaderSize;
    if (ct_size % kAesBlockSize != 0) {
      return makeError(ErrorCode::Invalid, Stage::Decrypt, kFrameHeaderSize,
                       fmt::format("ciphertext of {} bytes is not a whole number of 16-byte blocks", ct_size));
    }
    return {};
  }

  static Error hmacMismatch() {
    return Error{ErrorCode::AuthenticationFailed, Stage::Hmac, 0, "frame hmac mismatch"};
  }

  Expected<void> verify(ByteView body) {
    if (auto ok = checkLayout(body); !ok) return ok;
    const Sha256Digest mac = hmac.mac(body.subspan(kFrameHmacSize));
    if (!constantTimeEqual(mac, body.first(kFrameHmacSize))) return tl::unexpected(hmacMismatch());
    return {};
  }

  // Verifies and decrypts; `precomputed`: the MAC of iv || ct computed beforehand (then it is
  // compared first, so a forged body is never decrypted), or nullptr to compute it here, hashed and
  // decrypted slice by slice.
  Expected<std::size_t> decryptInto(ByteView body, MutableByteView out, const Sha256Digest* precomputed) {
    if (auto ok = checkLayout(body); !ok) return tl::unexpected(ok.error());
    const ByteView ct = body.subspan(kFrameHeaderSize);
    if (out.size() < ct.size()) {
      return makeError(ErrorCode::Invalid, Stage::Decrypt, 0,
                       fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(), ct.size()));
    }
    Iv iv{};
    std::memcpy(iv.data(), body.data() + kFrameHmacSize, iv.size());
    if (precomputed != nullptr) {
      if (!constantTimeEqual(*precomputed, body.first(kFrameHmacSize))) return tl::unexpected(hmacMismatch());
      decryptor.decryptBlocks(iv, ct, out.first(ct.size()));
    } else {
      hmac.restart();
      hmac.update(iv);
      for (std::size_t done = 0; done < ct.size(); done += kFusedSlice) {
        const std::size_t n = std::min(kFusedSlice, ct.size() - done);
        const ByteView slice = ct.subspan(done, n);
        hmac.update(slice);
        decryptor.decryptBlocks(iv, slice, out.subspan(done, n));
      }
      const Sha256Digest mac = hmac.finish();
      if (!constantTimeEqual(mac, body.first(kFrameHmacSize))) {
        secureWipe(out.first(ct.size()));
        return tl::unexpected(hmacMismatch());
      }
    }
    const std::size_t pad = pkcs7PadLength(ByteView(out.data() + ct.size() - kAesBlockSize, kAesBlockSize));
    if (pad == 0) {
      secureWipe(out.first(ct.size()));
      return makeError(ErrorCode::BadPadding, Stage::Decrypt, body.size() - kAesBlockSize, "invalid pkcs#7 padding");
    }
    return ct.size() - pad;
  }

  // Writes HMAC[32] iv[16] ct at `out` (which has room for header + padded plaintext).
  void encryptInto(ByteView plaintext, const Iv& iv, std::uint8_t* out) {
    std::uint8_t* iv_out = out + kFrameHmacSize;
    std::uint8_t* ct_out = iv_out + kFrameIvSize;
    std::memcpy(iv_out, iv.data(), iv.size());
    const std::size_t pad = pkcs7PaddingSize(plaintext.size());
    const std::size_t ct_size = plaintext.size() + pad;
    if (!plaintext.empty()) std::memcpy(ct_out, plaintext.data(), plaintext.size());
    std::memset(ct_out + plaintext.size(), static_cast<int>(pad), pad);
    Iv chain = iv;
    encryptor.encryptBlocks(chain, ByteView(ct_out, ct_size), MutableByteView(ct_out, ct_size));
    const Sha256Digest mac = hmac.mac(ByteView(iv_out, kFrameIvSize + ct_size));
    std::memcpy(out, mac.data(), mac.size());
  }

  HmacSha256 hmac;
  HmacSha256Key mac_key;  // the same key, for MACs computed in batches (hmacSha256Many); wiped
  Aes256CbcDecryptor decryptor;
  Aes256CbcEncryptor encryptor;
};

FrameCipher::FrameCipher(const SessionKeys& keys) : impl_(std::make_unique<Impl>(keys)) {}
FrameCipher::~FrameCipher() = default;
FrameCipher::FrameCipher(FrameCipher&&) noexcept = default;
FrameCipher& FrameCipher::operator=(FrameCipher&&) noexcept = default;

Expected<Bytes> FrameCipher::decryptServerBody(ByteView body) {
  if (auto ok = Impl::checkLayout(body); !ok) return tl::unexpected(ok.error());
  Bytes out(body.size() - kFrameHeaderSize);
  auto size = impl_->decryptInto(body, out, nullptr);
  if (!size) return tl::unexpected(size.error());
  out.resize(*size);
  return out;
}

Expected<std::size_t> FrameCipher::decryptServerBodyInto(ByteView body, MutableByteView out) {
  return impl_->decryptInto(body, out, nullptr);
}

Expected<std::size_t> FrameCipher::decryptServerBodyInto(ByteView body, MutableByteView out, const Sha256Digest& mac) {
  return impl_->decryptInto(body, out, &mac);
}

const HmacSha256Key& FrameCipher::macKey() const noexcept { return impl_->mac_key; }

Expected<ClientFrame> FrameCipher::decryptClientBody(ByteView body) {
  if (body.size() < kClientPrefixSize) {
    return makeError(ErrorCode::Truncated, Stage::Frame, body.size(),
                     fmt::format("client frame body of {} bytes has no room for its metric and flag bytes",
                                 body.size()));
  }
  ClientFrame frame;
  frame.metric = body[0];
  frame.flags = body[1];
  auto plaintext = decryptServerBody(body.subspan(kClientPrefixSize));
  if (!plaintext) return tl::unexpected(shiftedBy(plaintext.error(), kClientPrefixSize));
  frame.plaintext = std::move(*plaintext);
  return frame;
}

Expected<void> FrameCipher::verifyServerBody(ByteView body) { return impl_->verify(body); }

Bytes FrameCipher::encryptServerBody(ByteView plaintext, const std::optional<Iv>& iv) {
  Bytes out(kFrameHeaderSize + plaintext.size() + pkcs7PaddingSize(plaintext.size()));
  impl_->encryptInto(plaintext, iv ? *iv : randomIv(), out.data());
  return out;
}

Bytes FrameCipher::encryptClientBody(std::uint8_t metric, std::uint8_t flags, ByteView plaintext,
                                     const std::optional<Iv>& iv) {
  Bytes out(kClientPrefixSize + kFrameHeaderSize + plaintext.size() + pkcs7PaddingSize(plaintext.size()));
  out[0] = metric;
  out[1] = flags;
  impl_->encryptInto(plaintext, iv ? *iv : randomIv(), out.data() + kClientPrefixSize);
  return out;
}

Expected<Bytes> decryptServerBody(const SessionKeys& keys, ByteView body) {
  return FrameCipher(keys).decryptServerBody(body);
}

Expected<ClientFrame> decryptClientBody(const SessionKeys& keys, ByteView body) {
  return FrameCipher(keys).decryptClientBody(body);
}

}  // namespace wa::crypto
