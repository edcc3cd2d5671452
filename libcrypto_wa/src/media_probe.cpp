// The media type probe: every distinct label's MAC over one pass of the file.
#include "wa/crypto/media_probe.h"

#include <algorithm>
#include <cstring>

#include "media_errors.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {

std::vector<MediaType> mediaTypesWithDistinctKeys() {
  std::vector<MediaType> out;
  const auto all = allMediaTypes();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].hkdf_info.empty()) continue;
    const bool seen = std::any_of(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(i),
                                  [&](const MediaTypeInfo& t) { return t.hkdf_info == all[i].hkdf_info; });
    if (!seen) out.push_back(all[i].type);
  }
  return out;
}

std::vector<MediaType> mediaTypesSharingKeys(MediaType type) {
  const std::string_view label = mediaTypeInfo(type).hkdf_info;
  if (label.empty()) return {};
  std::vector<MediaType> out{type};
  for (const MediaTypeInfo& t : allMediaTypes())
    if (t.type != type && t.hkdf_info == label) out.push_back(t.type);
  return out;
}

struct MediaTypeProbe::Impl {
  struct Candidate {
    MediaType type;
    HmacSha256 hmac;
  };

  std::vector<Candidate> candidates;
  // The last (up to) 10 bytes seen: the MAC when the stream ends, otherwise ciphertext in waiting.
  std::uint8_t tail[kMediaMacSize] = {};
  std::size_t tail_size = 0;
  std::uint64_t bytes_in = 0;
  bool finished = false;

  void feed(ByteView ct) noexcept {
    for (Candidate& c : candidates) c.hmac.update(ct);
  }

  void update(ByteView chunk) noexcept {
    if (finished || chunk.empty()) return;
    bytes_in += chunk.size();
    if (chunk.size() >= kMediaMacSize) {
      // Everything held back is ciphertext now, and so is all of the chunk but its last 10 bytes.
      feed(ByteView(tail, tail_size));
      feed(chunk.first(chunk.size() - kMediaMacSize));
      std::memcpy(tail, chunk.data() + chunk.size() - kMediaMacSize, kMediaMacSize);
      tail_size = kMediaMacSize;
      return;
    }
    const std::size_t total = tail_size + chunk.size();
    const std::size_t spill = total > kMediaMacSize ? total - kMediaMacSize : 0;
    feed(ByteView(tail, spill));
    std::memmove(tail, tail + spill, tail_size - spill);
    tail_size -= spill;
    std::memcpy(tail + tail_size, chunk.data(), chunk.size());
    tail_size += chunk.size();
  }

  Expected<std::vector<MediaType>> finish() {
    if (finished) return makeError(ErrorCode::Invalid, Stage::Media, bytes_in, "media probe finished twice");
    finished = true;
    if (auto bad = detail::checkEncryptedSize(bytes_in); bad) return tl::unexpected(*bad);
    std::vector<MediaType> matches;
    for (Candidate& c : candidates) {
      const Sha256Digest mac = c.hmac.finish();
      if (constantTimeEqual(ByteView(mac).first(kMediaMacSize), ByteView(tail, kMediaMacSize)))
        matches.push_back(c.type);
    }
    if (matches.empty()) {
      return makeError(ErrorCode::AuthenticationFailed, Stage::Hmac, bytes_in - kMediaMacSize,
                       "media mac matches no media type (a wrong media key or a damaged file)");
    }
    return matches;
  }
};

MediaTypeProbe::MediaTypeProbe(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaTypeProbe::~MediaTypeProbe() = default;
MediaTypeProbe::MediaTypeProbe(MediaTypeProbe&&) noexcept = default;
MediaTypeProbe& MediaTypeProbe::operator=(MediaTypeProbe&&) noexcept = default;

Expected<MediaTypeProbe> MediaTypeProbe::create(ByteView media_key) {
  auto impl = std::make_unique<Impl>();
  for (const MediaType type : mediaTypesWithDistinctKeys()) {
    auto keys = expandMediaKey(media_key, type);
    if (!keys) return tl::unexpected(keys.error());
    Impl::Candidate c{type, HmacSha256(keys->mac_key)};
    c.hmac.update(keys->iv);
    secureWipe(keys->mac_key);
    secureWipe(keys->cipher_key);
    impl->candidates.push_back(std::move(c));
  }
  return MediaTypeProbe(std::move(impl));
}

void MediaTypeProbe::update(ByteView enc_chunk) noexcept { impl_->update(enc_chunk); }
Expected<std::vector<MediaType>> MediaTypeProbe::finish() { return impl_->finish(); }
std::uint64_t MediaTypeProbe::bytesIn() const noexcept { return impl_->bytes_in; }

Expected<std::vector<MediaType>> probeMediaType(ByteView media_key, ByteView enc_and_mac) {
  auto probe = MediaTypeProbe::create(media_key);
  if (!probe) return tl::unexpected(probe.error());
  probe->update(enc_and_mac);
  return probe->finish();
}

}  // namespace wa::crypto
