// Capture payload decoding: wa::support's decoders, the capture's messages.
#include "capture/text_decode.h"

#include <fmt/format.h>

#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"

namespace wa::capture::detail {
namespace {

using Kind = support::TextDecodeFailure::Kind;

Unexpected badChar(std::string_view in, std::size_t at, std::string_view what) {
  const auto c = static_cast<unsigned char>(in[at]);
  return makeError(ErrorCode::Invalid, Stage::Capture, at,
                   fmt::format("expected {}, found {}", what,
                               c >= 0x20 && c < 0x7f ? fmt::format("'{}'", static_cast<char>(c))
                                                     : fmt::format("byte {:#04x}", c)));
}

}  // namespace

Expected<void> appendBase64Decoded(std::string_view in, std::string& out, bool url_safe) {
  const auto failure = support::appendBase64Decoded(
      out, in, {url_safe ? support::Base64Alphabet::UrlSafe : support::Base64Alphabet::Standard});
  if (!failure) return {};
  switch (failure->kind) {
    case Kind::BadPadding:
      return makeError(ErrorCode::Invalid, Stage::Capture, failure->offset,
                       "padding does not complete a base64 quantum");
    case Kind::BadLength:
      return makeError(ErrorCode::Invalid, Stage::Capture, failure->offset, "base64 ends with a lone character");
    default: return badChar(in, failure->offset, "a base64 character");
  }
}

Expected<std::string> decodeHex(std::string_view in, bool allow_separators) {
  std::string out;
  const auto failure = support::appendHexDecoded(
      out, in, allow_separators ? support::HexSeparators::BetweenBytes : support::HexSeparators::None);
  if (!failure) return out;
  if (failure->kind == Kind::BadLength)
    return makeError(ErrorCode::Invalid, Stage::Capture, failure->offset, "hex ends with a lone digit");
  const char c = in[failure->offset];
  const bool after_separator = allow_separators && failure->offset > 0 && (c == ':' || c == ' ');
  return badChar(in, failure->offset, after_separator ? "a hex digit after the separator" : "a hex digit");
}

}  // namespace wa::capture::detail
