// Errors of the codec library: the one error type (wa/support/error.h) with the codec's stages,
// and the byte views every codec call takes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::codec {

using support::asBytes;
using support::asChars;
using support::ByteView;
using support::describe;
using support::ErrorCode;

/// The layer of the codec that failed (docs/architecture.md).
enum class Stage : std::uint8_t {
  Decode,  ///< the binary node decoder
  Encode,  ///< the binary node encoder
  Frame,   ///< splitting "tag,payload" and the client metric/flag bytes
  Proto,   ///< parsing protobuf payloads
  Json,    ///< node JSON
};

/// "decode", "encode", "frame", "proto", "json".
std::string_view toString(Stage stage) noexcept;

using Error = support::BasicError<Stage>;
template <class T>
using Expected = tl::expected<T, Error>;
using Unexpected = tl::unexpected<Error>;

/// Builds the unexpected value for a failing Expected.
inline Unexpected makeError(ErrorCode code, Stage stage, std::uint64_t offset, std::string message) {
  return Unexpected(Error{code, stage, offset, std::move(message)});
}

}  // namespace wa::codec
