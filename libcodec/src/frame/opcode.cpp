// Names of message directions.
#include "wa/codec/frame/opcode.h"

namespace wa::codec {

std::string_view toString(Direction dir) noexcept {
  switch (dir) {
    case Direction::Send: return "send";
    case Direction::Receive: return "receive";
    case Direction::Unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace wa::codec
