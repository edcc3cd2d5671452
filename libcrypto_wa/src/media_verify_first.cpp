// Two-pass "verify first" media decryption over a seekable source: the MAC over the whole file is
// checked before any plaintext is released.
#include <algorithm>
#include <optional>

#include "media_errors.h"
#include "piece_fingerprints.h"
#include "piece_reader.h"
#include "prefetched_slices.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

// Pass 1: authenticates iv || ct and hashes ct || mac without decrypting anything, and remembers a
// fingerprint of each piece for pass 2. The MAC is computed here while the reading thread reads
// ahead, fingerprints and computes fileEncSha256.
Expected<void> checkMac(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at,
                        const MediaDecryptOptions& options, std::size_t piece_size,
                        detail::PieceFingerprints& fingerprints) {
  HmacSha256 hmac(keys.mac_key);
  hmac.update(keys.iv);
  std::optional<Sha256> enc_hash;
  if (options.file_enc_sha256) enc_hash.emplace();
  const std::uint64_t ct_size = file_size - kMediaMacSize;
  MediaMac mac{};
  {
    detail::PieceReader reader(read_at, file_size, piece_size,
                               [&](std::size_t index, ByteView piece) -> Expected<void> {
                                 fingerprints.remember(index, piece);
                                 if (enc_hash) enc_hash->update(piece);
                                 return {};
                               });
    for (std::uint64_t offset = 0;;) {
      auto piece = reader.next();
      if (!piece) return tl::unexpected(piece.error());
      if (piece->empty()) break;
      // The part of this piece that is ciphertext goes to the MAC; the rest is (part of) the MAC.
      const std::size_t ct_part =
          offset >= ct_size ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(piece->size(), ct_size - offset));
      detail::consumePrefetched(piece->first(ct_part), [&](ByteView slice) { hmac.update(slice); });
      for (std::size_t i = ct_part; i < piece->size(); ++i)
        mac[static_cast<std::size_t>(offset + i - ct_size)] = (*piece)[i];
      offset += piece->size();
    }
  }  // the reading thread has ended: enc_hash is ours
  const Sha256Digest full = hmac.finish();
  if (!constantTimeEqual(ByteView(full).first(kMediaMacSize), mac)) {
    return tl::unexpected(detail::macMismatch(file_size - kMediaMacSize));
  }
  if (enc_hash && !constantTimeEqual(enc_hash->finish(), *options.file_enc_sha256)) {
    return tl::unexpected(detail::fileEncSha256Mismatch());
  }
  return {};
}

// Pieces whose index modulo this is 1 are checked on the reading thread in pass 2, the others on
// the caller's: the check (GMAC) is most of pass 2's work, and the reading thread, which otherwise
// only copies out of the page cache, has room for about a third of it. Measured on 256 MiB to
// /dev/null (2 cores): every check on the caller's thread 0.272 s; without pass 2's checks at all
// 0.224 s.
constexpr std::size_t kCheckOnReaderEvery = 3;

Error changedPiece(std::size_t index, std::size_t piece_size, std::size_t size) {
  const std::uint64_t begin = static_cast<std::uint64_t>(index) * piece_size;
  return detail::changedAfterMacCheck(begin, begin + size);
}

// Pass 2 (or the only pass): decrypts piece by piece into the sink. With `checked` (pass 1's
// fingerprints), a piece is decrypted only once it is known to be the piece pass 1 authenticated,
// so the MAC and fileEncSha256 are not computed again. A third of the pieces are checked on the
// reading thread before it hands them over (a failed check is then the reader's error for that
// piece, returned by next() in its turn), the rest here.
Expected<void> decryptPieces(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at,
                             const PlaintextSink& sink, MediaDecryptOptions options, std::size_t piece_size,
                             detail::PieceFingerprints* checked) {
  if (checked) {
    options.verify_mac = false;
    options.file_enc_sha256.reset();
  }
  MediaDecryptStream stream(keys, options);
  Bytes plain(MediaDecryptStream::outputBound(piece_size));
  struct Wipe {
    Bytes& bytes;
    ~Wipe() { secureWipe(bytes); }
  } wipe{plain};
  const auto checkedOnReader = [](std::size_t index) { return index % kCheckOnReaderEvery == 1; };
  detail::PieceReader::Prepare check_while_reading;
  if (checked) {
    check_while_reading = [&](std::size_t index, ByteView piece) -> Expected<void> {
      if (!checkedOnReader(index) || checked->matches(index, piece, /*context=*/1)) return {};
      return tl::unexpected(changedPiece(index, piece_size, piece.size()));
    };
  }
  detail::PieceReader reader(read_at, file_size, piece_size, std::move(check_while_reading));
  for (std::size_t index = 0;; ++index) {
    auto piece = reader.next();
    if (!piece) return tl::unexpected(piece.error());
    if (piece->empty()) break;
    if (checked && !checkedOnReader(index) && !checked->matches(index, *piece)) {
      return tl::unexpected(changedPiece(index, piece_size, piece->size()));
    }
    auto produced = stream.updateInto(*piece, plain);
    if (!produced) return tl::unexpected(produced.error());
    if (*produced > 0) {
      if (auto ok = sink(ByteView(plain.data(), *produced)); !ok) return ok;
    }
  }
  auto last = stream.finishInto(plain);
  if (!last) return tl::unexpected(last.error());
  if (*last > 0) {
    if (auto ok = sink(ByteView(plain.data(), *last)); !ok) return ok;
  }
  return {};
}

}  // namespace

Expected<void> decryptMediaVerifyFirst(const MediaKeys& keys, std::uint64_t file_size, const ReadAt& read_at,
                                       const PlaintextSink& sink, const MediaDecryptOptions& options,
                                       std::size_t buffer_size) {
  if (auto bad = detail::checkEncryptedSize(file_size); bad) return tl::unexpected(*bad);
  buffer_size = std::max<std::size_t>(4096, (buffer_size + kAesBlockSize - 1) / kAesBlockSize * kAesBlockSize);
  const std::size_t piece_size = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_size, file_size));
  if (!options.verify_mac) return decryptPieces(keys, file_size, read_at, sink, options, piece_size, nullptr);
  detail::PieceFingerprints fingerprints(static_cast<std::size_t>((file_size + piece_size - 1) / piece_size));
  if (auto ok = checkMac(keys, file_size, read_at, options, piece_size, fingerprints); !ok) return ok;
  return decryptPieces(keys, file_size, read_at, sink, options, piece_size, &fingerprints);
}

bool sourceChangedBetweenPasses(const Error& error) noexcept {
  return error.code == ErrorCode::AuthenticationFailed && error.stage == Stage::Media &&
         error.message.find(detail::kChangedAfterMacCheck) != std::string::npos;
}

}  // namespace wa::crypto
