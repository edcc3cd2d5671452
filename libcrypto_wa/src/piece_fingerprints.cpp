// Per-piece GMAC tags under a one-off random key, for two-pass reads of a file.
#include "piece_fingerprints.h"

#include <crypto++/aes.h>
#include <crypto++/gcm.h>

#include "prefetched_slices.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto::detail {

namespace {
constexpr std::size_t kNonceSize = 12;
}  // namespace

struct PieceFingerprints::Impl {
  // One state per context, under the same key; their key schedules are wiped by Crypto++.
  CryptoPP::GCM<CryptoPP::AES>::Encryption gmac[kContexts];
};

PieceFingerprints::PieceFingerprints(std::size_t pieces)
    : impl_(std::make_unique<Impl>()), tags_(pieces), recorded_(pieces, false) {
  Key32 key{};
  randomBytes(key);
  const std::uint8_t nonce[kNonceSize] = {};
  for (auto& gmac : impl_->gmac) gmac.SetKeyWithIV(key.data(), key.size(), nonce, kNonceSize);
  secureWipe(key);
}

PieceFingerprints::~PieceFingerprints() = default;
PieceFingerprints::PieceFingerprints(PieceFingerprints&&) noexcept = default;
PieceFingerprints& PieceFingerprints::operator=(PieceFingerprints&&) noexcept = default;

PieceFingerprints::Tag PieceFingerprints::tag(std::size_t index, ByteView piece, int context) noexcept {
  auto& gmac = impl_->gmac[context];
  std::uint8_t nonce[kNonceSize] = {};
  for (std::size_t i = 0; i < sizeof(std::uint64_t); ++i)
    nonce[kNonceSize - 1 - i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(index) >> (8 * i));
  Tag out{};
  gmac.Resynchronize(nonce, kNonceSize);
  consumePrefetched(piece, [&](ByteView slice) { gmac.Update(slice.data(), slice.size()); });
  gmac.TruncatedFinal(out.data(), out.size());
  return out;
}

void PieceFingerprints::remember(std::size_t index, ByteView piece) {
  if (index >= tags_.size()) return;
  tags_[index] = tag(index, piece, 0);
  recorded_[index] = true;
}

bool PieceFingerprints::matches(std::size_t index, ByteView piece, int context) {
  if (index >= tags_.size() || !recorded_[index] || context < 0 || context >= kContexts) return false;
  const Tag got = tag(index, piece, context);
  return constantTimeEqual(got, tags_[index]);
}

}  // namespace wa::crypto::detail
