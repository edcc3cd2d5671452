// One decoded record per WebSocket message (DESIGN.md, "Decoded record"): what the pipeline
// learnt of it, or where it failed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "wa/capture/message.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/node/node.h"
#include "wa/session/error.h"

namespace wa::session {

/// What the pipeline knows of one message after splitting, decrypting and decoding.
/// Reused from record to record (clear() keeps allocations).
struct Record {
  std::size_t index = 0;
  const capture::CaptureMessage* message = nullptr;  ///< the input record (valid while printing)
  codec::Opcode op = codec::Opcode::Binary;
  codec::Direction dir = codec::Direction::Unknown;
  bool dir_inferred = false;
  std::string tag;
  std::string kind;  ///< json, binary, keepalive, pong, empty, close, ping, error
  /// kind json, for a Conn message only (mayBeConn()): the payload, parsed (object keys sorted: for
  /// lookups); null otherwise. Every other use reads json_text.
  nlohmann::json json;
  /// kind json: the payload as sent (a view into `message`), for printing in the sender's order.
  std::string_view json_text;
  bool has_node = false;
  codec::Node node;  ///< kind binary, when decrypted and decoded
  std::optional<std::uint8_t> metric, flags;
  /// kind json and binary: where the body starts in the payload (JSON text, or HMAC ‖ IV ‖
  /// ciphertext after any metric and flags).
  std::size_t body_offset = 0;
  std::uint64_t pong_ms = 0;
  std::optional<Error> error;  ///< the stage that failed, at an offset of the message payload
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
    body_offset = 0;
    pong_ms = 0;
    error.reset();
  }
};

}  // namespace wa::session
