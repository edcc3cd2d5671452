// Finding the media type a file was encrypted for: its MAC checked under every HKDF label in one pass.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_types.h"

namespace wa::crypto {

/// The types a probe tries: one per distinct HKDF label, the first in enum order standing for the
/// others that share it (image for sticker, product and biz-cover-photo; video for gif and ptv;
/// audio for ptt). Types without media keys are left out.
std::vector<MediaType> mediaTypesWithDistinctKeys();

/// The types that share `type`'s HKDF label, `type` first; empty for a type without media keys.
std::vector<MediaType> mediaTypesSharingKeys(MediaType type);

/// Checks the MAC of ct || mac pushed in pieces under every distinct label at once, in constant
/// memory (one HMAC state per label and the last 10 bytes seen). Costs one HMAC pass per label, so
/// about twelve times a plain MAC check. Not thread-safe; movable.
class MediaTypeProbe {
 public:
  /// Fails (Invalid, stage Key) on a media key that is not 32 bytes: "mediaKey: 31 bytes
  /// where 32 are needed".
  static Expected<MediaTypeProbe> create(ByteView media_key);
  ~MediaTypeProbe();
  MediaTypeProbe(MediaTypeProbe&&) noexcept;
  MediaTypeProbe& operator=(MediaTypeProbe&&) noexcept;

  void update(ByteView enc_chunk) noexcept;

  /// The types (one per label, as in mediaTypesWithDistinctKeys) whose MAC matches; normally one.
  /// Errors: those of the size check of decryptMedia (Truncated below 26 bytes, Invalid
  /// when not 16n + 10); AuthenticationFailed (stage Hmac, offset = size - 10) "media mac matches
  /// no media type (a wrong media key or a damaged file)" when none does. The probe is spent after.
  Expected<std::vector<MediaType>> finish();

  /// Encrypted bytes pushed so far.
  [[nodiscard]] std::uint64_t bytesIn() const noexcept;

 private:
  struct Impl;
  explicit MediaTypeProbe(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// One-shot form over a file held in memory.
Expected<std::vector<MediaType>> probeMediaType(ByteView media_key, ByteView enc_and_mac);

}  // namespace wa::crypto
