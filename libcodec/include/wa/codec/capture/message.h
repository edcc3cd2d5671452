// One WebSocket message as every capture reader yields it (DESIGN.md, "Capture JSONL").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wa/codec/error.h"

namespace wa::codec {

/// Direction from the client's point of view, as in Chrome's HAR.
enum class Direction : std::uint8_t { Send, Receive, Unknown };

std::string_view toString(Direction dir) noexcept;  // "send", "receive", "unknown"

/// WebSocket opcodes a record can carry (RFC 6455 §5.2).
enum class Opcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

/// A whole WebSocket message after reassembly and inflation, or a reader failure in its place.
struct CaptureMessage {
  double t = 0;                          ///< epoch seconds (0 when the capture has no time)
  Direction dir = Direction::Unknown;
  bool dir_inferred = false;             ///< set when dir came from a rule, not the capture
  std::string conn;                      ///< connection id: HAR entry, "addr:port" for pcap, ...
  Opcode op = Opcode::Binary;
  std::string payload;                   ///< text (UTF-8) or binary bytes
  std::uint64_t source_offset = 0;       ///< byte offset of the message in the capture file
  /// Set when this record stands for something the reader could not turn into a message
  /// (a gap, a broken frame): the tool prints it as a failed record and goes on.
  std::optional<Error> error;
};

}  // namespace wa::codec
