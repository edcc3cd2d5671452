// SHA-256, HMAC-SHA256, HKDF, AES-256-CBC, X25519, comparison and randomness over Crypto++.
#include "wa/crypto/primitives.h"

#include <cstdlib>
#include <cstring>
#include <optional>

#include <crypto++/aes.h>
#include <crypto++/donna.h>
#include <crypto++/hkdf.h>
#include <crypto++/modes.h>
#include <crypto++/osrng.h>
#include <crypto++/sha.h>
#include <fmt/format.h>

#include "aes_cbc_fast.h"
#include "hmac_pads.h"

namespace wa::crypto {

// ---- SHA-256 ------------------------------------------------------------------------------------

namespace {

// The digest of what `hash` absorbed; `hash` starts again empty.
Sha256Digest finishDigest(CryptoPP::SHA256& hash) noexcept {
  Sha256Digest out{};
  hash.Final(out.data());
  return out;
}

}  // namespace

Sha256Digest sha256(ByteView data) noexcept {
  CryptoPP::SHA256 hash;
  hash.Update(data.data(), data.size());
  return finishDigest(hash);
}

struct Sha256::Impl {
  CryptoPP::SHA256 hash;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(ByteView data) noexcept { impl_->hash.Update(data.data(), data.size()); }

Sha256Digest Sha256::finish() noexcept { return finishDigest(impl_->hash); }

// ---- HMAC-SHA256 --------------------------------------------------------------------------------
// inner/outer hold SHA-256 states that have absorbed key^ipad and key^opad (one block each), so a
// message costs a state copy instead of two extra compressions.

struct HmacSha256::Impl {
  CryptoPP::SHA256 inner;
  CryptoPP::SHA256 outer;
  CryptoPP::SHA256 work;
};

void detail::makeHmacPads(ByteView key, HmacPads& out) noexcept {
  std::uint8_t block[detail::kHmacBlock] = {};
  if (key.size() > detail::kHmacBlock) {
    const Sha256Digest hashed = sha256(key);
    std::memcpy(block, hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block, key.data(), key.size());
  }
  for (std::size_t i = 0; i < detail::kHmacBlock; ++i) {
    out.inner[i] = static_cast<std::uint8_t>(block[i] ^ 0x36);
    out.outer[i] = static_cast<std::uint8_t>(block[i] ^ 0x5c);
  }
  secureWipe(block);
}

HmacSha256::HmacSha256(ByteView key) : impl_(std::make_unique<Impl>()) {
  detail::HmacPads pads;
  detail::makeHmacPads(key, pads);
  impl_->inner.Update(pads.inner, sizeof pads.inner);
  impl_->outer.Update(pads.outer, sizeof pads.outer);
  secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(&pads), sizeof pads));
  impl_->work = impl_->inner;
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

void HmacSha256::update(ByteView data) noexcept { impl_->work.Update(data.data(), data.size()); }

Sha256Digest HmacSha256::finish() noexcept {
  const Sha256Digest inner_digest = finishDigest(impl_->work);
  impl_->work = impl_->outer;
  impl_->work.Update(inner_digest.data(), inner_digest.size());
  const Sha256Digest out = finishDigest(impl_->work);
  impl_->work = impl_->inner;
  return out;
}

void HmacSha256::restart() noexcept { impl_->work = impl_->inner; }

Sha256Digest HmacSha256::mac(ByteView data) noexcept {
  restart();
  update(data);
  return finish();
}

Sha256Digest hmacSha256(ByteView key, ByteView data) noexcept {
  HmacSha256 hmac(key);
  hmac.update(data);
  return hmac.finish();
}

// ---- HKDF ---------------------------------------------------------------------------------------

Expected<Bytes> hkdfSha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length) {
  if (length > kHkdfMaxLength) {
    return makeError(ErrorCode::Invalid, Stage::Key, 0,
                     fmt::format("hkdf: {} bytes requested where at most {} can be derived", length,
                                 kHkdfMaxLength));
  }
  Bytes out(length);
  if (length == 0) return out;
  CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
  // An empty salt and a missing salt are the same under RFC 5869 (HashLen zeros); Crypto++ treats a
  // null pointer that way, so pass null for empty.
  hkdf.DeriveKey(out.data(), out.size(), ikm.data(), ikm.size(), salt.empty() ? nullptr : salt.data(),
                 salt.size(), info.empty() ? nullptr : info.data(), info.size());
  return out;
}

// ---- AES-256-CBC --------------------------------------------------------------------------------

AesBackend fastestAesBackend() noexcept {
  switch (detail::bestAesPath()) {
    case detail::AesPath::Vaes: return AesBackend::Vaes;
    case detail::AesPath::AesNi: return AesBackend::AesNi;
    case detail::AesPath::Portable: break;
  }
  return AesBackend::Portable;
}

struct Aes256CbcDecryptor::Impl {
  AesBackend backend = AesBackend::Portable;
  detail::AesDecryptionKeys round_keys{};                     // AesNi and Vaes
  std::optional<CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption> portable;  // Portable

  ~Impl() { secureWipe(MutableByteView(&round_keys.round[0][0], sizeof round_keys.round)); }
};

namespace {
// The requested backend, or the next slower one the CPU has.
AesBackend resolveBackend(AesBackend wanted) noexcept {
  const AesBackend best = fastestAesBackend();
  if (wanted == AesBackend::Auto) return best;
  if (wanted == AesBackend::Vaes && best != AesBackend::Vaes) wanted = AesBackend::AesNi;
  if (wanted == AesBackend::AesNi && best == AesBackend::Portable) wanted = AesBackend::Portable;
  return wanted;
}
}  // namespace

Aes256CbcDecryptor::Aes256CbcDecryptor(const Key32& key, AesBackend backend) : impl_(std::make_unique<Impl>()) {
  impl_->backend = resolveBackend(backend);
  if (impl_->backend == AesBackend::Portable) {
    const Iv zero{};
    impl_->portable.emplace();
    impl_->portable->SetKeyWithIV(key.data(), key.size(), zero.data(), zero.size());
  } else {
    detail::expandDecryptionKeys(key.data(), impl_->round_keys);
  }
}
Aes256CbcDecryptor::~Aes256CbcDecryptor() = default;
Aes256CbcDecryptor::Aes256CbcDecryptor(Aes256CbcDecryptor&&) noexcept = default;
Aes256CbcDecryptor& Aes256CbcDecryptor::operator=(Aes256CbcDecryptor&&) noexcept = default;

AesBackend Aes256CbcDecryptor::backend() const noexcept { return impl_->backend; }

bool Aes256CbcDecryptor::decryptBlocks(Iv& iv, ByteView in, MutableByteView out) noexcept {
  if (in.size() % kAesBlockSize != 0 || out.size() < in.size()) return false;
  if (in.empty()) return true;
  switch (impl_->backend) {
    case AesBackend::Vaes:
      detail::cbcDecryptVaes(impl_->round_keys, iv.data(), in.data(), out.data(), in.size() / kAesBlockSize);
      return true;
    case AesBackend::AesNi:
      detail::cbcDecryptAesNi(impl_->round_keys, iv.data(), in.data(), out.data(), in.size() / kAesBlockSize);
      return true;
    case AesBackend::Auto:
    case AesBackend::Portable: break;
  }
  Iv next{};
  std::memcpy(next.data(), in.data() + in.size() - kAesBlockSize, kAesBlockSize);
  impl_->portable->Resynchronize(iv.data(), static_cast<int>(iv.size()));
  impl_->portable->ProcessData(out.data(), in.data(), in.size());
  iv = next;
  return true;
}

struct Aes256CbcEncryptor::Impl {
  CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption cbc;
};

Aes256CbcEncryptor::Aes256CbcEncryptor(const Key32& key) : impl_(std::make_unique<Impl>()) {
  const Iv zero{};
  impl_->cbc.SetKeyWithIV(key.data(), key.size(), zero.data(), zero.size());
}
Aes256CbcEncryptor::~Aes256CbcEncryptor() = default;
Aes256CbcEncryptor::Aes256CbcEncryptor(Aes256CbcEncryptor&&) noexcept = default;
Aes256CbcEncryptor& Aes256CbcEncryptor::operator=(Aes256CbcEncryptor&&) noexcept = default;

bool Aes256CbcEncryptor::encryptBlocks(Iv& iv, ByteView in, MutableByteView out) noexcept {
  if (in.size() % kAesBlockSize != 0 || out.size() < in.size()) return false;
  if (in.empty()) return true;
  impl_->cbc.Resynchronize(iv.data(), static_cast<int>(iv.size()));
  impl_->cbc.ProcessData(out.data(), in.data(), in.size());
  std::memcpy(iv.data(), out.data() + in.size() - kAesBlockSize, kAesBlockSize);
  return true;
}

std::size_t pkcs7PadLength(ByteView last_block) noexcept {
  if (last_block.size() != kAesBlockSize) return 0;
  const unsigned pad = last_block[kAesBlockSize - 1];
  // bad != 0 when pad is 0 or above 16, or when any of the last `pad` bytes differs from it; every
  // byte is inspected whatever the value, so the time does not depend on the padding.
  unsigned bad = static_cast<unsigned>(pad == 0) | static_cast<unsigned>(pad > kAesBlockSize);
  for (unsigned i = 0; i < kAesBlockSize; ++i) {
    const unsigned in_pad = static_cast<unsigned>(kAesBlockSize - 1 - i < pad);
    bad |= in_pad & static_cast<unsigned>(last_block[i] != pad);
  }
  return bad != 0 ? 0 : pad;
}

std::size_t pkcs7PadLength(const std::uint8_t (&last_block)[kAesBlockSize]) noexcept {
  return pkcs7PadLength(ByteView(last_block, kAesBlockSize));
}

Bytes aes256CbcEncrypt(const Key32& key, const Iv& iv, ByteView plaintext) {
  const std::size_t pad = pkcs7PaddingSize(plaintext.size());
  Bytes out(plaintext.size() + pad);
  if (!plaintext.empty()) std::memcpy(out.data(), plaintext.data(), plaintext.size());
  std::memset(out.data() + plaintext.size(), static_cast<int>(pad), pad);
  Aes256CbcEncryptor encryptor(key);
  Iv chain = iv;
  encryptor.encryptBlocks(chain, out, out);
  return out;
}

Expected<Bytes> aes256CbcDecrypt(const Key32& key, const Iv& iv, ByteView ciphertext) {
  if (ciphertext.empty()) {
    return makeError(ErrorCode::Invalid, Stage::Decrypt, 0, "no ciphertext (at least one block is needed)");
  }
  if (ciphertext.size() % kAesBlockSize != 0) {
    const std::size_t at = ciphertext.size() - ciphertext.size() % kAesBlockSize;
    return makeError(ErrorCode::Invalid, Stage::Decrypt, at,
                     fmt::format("ciphertext of {} bytes is not a whole number of 16-byte blocks",
                                 ciphertext.size()));
  }
  Bytes out(ciphertext.size());
  Aes256CbcDecryptor decryptor(key);
  Iv chain = iv;
  decryptor.decryptBlocks(chain, ciphertext, out);
  const std::size_t pad = pkcs7PadLength(ByteView(out).last(kAesBlockSize));
  if (pad == 0) {
    secureWipe(out);
    return makeError(ErrorCode::BadPadding, Stage::Decrypt, ciphertext.size() - kAesBlockSize,
                     "invalid pkcs#7 padding");
  }
  out.resize(out.size() - pad);
  return out;
}

// ---- X25519 -------------------------------------------------------------------------------------

X25519KeyPair generateX25519KeyPair() {
  X25519KeyPair pair;
  randomBytes(pair.private_key);
  pair.private_key[0] &= 248;
  pair.private_key[31] &= 127;
  pair.private_key[31] |= 64;
  pair.public_key = x25519PublicKey(pair.private_key);
  return pair;
}

Key32 x25519PublicKey(const Key32& private_key) noexcept {
  Key32 out{};
  CryptoPP::Donna::curve25519_mult(out.data(), private_key.data());
  return out;
}

Expected<Key32> x25519(const Key32& scalar, const Key32& u_coordinate) {
  Key32 out{};
  CryptoPP::Donna::curve25519_mult(out.data(), scalar.data(), u_coordinate.data());
  const Key32 zero{};
  if (constantTimeEqual(out, zero)) {
    return makeError(ErrorCode::Invalid, Stage::Key, 0,
                     "x25519: the peer's public key has small order (the shared secret is all zeros)");
  }
  return out;
}

// ---- Comparison and randomness ------------------------------------------------------------------

bool constantTimeEqual(ByteView a, ByteView b) noexcept {
  if (a.size() != b.size()) return false;
  // Eight bytes at a time; the empty asm after each step hides `diff` from the optimiser, so that
  // no compiler can turn the loop into one that stops at the first difference.
  std::uint64_t diff = 0;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x = 0, y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    diff |= x ^ y;
    __asm__ volatile("" : "+r"(diff));
  }
  for (; i < a.size(); ++i) {
    diff |= static_cast<std::uint64_t>(a[i] ^ b[i]);
    __asm__ volatile("" : "+r"(diff));
  }
  return diff == 0;
}

void randomBytes(MutableByteView out) noexcept {
  if (out.empty()) return;
  try {
    thread_local CryptoPP::NonblockingRng rng;
    rng.GenerateBlock(out.data(), out.size());
  } catch (...) {
    std::abort();  // no OS random source: nothing secure can continue
  }
}

Bytes randomBytes(std::size_t size) {
  Bytes out(size);
  randomBytes(out);
  return out;
}

Key32 randomKey32() noexcept {
  Key32 out{};
  randomBytes(out);
  return out;
}

Iv randomIv() noexcept {
  Iv out{};
  randomBytes(out);
  return out;
}

}  // namespace wa::crypto
