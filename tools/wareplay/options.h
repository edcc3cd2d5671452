// wareplay's options, declared once in parseOptions() (CLI11) and passed down as plain structs.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wa::wareplay {

/// What `client` and `serve` share: the recording and its pacing.
struct SessionOptions {
  std::string session = "-";
  std::string input_format = "auto";
  std::string conn;  ///< connection to replay (default: the first)
  std::string keys;  ///< key file
  double speed = 1.0;
  bool asap = false;
  double max_gap = 0;  ///< seconds, 0: no cap
  bool verbose = false;
  bool quiet = false;
};

struct ClientCommand {
  SessionOptions session;
  std::string url;
  std::string origin = "https://web.whatsapp.com";
  double timeout = 10;     ///< seconds
  double keepalive = 20;   ///< seconds, 0: none
  double linger = 0.2;     ///< seconds
  std::vector<std::string> ignore;
  bool no_default_ignores = false;
  bool json = false;
  bool all = false;
  std::string ca_file;
  bool insecure = false;
  std::string scan;    ///< URL to POST the QR text to
  std::string output = "-";
};

struct ServeCommand {
  SessionOptions session;
  std::string listen;
  std::string control;
  std::string tls_cert;
  std::string tls_key;
  bool challenge = false;
  bool shared_login = false;
  int login_status = 0;  ///< 0: decide by tokens
  std::string default_reply = R"({"status":200})";
  double wait = 10;        ///< seconds
  double login_gap = 20;   ///< milliseconds
  int ttl = 20000;         ///< milliseconds
  bool auto_scan = false;  ///< --auto-scan: scan each QR by itself (for the recording's key pair)
  std::optional<double> auto_scan_after;  ///< seconds after the QR; nullopt: as the recording did
  int threads = 1;
  std::string require_origin;
  double idle_timeout = 90;       ///< seconds
  double handshake_timeout = 10;  ///< seconds
  std::size_t max_connections = 10000;
  std::string ready_file;
  bool stats = false;
};

struct RecordCommand {
  std::string listen;
  std::string upstream;
  std::string output = "-";
  std::string keys;
  std::string tls_cert;
  std::string tls_key;
  std::string ca_file;
  bool insecure = false;
  std::string origin;
  int threads = 1;
  std::string ready_file;
  bool verbose = false;
  bool quiet = false;
};

using Command = std::variant<ClientCommand, ServeCommand, RecordCommand>;

/// The parsed command, or the exit status to return at once (help printed: 0; usage error: 2).
struct ParsedOptions {
  Command command;
  int exit_now = -1;
};

ParsedOptions parseOptions(int argc, char** argv);

}  // namespace wa::wareplay
