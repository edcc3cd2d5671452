// Names of the codec's stages.
#include "wa/codec/error.h"

namespace wa::codec {

std::string_view toString(Stage stage) noexcept {
  switch (stage) {
    case Stage::Decode: return "decode";
    case Stage::Encode: return "encode";
    case Stage::Frame: return "frame";
    case Stage::Proto: return "proto";
    case Stage::Json: return "json";
  }
  return "unknown";
}

}  // namespace wa::codec
