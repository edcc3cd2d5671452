// Splitting one WebSocket message into the WhatsApp Web frame: tag, client metric/flags, payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "wa/codec/frame/opcode.h"
#include "wa/codec/error.h"

namespace wa::codec {

/// What a frame is (docs/protocol.md, "Frames").
enum class FrameKind : std::uint8_t {
  Json,       ///< text `tag,JSON` (server and peers' clients) or `tag,,JSON` (WA-Web client)
  Binary,     ///< `tag,` then, from the client only, metric and flags bytes; then HMAC[32] IV[16] ciphertext
  KeepAlive,  ///< `?,,` from the client
  Pong,       ///< `!<ms>` (no comma): the server's answer to a keep-alive
  Empty,      ///< `tag,` or `tag,,` with nothing after the commas
};

/// "json", "binary", "keepalive", "pong", "empty".
std::string_view toString(FrameKind kind) noexcept;

/// One split frame. `tag` and `body` are views into the payload given to splitFrame(), valid as
/// long as it is.
struct Frame {
  FrameKind kind = FrameKind::Empty;
  std::string_view tag;   ///< bytes before the first ','; "?" for keep-alive; "!<ms>" whole for a pong
  /// Json: the JSON text. Binary: HMAC ‖ IV ‖ ciphertext (after any metric/flags). Otherwise empty.
  std::string_view body;
  /// Offset of `body` in the payload.
  std::size_t body_offset = 0;
  /// The tag was followed by two commas (`tag,,`): WA-Web's client style for JSON, and
  /// the metric-less client binary frames some peers send.
  bool two_commas = false;
  std::optional<std::uint8_t> metric;  ///< client binary frames: the metric byte (metricName())
  std::optional<std::uint8_t> flags;   ///< client binary frames: the flags byte (flagNames())
  std::uint64_t pong_ms = 0;           ///< Pong: the milliseconds after '!'
  Direction dir = Direction::Unknown;
  bool dir_inferred = false;  ///< dir came from frame/direction.h rules, not the capture
  /// Json frames: the parsed body (when parsing was asked for and succeeded); null otherwise.
  nlohmann::json json;
  /// Stage Frame; offset in the payload. The fields above hold what was split before the failure
  /// (typically the tag), so a tool can still show it.
  std::optional<Error> error;
};

/// What the caller knows about the message.
struct SplitOptions {
  /// The WebSocket opcode when the capture has it (Text or Binary); otherwise guessOpcode() decides.
  std::optional<Opcode> opcode;
  /// The direction when the capture has it; Unknown makes splitFrame infer it (dir_inferred).
  Direction dir = Direction::Unknown;
  bool parse_json = true;
  /// Deepest JSON nesting accepted before parsing (LimitExceeded beyond).
  std::size_t max_json_depth = 256;
  /// With parse_json: false checks the JSON (the same errors, at the same offsets) without keeping
  /// it in Frame::json, which then stays null: no allocation for a payload only printed as sent.
  bool keep_json = true;
};

/// Splits a message payload; never throws, never fails outright: problems land in Frame::error.
///
/// Rules: exactly `?,,` is a keep-alive; `!` followed by digits and no comma is a pong; otherwise
/// the tag is everything before the first ',' (no comma is an error). Text: one optional second
/// comma is dropped (two_commas), nothing left is Empty, else Json, parsed with nlohmann when asked
/// (errors at their offset). Binary: for the client, metric and flags come first unless the
/// frame has the metric-less `tag,,` shape by the 16-byte rule (frame/direction.h); for the server
/// the body follows the comma directly. A binary body shorter than HMAC + IV (48 bytes, plus 2
/// for metric/flags) is an error (Truncated).
Frame splitFrame(std::string_view payload, const SplitOptions& options = {});


/// Could `prefix` (the first bytes of a WebSocket text or binary message, all of them when
/// `complete`) start a frame of this protocol? A tag of 1 to 64 printable ASCII bytes (no space or
/// comma) and a comma; for text also a keep-alive `?,,`, a pong `!<ms>`, and after the comma(s)
/// nothing or the start of JSON. True or false, or nullopt when the bytes do not tell yet.
/// Used to find frame boundaries again after bytes were lost from a capture.
std::optional<bool> looksLikeFrameStart(Opcode op, std::string_view prefix, bool complete) noexcept;

/// Text or Binary from the bytes alone: Text when the payload is valid UTF-8 without control bytes
/// (other than tab, CR, LF) and is a keep-alive, a pong, or `tag,` / `tag,,` followed by nothing
/// or by something that starts like JSON. Encrypted bodies (random HMAC bytes) essentially never pass.
Opcode guessOpcode(std::string_view payload) noexcept;

}  // namespace wa::codec
