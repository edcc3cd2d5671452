// The interface between the network drivers and the replay logic: a peer consumes live messages
// and produces the messages to send, with their due times; it never touches a socket or a clock.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/message.h"
#include "wareplay/pacer.h"

namespace wa::wareplay {

/// One message to send.
struct Outgoing {
  codec::Opcode op = codec::Opcode::Text;
  std::string payload;
  /// Set for paced messages: when the recording says it is due. The driver measures the
  /// send-time error against it.
  std::optional<TimePoint> due;
};

/// The replay logic of one connection, driven by a network driver (or a test) that owns the
/// socket and the timer. All calls come from one thread at a time (the connection's strand).
class Peer {
 public:
  virtual ~Peer() = default;
  Peer() = default;
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  /// The WebSocket is open.
  virtual void onOpen(TimePoint now) = 0;
  /// A whole live message arrived.
  virtual void onMessage(codec::Opcode op, std::string_view payload, TimePoint now) = 0;
  /// Appends to `out` at most `budget` messages that are due at `now`.
  virtual void poll(TimePoint now, std::size_t budget, std::vector<Outgoing>& out) = 0;
  /// When poll() next has something to do (nullopt: only a message or an outside event can wake it).
  [[nodiscard]] virtual std::optional<TimePoint> nextWake() const = 0;
  /// True once the peer wants the connection closed (after what poll() gave has been sent).
  [[nodiscard]] virtual bool wantsClose() const = 0;
  /// The connection is gone (closed by either side or failed); `reason` is empty for a clean close.
  virtual void onClosed(std::string_view reason, TimePoint now) = 0;
  /// Lines for the log (stderr), taken once.
  virtual std::vector<std::string> takeLog() { return {}; }
};

}  // namespace wa::wareplay
