// Stage names and the mapping of each library's errors onto the pipeline's stages.
#include "wa/session/error.h"

#include <array>

#include "wa/support/enum_names.h"

namespace wa::session {

namespace {

constexpr std::array<std::string_view, 8> kStageNames = {"capture", "websocket", "frame",  "keys",
                                                         "hmac",    "decrypt",   "decode", "proto"};
static_assert(kStageNames.size() == static_cast<std::size_t>(Stage::Proto) + 1, "a name for every stage");

}  // namespace

std::string_view toString(Stage stage) noexcept { return support::enumName(stage, kStageNames); }

std::optional<Stage> parseStage(std::string_view name) noexcept {
  return support::enumNamed<Stage>(name, kStageNames);
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
