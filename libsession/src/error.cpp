// Stage names and the mapping of each library's errors onto the pipeline's stages.
#include "wa/session/error.h"

namespace wa::session {

std::string_view toString(Stage stage) noexcept {
  switch (stage) {
    case Stage::Capture: return "capture";
    case Stage::WebSocket: return "websocket";
    case Stage::Frame: return "frame";
    case Stage::Keys: return "keys";
    case Stage::Hmac: return "hmac";
    case Stage::Decrypt: return "decrypt";
    case Stage::Decode: return "decode";
    case Stage::Proto: return "proto";
  }
  return "unknown";
}

std::optional<Stage> parseStage(std::string_view name) noexcept {
  for (Stage s : {Stage::Capture, Stage::WebSocket, Stage::Frame, Stage::Keys, Stage::Hmac, Stage::Decrypt,
                  Stage::Decode, Stage::Proto})
    if (toString(s) == name) return s;
  return std::nullopt;
}

Error toSessionError(const capture::Error& e) {
  return Error{e.code, e.stage == capture::Stage::WebSocket ? Stage::WebSocket : Stage::Capture, e.offset, e.message};
}

Error toSessionError(const codec::Error& e) {
  Stage stage = Stage::Decode;
  switch (e.stage) {
    case codec::Stage::Frame: stage = Stage::Frame; break;
    case codec::Stage::Proto: stage = Stage::Proto; break;
    default: break;
  }
  return Error{e.code, stage, e.offset, e.message};
}

Error toSessionError(const crypto::Error& e) {
  Stage stage = Stage::Keys;
  switch (e.stage) {
    case crypto::Stage::Hmac: stage = Stage::Hmac; break;
    case crypto::Stage::Decrypt: stage = Stage::Decrypt; break;
    case crypto::Stage::Frame: stage = Stage::Frame; break;
    default: break;
  }
  return Error{e.code, stage, e.offset, e.message};
}

}  // namespace wa::session
