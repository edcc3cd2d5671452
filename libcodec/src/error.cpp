// Names of error codes and stages, and the one-line description tools print.
#include "wa/codec/error.h"

#include <fmt/format.h>

namespace wa::codec {

std::string_view toString(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Invalid: return "invalid";
    case ErrorCode::LimitExceeded: return "limit exceeded";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Io: return "i/o";
  }
  return "unknown";
}

std::string_view toString(Stage stage) noexcept {
  switch (stage) {
    case Stage::Capture: return "capture";
    case Stage::WebSocket: return "websocket";
    case Stage::Frame: return "frame";
    case Stage::Decode: return "decode";
    case Stage::Encode: return "encode";
    case Stage::Proto: return "proto";
    case Stage::Json: return "json";
  }
  return "unknown";
}

std::string describe(const Error& error) {
  return fmt::format("{} at offset {:#x} ({}): {}", toString(error.stage), error.offset, error.offset,
                     error.message);
}

}  // namespace wa::codec
