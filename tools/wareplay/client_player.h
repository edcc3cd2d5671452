// The client side of a replay, without I/O: sends the recorded client messages when the server
// messages before them have arrived and their paced time has come, and judges every live server
// message against the recording.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wa/crypto/frame_cipher.h"
#include "wareplay/compare.h"
#include "wareplay/peer.h"
#include "wareplay/report.h"
#include "wareplay/session.h"
#include "wareplay/tag_map.h"

namespace wa::wareplay {

struct ClientOptions {
  Pacing pacing;
  /// Longest wait without progress, counted from when the awaited server message is due by the
  /// recording and the pacing (or from the last progress, when that is later).
  Duration timeout = std::chrono::seconds(10);
  Duration keepalive = std::chrono::seconds(20);  ///< `?,,` interval; 0 = none
  Duration linger = std::chrono::milliseconds(200);  ///< wait for extra messages at the end
  IgnoreRules ignore;
  /// Seconds added to timestamp tags (tag_map.h); nullopt: now minus the recording's first time.
  std::optional<std::int64_t> tag_shift;
  /// The live X25519 private key for a QR login; nullopt: the recording's (Session::private_key),
  /// else a fresh one.
  std::optional<crypto::Key32> private_key;
  /// The QR text is posted to a scan endpoint (--scan): only for the timeout's explanation.
  bool posts_scan = false;
};

class ClientPlayer final : public Peer {
 public:
  ClientPlayer(std::shared_ptr<const Session> session, ClientOptions options);
  ~ClientPlayer() override;

  void onOpen(TimePoint now) override;
  void onMessage(codec::Opcode op, std::string_view payload, TimePoint now) override;
  void poll(TimePoint now, std::size_t budget, std::vector<Outgoing>& out) override;
  [[nodiscard]] std::optional<TimePoint> nextWake() const override;
  [[nodiscard]] bool wantsClose() const override { return done_; }
  void onClosed(std::string_view reason, TimePoint now) override;
  std::vector<std::string> takeLog() override;

  /// In a QR-login replay, the QR text `ref,base64(publicKey),clientId` once the client waits only
  /// for the Conn (the recorded init and rerefs are done), with the latest live ref; each ref once.
  std::optional<std::string> takeQr();

  /// The report so far; after the end, complete (missing and unsent messages filled in).
  [[nodiscard]] Report report() const;
  [[nodiscard]] bool done() const noexcept { return done_; }
  /// The live session keys, once known (restore: the recording's; QR login: from the live Conn).
  [[nodiscard]] const std::optional<crypto::SessionKeys>& liveKeys() const noexcept { return live_keys_; }

 private:
  enum class State : std::uint8_t { Pending, Matched, Missing };

  [[nodiscard]] bool gateOpen(std::size_t message_index) const;
  [[nodiscard]] bool waiting() const;
  /// While waiting(): when the wait for the first pending server message runs out.
  [[nodiscard]] TimePoint waitDeadline() const;
  /// While waiting(): what the client waits for and the likely cause.
  [[nodiscard]] StalledWait stall() const;
  std::string buildLive(const RecordedMessage& m);
  void setLiveKeys(const crypto::SessionKeys& keys);
  void match(std::size_t position, std::string_view live_tag, const MessageView& live, TimePoint now);
  void advancePending();
  void finish(TimePoint now, bool timed_out);
  void log(std::string line);

  std::shared_ptr<const Session> session_;
  ClientOptions options_;
  Pacer pacer_;
  std::vector<double> ct_;            ///< compressed times per message index
  std::vector<std::size_t> sends_;    ///< message indices to send, in order
  std::vector<std::size_t> expected_; ///< message indices of expected server messages, in order
  std::vector<State> state_;          ///< per expected position
  std::vector<ReportEntry> entries_;  ///< per expected position
  std::vector<ReportEntry> unexpected_;
  std::size_t next_send_ = 0;
  std::size_t first_pending_ = 0;  ///< position in expected_
  TagMap tags_;
  std::int64_t tag_shift_ = 0;
  std::optional<crypto::X25519KeyPair> key_pair_;
  std::optional<crypto::SessionKeys> live_keys_;
  std::unique_ptr<crypto::FrameCipher> live_cipher_;
  bool same_keys_ = false;
  std::optional<std::string> live_challenge_;
  std::optional<std::string> qr_;
  std::optional<std::string> live_ref_;  ///< the latest ref of a live init or reref reply
  std::string qr_ref_;                   ///< the ref last shown as a QR
  std::vector<Outgoing> immediate_;
  std::vector<std::string> log_;
  std::vector<double> send_errors_us_;
  bool opened_ = false;
  bool done_ = false;
  bool timed_out_ = false;
  std::string network_error_;
  std::size_t sent_ = 0, keepalives_ = 0, pongs_ = 0;
  TimePoint open_time_{}, last_progress_{}, next_keepalive_{}, close_time_{};
  std::optional<TimePoint> linger_until_;
  std::optional<StalledWait> stalled_;
  double progress_t_ = 0;             ///< compressed recorded time of the last send or match
  std::optional<int> login_refused_;  ///< status of a live login or challenge reply other than 200
};

}  // namespace wa::wareplay
