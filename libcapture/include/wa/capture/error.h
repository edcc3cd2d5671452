// Errors of the capture library: the one error type (wa/support/error.h) with the capture's
// stages, and the byte views every reader takes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wa/support/bytes.h"
#include "wa/support/error.h"

namespace wa::capture {

using support::asBytes;
using support::asChars;
using support::ByteView;
using support::describe;
using support::ErrorCode;
using support::makeError;  ///< makeError(code, Stage::Capture, offset, message): an Unexpected

/// The layer of the capture library that failed.
enum class Stage : std::uint8_t {
  Capture,    ///< reading a capture container (HAR, pcap, mitmproxy, JSONL, ...), TCP reassembly
  WebSocket,  ///< RFC 6455 deframing and permessage-deflate
};

/// "capture", "websocket".
std::string_view toString(Stage stage) noexcept;
/// The stage of a name toString() gives.
std::optional<Stage> parseStage(std::string_view name) noexcept;

using Error = support::BasicError<Stage>;
template <class T>
using Expected = support::Expected<T, Stage>;
using Unexpected = support::Unexpected<Stage>;

}  // namespace wa::capture
