// One decoded record per WebSocket message (DESIGN.md, "Decoded record").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "wa/codec/capture/message.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/node/node.h"

namespace wa::wadecode {

/// A failure of one stage of one record.
struct RecordError {
  std::string stage;  ///< capture, websocket, frame, hmac, decrypt, decode, proto, keys
  std::uint64_t offset = 0;
  std::string message;
};

/// What wadecode knows of one message after splitting, decrypting and decoding.
/// Reused from record to record (clear() keeps allocations).
struct DecodedRecord {
  std::size_t index = 0;
  const codec::CaptureMessage* message = nullptr;  ///< the input record (valid while printing)
  codec::Opcode op = codec::Opcode::Binary;
  codec::Direction dir = codec::Direction::Unknown;
  bool dir_inferred = false;
  std::string tag;
  std::string kind;  ///< json, binary, keepalive, pong, empty, close, ping, error
  nlohmann::json json;  ///< kind json: the payload, parsed (object keys sorted: for lookups)
  /// kind json: the payload as sent (a view into `message`), for printing in the sender's order.
  std::string_view json_text;
  bool has_node = false;
  codec::Node node;  ///< kind binary, when decrypted and decoded
  std::optional<std::uint8_t> metric, flags;
  std::uint64_t pong_ms = 0;
  std::optional<RecordError> error;
  /// kind binary: the decrypted plaintext (valid until the next decode), empty when not decrypted.
  std::string_view plaintext;

  void clear() {
    plaintext = {};
    message = nullptr;
    dir_inferred = false;
    tag.clear();
    kind.clear();
    json = nullptr;
    json_text = {};
    has_node = false;
    metric.reset();
    flags.reset();
    pong_ms = 0;
    error.reset();
  }
};

}  // namespace wa::wadecode
