// One connection of the mock server, without I/O: the live login (init, reref, restore with an
// optional challenge, QR login on a simulated scan), keep-alives, and the recorded server messages
// sent in order, paced and gated on the client messages recorded before them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wa/crypto/frame_cipher.h"
#include "wareplay/peer.h"
#include "wareplay/serve_script.h"
#include "wareplay/tag_map.h"

namespace wa::wareplay {

struct ServeOptions {
  Pacing pacing;
  /// The least gap between login steps (reply, Conn, Stream, Props), so each arrives in its own read.
  Duration login_gap = std::chrono::milliseconds(20);
  bool challenge = false;         ///< challenge restores (needs the recording's macKey)
  /// Any number of connections may hold the same login at once (load tests of one recording); by
  /// default, as on the real server, a login held elsewhere gets 409 or, with takeover, replaces it.
  bool shared_login = false;
  std::optional<int> login_status;  ///< answer every login with this status (401, 403, 405, 409)
  std::string default_reply = R"({"status":200})";  ///< for client messages the recording lacks
  /// How long a recorded server message waits for a recorded client message before it that has
  /// not come; then the server gives up on that client message and goes on.
  Duration wait = std::chrono::seconds(10);
  int ttl_ms = 20000;  ///< QR ref lifetime
  /// Play the phone of a new login: scan each QR the connection shows (the ref of an init or reref
  /// reply) by itself, for the recording's key pair (ServeScript::recorded_public_key), as
  /// onScan() does for POST /scan. A newer ref restarts the wait.
  bool auto_scan = false;
  /// How long after the QR the auto-scan comes; nullopt: as long as the recording's phone took
  /// (ServeScript::scan_gap divided by the pacing's speed; at once when that is 0).
  std::optional<Duration> auto_scan_after;
  int max_rerefs = 5;
  std::size_t max_pending_replies = 4096;  ///< a client that does not read beyond this is dropped
  std::string version = "0.4.2088";        ///< `curr` in the init reply, Stream's version
};

/// How long after a QR is shown `options.auto_scan` scans it.
Duration autoScanDelay(const ServeScript& script, const ServeOptions& options);

/// Cross-connection login state (thread-safe in the server; a plain object in tests).
class LoginArbiter {
 public:
  virtual ~LoginArbiter() = default;
  /// Connection `conn` logs in as `client_id`. Returns false when another connection holds it and
  /// `takeover` is false; with takeover the holder is told it was replaced.
  virtual bool claim(const std::string& client_id, std::uint64_t conn, bool takeover) = 0;
  /// `conn` no longer holds `client_id` (closed or failed login).
  virtual void release(const std::string& client_id, std::uint64_t conn) = 0;
  /// `conn` shows the QR ref `ref` for `client_id` (a scan of it reaches this connection).
  virtual void publishRef(const std::string& ref, const std::string& client_id, std::uint64_t conn) = 0;
};

struct ServerStats {
  std::size_t script_sent = 0;   ///< recorded server messages sent
  std::size_t matched = 0;       ///< live client messages matched to recorded ones
  std::size_t unrecorded = 0;    ///< live client messages answered with the default reply
  std::size_t given_up = 0;      ///< recorded client messages that never came
  std::size_t keepalives = 0;
  std::vector<double> send_errors_us;  ///< actual minus due, paced sends only
};

class ServerPlayer final : public Peer {
 public:
  /// `arbiter` may be null (no cross-connection checks) and must outlive the player.
  ServerPlayer(std::shared_ptr<const ServeScript> script, ServeOptions options, std::uint64_t conn_id,
               LoginArbiter* arbiter);
  ~ServerPlayer() override;

  void onOpen(TimePoint now) override;
  void onMessage(codec::Opcode op, std::string_view payload, TimePoint now) override;
  void poll(TimePoint now, std::size_t budget, std::vector<Outgoing>& out) override;
  [[nodiscard]] std::optional<TimePoint> nextWake() const override;
  [[nodiscard]] bool wantsClose() const override { return close_ && pending_.empty(); }
  void onClosed(std::string_view reason, TimePoint now) override;
  std::vector<std::string> takeLog() override;

  /// The phone scanned this connection's QR: builds a fresh secret for `public_key`, sends Conn,
  /// Stream and Props, and re-encrypts the recording from then on. False when the connection is
  /// not waiting for a scan (no init yet, or logged in).
  bool onScan(const crypto::Key32& public_key, TimePoint now);
  /// Another connection took this login over: sends Cmd disconnect/replaced and closes.
  void onReplaced(TimePoint now);

  [[nodiscard]] const ServerStats& stats() const noexcept { return stats_; }
  [[nodiscard]] bool loggedIn() const noexcept { return phase_ == Phase::LoggingIn || phase_ == Phase::LoggedIn; }
  [[nodiscard]] const std::string& ref() const noexcept { return ref_; }
  /// Recorded server messages still to send.
  [[nodiscard]] std::size_t remaining() const noexcept;

 private:
  enum class Phase : std::uint8_t { Fresh, Initialized, AwaitChallenge, LoggingIn, LoggedIn };

  bool handleAdmin(const nlohmann::json& json, const std::string& tag, TimePoint now);
  void handleLogin(const nlohmann::json& json, const std::string& tag, TimePoint now);
  void handleChallengeAnswer(const nlohmann::json& json, const std::string& tag, TimePoint now);
  void startLoginSteps(TimePoint now, const std::optional<std::string>& secret);
  void showQr(TimePoint now);
  void reply(const std::string& tag, const std::string& json_text);
  std::string newRef();
  std::string serverTag();
  std::string buildLive(const RecordedMessage& m, bool answers);
  void setLiveKeys(const crypto::SessionKeys& keys);
  void log(std::string line);

  std::shared_ptr<const ServeScript> script_;
  ServeOptions options_;
  std::uint64_t conn_id_;
  LoginArbiter* arbiter_;
  Pacer pacer_;
  Phase phase_ = Phase::Fresh;
  std::deque<Outgoing> pending_;  ///< immediate replies
  struct Step {
    TimePoint due;
    Outgoing message;
  };
  std::deque<Step> steps_;        ///< scheduled login steps
  std::vector<std::uint8_t> client_state_;  ///< per client item: 0 pending, 1 matched, 2 given up
  std::size_t first_unmatched_ = 0;
  std::unordered_map<std::string, std::size_t> key_cursor_;  ///< per key: first position maybe pending
  std::size_t next_item_ = 0;
  std::optional<TimePoint> gate_since_;
  TagMap tags_;
  std::optional<crypto::SessionKeys> live_keys_;
  std::unique_ptr<crypto::FrameCipher> live_cipher_;
  bool same_keys_ = false;
  bool warned_raw_ = false;
  std::size_t server_tag_ = 0;
  std::string client_id_;
  std::string ref_;
  int rerefs_ = 0;
  std::string challenge_;
  std::string login_tag_;
  std::optional<TimePoint> auto_scan_at_;  ///< when `auto_scan` scans the QR shown last
  bool claimed_ = false;
  bool close_ = false;
  TimePoint open_time_{};
  std::vector<std::string> log_;
  ServerStats stats_;
};

}  // namespace wa::wareplay
