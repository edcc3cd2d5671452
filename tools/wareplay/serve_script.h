// What the mock server plays from a recording, computed once and shared by every connection:
// the recorded client messages it waits for, the server messages it sends, and their gates.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wareplay/session.h"

namespace wa::wareplay {

struct ServeScript {
  /// A recorded server message of the script.
  struct ServerItem {
    std::size_t index = 0;           ///< message index in the session
    std::size_t clients_before = 0;  ///< client items recorded before it: its causal gate
    bool answers = false;            ///< it is the reply to the client item with the same tag
  };

  std::shared_ptr<const Session> session;
  std::vector<double> ct;                 ///< compressed recorded times per message index
  std::vector<std::size_t> client_items;  ///< message indices of recorded client Script messages
  std::vector<ServerItem> server_items;   ///< recorded server Script messages, in order
  /// matchKey -> positions in client_items, ascending.
  std::unordered_map<std::string, std::vector<std::size_t>> client_by_key;
  std::optional<std::size_t> conn, stream, props;  ///< recorded login pushes (message indices)
  std::optional<std::size_t> init_reply;           ///< recorded reply to init (its curr, update, ...)
  double script_start = 0;  ///< compressed time the script starts from (the last login message)
  /// Compressed seconds from the last QR shown (the recorded reply to init or reref) to the Conn:
  /// how long the recording's phone took to scan. Nullopt without both.
  std::optional<double> scan_gap;
  /// The public key of the recording's client key pair (Session::private_key): what
  /// `serve --auto-scan` scans. Nullopt without a private key.
  std::optional<crypto::Key32> recorded_public_key;
};

/// Builds the script; `max_gap` caps recorded gaps (seconds, <= 0: no cap).
std::shared_ptr<const ServeScript> buildServeScript(std::shared_ptr<const Session> session, double max_gap);

}  // namespace wa::wareplay
