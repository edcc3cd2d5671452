// Errors of the codec library: the one error type (wa/support/error.h) with the codec's stages,
// and the byte views every codec call takes.
#pragma once

#include <cstdint>
#include <string_view>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::codec {

using support::asBytes;
using support::asChars;
using support::ByteView;
using support::describe;
using support::ErrorCode;
using support::makeError;  ///< makeError(code, Stage::Decode, offset, message): an Unexpected

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
using Expected = support::Expected<T, Stage>;
using Unexpected = support::Unexpected<Stage>;

}  // namespace wa::codec
