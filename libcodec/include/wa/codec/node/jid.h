// JIDs: parse and format user, group, broadcast and device (JID_AD) addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wa/codec/error.h"

namespace wa::codec {

enum class JidKind : std::uint8_t {
  User,       ///< 49123456789@c.us (also read from @s.whatsapp.net)
  Group,      ///< 49123456789-1509911919@g.us
  Broadcast,  ///< 1509911919@broadcast
  Status,     ///< status@broadcast
  Server,     ///< a server alone: c.us, g.us, broadcast, s.whatsapp.net
  Other,      ///< user@server with any other server
};

/// A parsed JID. `agent` and `device` are set for the JID_AD form `user[.agent][:device]@c.us`.
struct Jid {
  JidKind kind = JidKind::Other;
  std::string user;    ///< empty for a server alone
  std::string server;  ///< "c.us" for both c.us and s.whatsapp.net
  std::optional<std::uint8_t> agent;
  std::optional<std::uint8_t> device;
  /// For groups: the creator's number and the creation time in epoch seconds.
  std::string group_creator;
  std::uint64_t group_created = 0;

  friend bool operator==(const Jid&, const Jid&) = default;
};

/// Parses a JID string. Fails (stage Decode, offset into `text`) on an empty string, an empty
/// user before '@', a malformed group id, or an agent/device that is not a number 0-255.
Expected<Jid> parseJid(std::string_view text);

/// Formats a Jid back to its canonical string (s.whatsapp.net written as c.us).
std::string formatJid(const Jid& jid);

/// The string JID_AD decodes to: `user[.agent][:device]@c.us`; agent 0 and device 0 are omitted.
std::string formatAdJid(std::string_view user, std::uint8_t agent, std::uint8_t device);

}  // namespace wa::codec
