// Errors of the codec library: a code, the stage that failed, the byte offset and a message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace wa::codec {

/// What went wrong, by meaning; specifics go in the message.
enum class ErrorCode : std::uint8_t {
  Truncated,      ///< the input ended where more bytes were needed
  Invalid,        ///< an impossible value: a bad tag, an unknown token, bad JSON shape
  LimitExceeded,  ///< a depth, size or count limit of the caller was reached
  Unsupported,    ///< well-formed but not supported (the double-byte dictionary)
  Io,             ///< reading a file or stream failed
};

/// The layer of the pipeline that failed (docs/architecture.md).
enum class Stage : std::uint8_t {
  Capture,    ///< reading a capture container (HAR, pcap, mitmproxy, JSONL, ...)
  WebSocket,  ///< RFC 6455 deframing and permessage-deflate
  Frame,      ///< splitting "tag,payload" and the client metric/flag bytes
  Decode,     ///< the binary node decoder
  Encode,     ///< the binary node encoder
  Proto,      ///< parsing protobuf payloads
  Json,       ///< node JSON or capture JSON
};

/// A failure at a byte offset of the input the stage was given.
/// `offset` counts from the start of the buffer handed to the failing call.
struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::Invalid;
  Stage stage = Stage::Decode;
  std::uint64_t offset = 0;
  std::string message;  ///< lower case, no final period: "expected a list tag, found 0x07"
};

template <class T>
using Expected = tl::expected<T, Error>;
using Unexpected = tl::unexpected<Error>;

/// Builds the unexpected value for a failing Expected.
inline Unexpected makeError(ErrorCode code, Stage stage, std::uint64_t offset, std::string message) {
  return Unexpected(Error{code, stage, offset, std::move(message)});
}

std::string_view toString(ErrorCode code) noexcept;
std::string_view toString(Stage stage) noexcept;

/// "decode at offset 0x1a (26): expected ..." — the shape every tool prints.
std::string describe(const Error& error);

}  // namespace wa::codec
