// wareplay's network runners for the three modes. Boost.Beast stays inside the net_*.cpp files:
// this header shows only plain types, so tests and the benchmark include it cheaply.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "wareplay/client_player.h"
#include "common/failure.h"
#include "wareplay/recorder.h"
#include "wareplay/server_player.h"
#include "wareplay/url.h"

namespace wa::wareplay {

/// Receives whole log lines from any thread (one call per line).
using LogFunction = std::function<void(const std::string&)>;

struct TlsFiles {
  std::string cert;  ///< PEM certificate chain
  std::string key;   ///< PEM private key
};

struct ClientNetOptions {
  Url url;
  std::string origin = "https://web.whatsapp.com";
  std::string user_agent = "wareplay/0.1";
  std::string ca_file;    ///< extra CA certificates (PEM) for wss
  bool insecure = false;  ///< wss without certificate verification
  std::optional<Url> scan;  ///< POST the QR text here (a mock server's control endpoint)
  Duration connect_timeout = std::chrono::seconds(10);
  std::size_t max_message = std::size_t{64} << 20;
  bool handle_signals = true;  ///< SIGINT/SIGTERM end the replay (reported as a network error)
  LogFunction log;
};

/// Connects and plays `player` until it is done or the connection ends; blocks. Failures end up
/// in the player's report (network_error).
void runClient(const std::shared_ptr<ClientPlayer>& player, const ClientNetOptions& options);

struct ServeNetOptions {
  ListenAddress listen;
  std::optional<ListenAddress> control;  ///< HTTP: POST /scan, GET /status
  std::optional<TlsFiles> tls;           ///< wss when set
  std::string require_origin;            ///< refuse upgrades without this Origin (empty: any)
  int threads = 1;
  Duration handshake_timeout = std::chrono::seconds(10);  ///< TCP accept to WebSocket open
  Duration idle_timeout = std::chrono::seconds(90);       ///< nothing received for this long: close
  std::size_t max_connections = 10000;
  std::size_t max_message = std::size_t{16} << 20;
  std::size_t max_queue = 64;  ///< per connection: messages waiting for the socket
  LogFunction log;
};

struct ServeSummary {
  std::uint64_t connections = 0;  ///< accepted WebSocket connections
  std::uint64_t refused = 0;      ///< failed handshakes, refused origins, over the limit
  std::uint64_t active = 0;
  std::uint64_t completed = 0;    ///< connections that got the whole script
  std::uint64_t script_sent = 0;
  std::uint64_t matched = 0;
  std::uint64_t unrecorded = 0;
  std::uint64_t given_up = 0;
  std::uint64_t keepalives = 0;
  TimingSummary timing;           ///< send-time errors over all finished connections
};

/// The mock server: listens, plays one ServerPlayer per connection.
class ServeServer {
 public:
  ServeServer(std::shared_ptr<const ServeScript> script, ServeOptions options, ServeNetOptions net);
  ~ServeServer();
  ServeServer(const ServeServer&) = delete;
  ServeServer& operator=(const ServeServer&) = delete;

  /// Binds the sockets and starts the threads. Fails with exit 3 (cannot bind) or 2 (TLS files).
  tools::Outcome<void> start();
  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::uint16_t controlPort() const;
  /// Blocks until SIGINT/SIGTERM (when `signals`) or stop().
  void wait(bool signals);
  /// Stops listening, closes every connection (close frames, then cut after a short grace) and
  /// joins the threads. Idempotent.
  void stop();
  [[nodiscard]] ServeSummary summary() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

struct RecordNetOptions {
  ListenAddress listen;
  Url upstream;
  std::optional<TlsFiles> tls;  ///< wss towards the client when set
  std::string ca_file;          ///< for a wss upstream
  bool insecure = false;
  std::string origin;           ///< Origin sent upstream; empty: the client's own
  int threads = 1;
  Duration handshake_timeout = std::chrono::seconds(10);
  std::size_t max_message = std::size_t{64} << 20;
  LogFunction log;
};

/// The recording proxy: each client connection gets its own upstream connection; every message
/// goes through `recorder` before it is forwarded. Runs until SIGINT/SIGTERM. `on_listening`
/// gets the bound port. Fails (exit 3) when it cannot listen.
tools::Outcome<void> runRecord(Recorder& recorder, const RecordNetOptions& options,
                       const std::function<void(std::uint16_t)>& on_listening);

}  // namespace wa::wareplay
