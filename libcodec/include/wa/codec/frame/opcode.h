// What a WebSocket message is and which way it went: the two facts the frame grammar needs from
// whatever carried the message.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wa::codec {

/// Direction from the client's point of view, as in Chrome's HAR.
enum class Direction : std::uint8_t { Send, Receive, Unknown };

/// "send", "receive", "unknown".
std::string_view toString(Direction dir) noexcept;

/// WebSocket opcodes a message can carry (RFC 6455 §5.2).
enum class Opcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

/// The opcode whose number is `value` (as a capture gives it: 0, 1, 2, 8, 9 or 10); nullopt for
/// any other number.
std::optional<Opcode> opcodeFromValue(std::int64_t value) noexcept;

}  // namespace wa::codec
