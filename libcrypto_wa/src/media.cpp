// Media key expansion, one-shot media decryption and encryption, and the diagnosis of bad files.
#include "wa/crypto/media.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "media_errors.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {

namespace detail {

std::optional<Error> checkEncryptedSize(std::uint64_t size) {
  if (size < kMinEncryptedMediaSize) {
    return Error{ErrorCode::Truncated, Stage::Media, size,
                 fmt::format("encrypted media of {} bytes is shorter than the {} of one block and the mac", size,
                             kMinEncryptedMediaSize)};
  }
  if ((size - kMediaMacSize) % kAesBlockSize != 0) {
    return Error{ErrorCode::Invalid, Stage::Media, size,
                 fmt::format("encrypted media of {} bytes is not 16n + 10 bytes (whole blocks and a 10-byte mac)",
                             size)};
  }
  return std::nullopt;
}

Error macMismatch(std::uint64_t mac_offset) {
  return Error{ErrorCode::AuthenticationFailed, Stage::Hmac, mac_offset,
               "media mac mismatch (a wrong media key or media type, or a damaged file)"};
}

Error fileEncSha256Mismatch() {
  return Error{ErrorCode::AuthenticationFailed, Stage::Media, 0,
               "fileEncSha256 mismatch: these are not the encrypted bytes the message describes"};
}

Error fileSha256Mismatch() {
  return Error{ErrorCode::AuthenticationFailed, Stage::Media, 0,
               "fileSha256 mismatch: the decrypted file is not the one the message describes"};
}

Error badPadding(std::uint64_t last_block_offset) {
  return Error{ErrorCode::BadPadding, Stage::Decrypt, last_block_offset, "invalid pkcs#7 padding"};
}

Error changedAfterMacCheck(std::uint64_t begin, std::uint64_t end) {
  return Error{ErrorCode::AuthenticationFailed, Stage::Media, begin,
               fmt::format("bytes {}..{} {} (is the file being written?); none of their plaintext was released", begin,
                           end, kChangedAfterMacCheck)};
}

}  // namespace detail

namespace {

constexpr std::size_t kExpandedSize = 112;

template <std::size_t N>
void copyFrom(std::array<std::uint8_t, N>& to, const Bytes& from, std::size_t offset) {
  std::memcpy(to.data(), from.data() + offset, N);
}

}  // namespace

Expected<MediaKeys> expandMediaKey(ByteView media_key, MediaType type) {
  auto info = mediaHkdfInfo(type);
  if (!info) return tl::unexpected(info.error());
  if (media_key.size() != kMediaKeySize) {
    return tl::unexpected(detail::wrongLength("mediaKey", media_key.size(), kMediaKeySize));
  }
  const Key32 salt{};
  auto expanded = hkdfSha256(media_key, salt, asBytes(*info), kExpandedSize);
  if (!expanded) return tl::unexpected(expanded.error());
  MediaKeys keys;
  copyFrom(keys.iv, *expanded, 0);
  copyFrom(keys.cipher_key, *expanded, 16);
  copyFrom(keys.mac_key, *expanded, 48);
  copyFrom(keys.ref_key, *expanded, 80);
  secureWipe(*expanded);
  return keys;
}

Expected<std::size_t> decryptMediaInto(const MediaKeys& keys, ByteView enc_and_mac, MutableByteView out,
                                       const MediaDecryptOptions& options) {
  if (auto bad = detail::checkEncryptedSize(enc_and_mac.size()); bad) return tl::unexpected(*bad);
  const std::size_t need = maxPlaintextSize(enc_and_mac.size());
  if (out.size() < need) {
    return makeError(ErrorCode::Invalid, Stage::Media, 0,
                     fmt::format("output buffer of {} bytes is smaller than the {} needed", out.size(), need));
  }
  MediaDecryptStream stream(keys, options);
  auto body = stream.updateInto(enc_and_mac, out);
  if (!body) return tl::unexpected(body.error());
  auto last = stream.finishInto(out.subspan(*body));
  if (!last) {
    secureWipe(out.first(need));
    return tl::unexpected(last.error());
  }
  return *body + *last;
}

Expected<Bytes> decryptMedia(const MediaKeys& keys, ByteView enc_and_mac, const MediaDecryptOptions& options) {
  if (auto bad = detail::checkEncryptedSize(enc_and_mac.size()); bad) return tl::unexpected(*bad);
  Bytes out(maxPlaintextSize(enc_and_mac.size()));
  auto size = decryptMediaInto(keys, enc_and_mac, out, options);
  if (!size) return tl::unexpected(size.error());
  out.resize(*size);
  return out;
}

Expected<EncryptedMedia> encryptMedia(ByteView plaintext, MediaType type, const MediaEncryptOptions& options) {
  EncryptedMedia result;
  result.media_key = options.media_key ? *options.media_key : randomKey32();
  auto keys = expandMediaKey(result.media_key, type);
  if (!keys) return tl::unexpected(keys.error());
  MediaEncryptStream stream(*keys, type, options.first_frame_length);
  result.enc_and_mac.resize(encryptedMediaSize(plaintext.size()));
  auto body = stream.updateInto(plaintext, result.enc_and_mac);
  if (!body) return tl::unexpected(body.error());
  std::size_t tail = 0;
  auto info = stream.finishInto(MutableByteView(result.enc_and_mac).subspan(*body), tail);
  if (!info) return tl::unexpected(info.error());
  result.info = std::move(*info);
  result.enc_and_mac.resize(*body + tail);
  return result;
}

// ---- Diagnosis ----------------------------------------------------------------------------------

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool containsNoCase(std::string_view text, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
    if (startsWithNoCase(text.substr(i), needle)) return true;
  return false;
}

// At least 80% printable ASCII: error pages are, even in other scripts (their markup is ASCII), and
// random ciphertext (37% printable on average) practically never is.
bool looksLikeText(ByteView head) {
  std::size_t text = 0;
  for (const std::uint8_t b : head)
    if ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r') ++text;
  return !head.empty() && text * 5 >= head.size() * 4;
}

struct Signature {
  std::size_t offset;
  std::string_view magic;
  std::string_view name;
};

constexpr Signature kPlainSignatures[] = {
    {0, "\xFF\xD8\xFF", "jpeg"},          {0, "\x89PNG\r\n\x1A\n", "png"}, {0, "GIF87a", "gif"},
    {0, "GIF89a", "gif"},                 {4, "ftyp", "mp4"},              {0, "OggS", "ogg"},
    {0, "%PDF-", "pdf"},                  {0, "ID3", "mp3"},               {0, "PK\x03\x04", "zip"},
    {0, "\x1A\x45\xDF\xA3", "webm/mkv"},  {0, "#!AMR", "amr"},
};

}  // namespace

MediaDiagnosis diagnoseMedia(ByteView head, std::uint64_t total_size,
                             std::optional<std::uint64_t> announced_plaintext_length) {
  if (total_size == 0) return {MediaProblem::Empty, "the file is empty"};
  const std::string_view text = asChars(head);
  std::size_t skip = 0;
  if (text.starts_with("\xEF\xBB\xBF")) skip = 3;
  while (skip < text.size() && (text[skip] == ' ' || text[skip] == '\t' || text[skip] == '\r' || text[skip] == '\n'))
    ++skip;
  const std::string_view body = text.substr(skip);
  if (looksLikeText(head)) {
    if (startsWithNoCase(body, "<!doctype html") || startsWithNoCase(body, "<html") || containsNoCase(body, "<head") ||
        containsNoCase(body, "<body") || containsNoCase(body, "<title")) {
      return {MediaProblem::LooksLikeHtml, "looks like an html page (an error or login page), not encrypted media"};
    }
    if (startsWithNoCase(body, "<?xml") || startsWithNoCase(body, "<error")) {
      return {MediaProblem::LooksLikeXml, "looks like an xml document (a storage error), not encrypted media"};
    }
    if (body.starts_with('{') || body.starts_with('[')) {
      return {MediaProblem::LooksLikeJson, "looks like a json document (an api error), not encrypted media"};
    }
  }
  for (const Signature& sig : kPlainSignatures) {
    if (text.size() >= sig.offset + sig.magic.size() && text.substr(sig.offset, sig.magic.size()) == sig.magic) {
      return {MediaProblem::LooksPlain,
              fmt::format("starts like a plain {} file: it may be decrypted already, or never was encrypted", sig.name)};
    }
  }
  if (total_size < kMinEncryptedMediaSize) {
    return {MediaProblem::TooShort, fmt::format("{} bytes is shorter than the {} of the smallest encrypted file",
                                                total_size, kMinEncryptedMediaSize)};
  }
  if (announced_plaintext_length) {
    const std::uint64_t expected = encryptedMediaSize(*announced_plaintext_length);
    if (total_size < expected) {
      return {MediaProblem::Truncated,
              fmt::format("truncated: {} bytes where the message announces {} ({} missing)", total_size, expected,
                          expected - total_size)};
    }
    if (total_size > expected) {
      return {MediaProblem::TooLong, fmt::format("{} bytes where the message announces {} ({} too many)", total_size,
                                                 expected, total_size - expected)};
    }
  }
  if ((total_size - kMediaMacSize) % kAesBlockSize != 0) {
    return {MediaProblem::BadLength,
            fmt::format("{} bytes is not 16n + 10 (whole blocks and a 10-byte mac): truncated or not encrypted media",
                        total_size)};
  }
  return {MediaProblem::None, ""};
}

}  // namespace wa::crypto
