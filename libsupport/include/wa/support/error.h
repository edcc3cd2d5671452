// The one error type of the libraries: a code, the stage that failed (an enum of each library),
// the byte offset and a message. Libraries return it in Expected; they never throw on bad input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace wa::support {

/// What went wrong, by meaning; specifics go in the message.
enum class ErrorCode : std::uint8_t {
  Truncated,             ///< the input ended where more bytes were needed
  Invalid,               ///< an impossible value: a bad tag, a 31-byte key, bad JSON shape
  LimitExceeded,         ///< a depth, size or count limit of the caller was reached
  Unsupported,           ///< well-formed but not supported (the double-byte dictionary)
  Io,                    ///< reading a file or stream failed
  AuthenticationFailed,  ///< an HMAC, MAC, sidecar entry or file hash did not match
  BadPadding,            ///< the MAC matched (or was not checked) but PKCS#7 padding is invalid
};

/// "truncated", "invalid", "limit exceeded", "unsupported", "i/o", "authentication failed",
/// "bad padding".
std::string_view toString(ErrorCode code) noexcept;

/// A failure at a byte offset of the input the failing call was given. `StageT` is the enum of
/// stages of the library that failed (codec::Stage, crypto::Stage, capture::Stage, ...), each with
/// a toString() found by argument-dependent lookup.
template <class StageT>
struct [[nodiscard]] BasicError {
  ErrorCode code = ErrorCode::Invalid;
  StageT stage{};
  std::uint64_t offset = 0;
  std::string message;  ///< lower case, no final period: "expected a list tag, found 0x07"

  friend bool operator==(const BasicError&, const BasicError&) = default;
};

/// A value, or the error of the stage that failed. Each library names its own:
/// `codec::Expected<T>` is `Expected<T, codec::Stage>`.
template <class T, class StageT>
using Expected = tl::expected<T, BasicError<StageT>>;

/// The failure side of Expected<T, StageT>, as makeError() builds it.
template <class StageT>
using Unexpected = tl::unexpected<BasicError<StageT>>;

/// Builds the unexpected value for a failing Expected; the library is the one of `stage`.
template <class StageT>
Unexpected<StageT> makeError(ErrorCode code, StageT stage, std::uint64_t offset, std::string message) {
  return Unexpected<StageT>(BasicError<StageT>{code, stage, offset, std::move(message)});
}

/// "decode at offset 0x1a (26): expected ..." — the shape every tool prints.
std::string describeError(std::string_view stage, std::uint64_t offset, std::string_view message);

template <class StageT>
std::string describe(const BasicError<StageT>& error) {
  return describeError(toString(error.stage), error.offset, error.message);
}

}  // namespace wa::support
