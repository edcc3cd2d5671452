// Errors of a record: the one error type with the stages of the whole pipeline, so that a record
// says where it failed whichever library failed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wa/capture/error.h"
#include "wa/codec/error.h"
#include "wa/crypto/error.h"
#include "wa/support/error.h"

namespace wa::session {

using support::describe;
using support::ErrorCode;

/// The stage of the pipeline that failed, in pipeline order; the names are those of the records
/// (DESIGN.md, "Decoded record").
enum class Stage : std::uint8_t {
  Capture,    ///< the capture container or TCP ("capture")
  WebSocket,  ///< deframing or inflation ("websocket")
  Frame,      ///< the "tag,payload" grammar, the JSON of a text frame ("frame")
  Keys,       ///< no keys, or keys that cannot be derived ("keys")
  Hmac,       ///< the frame's HMAC did not match ("hmac")
  Decrypt,    ///< AES-CBC or its padding ("decrypt")
  Decode,     ///< the binary node ("decode")
  Proto,      ///< a WebMessageInfo payload ("proto")
};

/// "capture", "websocket", "frame", "keys", "hmac", "decrypt", "decode", "proto".
std::string_view toString(Stage stage) noexcept;
/// The stage of a name toString() gives.
std::optional<Stage> parseStage(std::string_view name) noexcept;

using Error = support::BasicError<Stage>;
template <class T>
using Expected = support::Expected<T, Stage>;

/// The same failure at the same offset, with the stage of the pipeline it belongs to. A crypto
/// failure is Hmac, Decrypt or Frame by its own stage, and Keys for anything else.
Error toSessionError(const capture::Error& error);
Error toSessionError(const codec::Error& error);
Error toSessionError(const crypto::Error& error);

}  // namespace wa::session
