// Base64 and hex for secrets (on wa::support, with messages that never quote the input), key-value
// decoding and secure wiping.
#include "wa/crypto/bytes.h"

#include <string.h>  // explicit_bzero

#include <fmt/format.h>

#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"

namespace wa::crypto {

std::string base64Encode(ByteView bytes) { return support::toBase64(asChars(bytes)); }

std::string base64UrlEncode(ByteView bytes, bool pad) {
  std::string out;
  support::appendBase64Url(out, asChars(bytes), pad);
  return out;
}

Expected<Bytes> base64Decode(std::string_view text) {
  using Kind = support::TextDecodeFailure::Kind;
  std::string decoded;
  const auto failure = support::appendBase64Decoded(decoded, text);
  if (failure) {
    secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(decoded.data()), decoded.size()));
    switch (failure->kind) {
      case Kind::BadPadding:
        return makeError(ErrorCode::Invalid, Stage::Key, failure->offset, "not base64 (misplaced padding)");
      case Kind::BadLength:
        return makeError(ErrorCode::Invalid, Stage::Key, text.size(), "not base64 (a length no encoder produces)");
      default:
        return makeError(ErrorCode::Invalid, Stage::Key, failure->offset,
                         fmt::format("not base64 (unexpected character at offset {})", failure->offset));
    }
  }
  Bytes out(decoded.begin(), decoded.end());
  secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(decoded.data()), decoded.size()));
  return out;
}

std::string hexEncode(ByteView bytes) { return support::toHex(asChars(bytes)); }

Expected<Bytes> hexDecode(std::string_view text) {
  if (text.size() % 2 != 0)
    return makeError(ErrorCode::Invalid, Stage::Key, text.size(), "not hex (odd number of digits)");
  std::string decoded;
  if (const auto failure = support::appendHexDecoded(decoded, text)) {
    secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(decoded.data()), decoded.size()));
    return makeError(ErrorCode::Invalid, Stage::Key, failure->offset,
                     fmt::format("not hex (unexpected character at offset {})", failure->offset));
  }
  Bytes out(decoded.begin(), decoded.end());
  secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(decoded.data()), decoded.size()));
  return out;
}

Expected<Bytes> decodeKeyValue(std::string_view text) {
  constexpr std::string_view kHexPrefix = "hex:";
  if (text.starts_with(kHexPrefix)) {
    auto decoded = hexDecode(text.substr(kHexPrefix.size()));
    if (!decoded) decoded.error().offset += kHexPrefix.size();
    return decoded;
  }
  return base64Decode(text);
}

void secureWipe(MutableByteView bytes) noexcept {
  // glibc's explicit_bzero: memset's speed, and never removed as a dead store.
  if (!bytes.empty()) ::explicit_bzero(bytes.data(), bytes.size());
}

namespace detail {
Error wrongLength(std::string_view field, std::size_t got, std::size_t want) {
  return Error{ErrorCode::Invalid, Stage::Key, 0,
               fmt::format("{}: {} byte{} where {} are needed", field, got, got == 1 ? "" : "s", want)};
}
}  // namespace detail

}  // namespace wa::crypto
