// Names of message directions, opcodes from their numbers.
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

std::optional<Opcode> opcodeFromValue(std::int64_t value) noexcept {
  switch (value) {
    case 0:
    case 1:
    case 2:
    case 8:
    case 9:
    case 10: return static_cast<Opcode>(value);
    default: return std::nullopt;
  }
}

}  // namespace wa::codec
