// Errors of the capture library: the one error type (wa/support/error.h) with the capture's
// stages, and the byte views every reader takes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::capture {

using support::asBytes;
using support::asChars;
using support::ByteView;
using support::describe;
using support::ErrorCode;

/// The layer of the capture library that failed.
enum class Stage : std::uint8_t {
  Capture,    ///< reading a capture container (HAR, pcap, mitmproxy, JSONL, ...), TCP reassembly
  WebSocket,  ///< RFC 6455 deframing and permessage-deflate
};

/// "capture", "websocket".
std::string_view toString(Stage stage) noexcept;

using Error = support::BasicError<Stage>;
template <class T>
using Expected = tl::expected<T, Error>;
using Unexpected = tl::unexpected<Error>;

inline Unexpected makeError(ErrorCode code, Stage stage, std::uint64_t offset, std::string message) {
  return Unexpected(Error{code, stage, offset, std::move(message)});
}

}  // namespace wa::capture
