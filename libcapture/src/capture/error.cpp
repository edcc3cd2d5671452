// Names of the capture library's stages.
#include "wa/capture/error.h"

namespace wa::capture {

std::string_view toString(Stage stage) noexcept {
  switch (stage) {
    case Stage::Capture: return "capture";
    case Stage::WebSocket: return "websocket";
  }
  return "unknown";
}

}  // namespace wa::capture
