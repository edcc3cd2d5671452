// One WebSocket message as every capture reader yields it (DESIGN.md, "Capture JSONL").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wa/capture/error.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/frame/opcode.h"

namespace wa::capture {

/// The direction and opcode of a message are the frame grammar's (wa/codec/frame/opcode.h).
using codec::Direction;
using codec::Opcode;
using codec::toString;

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

  /// Empties the message for a record at `at`: no time, direction, connection, payload or error,
  /// opcode Binary; its strings keep their memory.
  void clear(std::uint64_t at = 0) noexcept;
};

/// Messages waiting to be read, in order, with their buffers reused: pop() swaps the front message
/// into the reader's own and keeps the reader's old buffers for a later push(), so that a steady
/// stream of messages allocates nothing. Grows to the most messages ever waiting. Not thread-safe.
/// Buffers of more than kMaxKeptCapacity bytes are not kept (a message that large is allocated
/// for), so what the queue and its consumers hold stays near the bytes actually in flight.
class MessageQueue {
 public:
  static constexpr std::size_t kMaxKeptCapacity = 64 * 1024;

  /// The message at the back, to fill: cleared, its buffers' capacity kept.
  CaptureMessage& push();
  /// Moves the front message into `out` (swapping buffers) and removes it; false when empty.
  bool pop(CaptureMessage& out);
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }

 private:
  std::vector<CaptureMessage> ring_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

/// Splits `message.payload` using its op (Text or Binary; other opcodes are guessed) and dir
/// (unless dir_inferred, which lets the frame rules decide again). `keep_json` false: the JSON is
/// checked but not kept (codec::SplitOptions::keep_json).
codec::Frame splitFrame(const CaptureMessage& message, bool parse_json = true, bool keep_json = true);

}  // namespace wa::capture
