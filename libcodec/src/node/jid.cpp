// JID parsing and formatting (docs/protocol.md, "JIDs").
#include "wa/codec/node/jid.h"

#include <charconv>

#include <fmt/format.h>

namespace wa::codec {
namespace {

bool allDigits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Unexpected jidError(std::size_t offset, std::string message) {
  return makeError(ErrorCode::Invalid, Stage::Decode, offset, std::move(message));
}

std::optional<std::uint8_t> parseSmall(std::string_view s) noexcept {
  unsigned v = 0;
  if (!allDigits(s)) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v > 255) return std::nullopt;
  return static_cast<std::uint8_t>(v);
}

// Takes "<separator><number 0-255>" off the end of `base` into `number`. Returns the offset in
// `base` of what follows the separator when it is not such a number (`base` then unchanged).
std::optional<std::size_t> splitSmallSuffix(std::string_view& base, char separator,
                                            std::optional<std::uint8_t>& number) noexcept {
  const auto at = base.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  const auto value = parseSmall(base.substr(at + 1));
  if (!value) return at + 1;
  number = value;
  base = base.substr(0, at);
  return std::nullopt;
}

}  // namespace

Expected<Jid> parseJid(std::string_view text) {
  if (text.empty()) return jidError(0, "expected a JID, found an empty string");
  Jid jid;
  auto at = text.find('@');
  if (at == std::string_view::npos) {
    if (text == "c.us" || text == "s.whatsapp.net" || text == "g.us" || text == "broadcast") {
      jid.kind = JidKind::Server;
      jid.server = text == "s.whatsapp.net" ? "c.us" : std::string(text);
      return jid;
    }
    return jidError(0, fmt::format("expected user@server or a server name, found no '@' in {} bytes", text.size()));
  }
  std::string_view user = text.substr(0, at);
  std::string_view server = text.substr(at + 1);
  if (user.empty()) return jidError(0, "expected a JID user before '@'");
  if (server.empty()) return jidError(at + 1, "expected a JID server after '@'");
  if (server.find('@') != std::string_view::npos)
    return jidError(at + 1 + server.find('@'), "expected one '@' in a JID, found a second");
  jid.server = server == "s.whatsapp.net" ? "c.us" : std::string(server);

  if (jid.server == "c.us") {
    jid.kind = JidKind::User;
    // JID_AD form: user[.agent][:device]
    std::string_view base = user;
    if (auto bad = splitSmallSuffix(base, ':', jid.device))
      return jidError(*bad, "expected a device number 0-255 after ':'");
    if (auto bad = splitSmallSuffix(base, '.', jid.agent))
      return jidError(*bad, "expected an agent number 0-255 after '.'");
    if (base.empty()) return jidError(0, "expected a JID user before the agent or device");
    jid.user = std::string(base);
  } else if (jid.server == "g.us") {
    jid.kind = JidKind::Group;
    jid.user = std::string(user);
    auto dash = user.rfind('-');
    if (dash != std::string_view::npos) {
      std::string_view creator = user.substr(0, dash), created = user.substr(dash + 1);
      if (!allDigits(creator) || !allDigits(created))
        return jidError(0, "expected a group id creator-timestamp of digits");
      jid.group_creator = std::string(creator);
      std::from_chars(created.data(), created.data() + created.size(), jid.group_created);
    } else if (!allDigits(user)) {
      return jidError(0, "expected a group id of digits");
    }
  } else if (jid.server == "broadcast") {
    jid.kind = user == "status" ? JidKind::Status : JidKind::Broadcast;
    jid.user = std::string(user);
  } else {
    jid.kind = JidKind::Other;
    jid.user = std::string(user);
  }
  return jid;
}

std::string formatJid(const Jid& jid) {
  if (jid.kind == JidKind::Server || jid.user.empty()) return jid.server;
  if (jid.agent || jid.device) return formatAdJid(jid.user, jid.agent.value_or(0), jid.device.value_or(0));
  std::string out;
  out.reserve(jid.user.size() + 1 + jid.server.size());
  out += jid.user;
  out += '@';
  out += jid.server;
  return out;
}

std::string formatAdJid(std::string_view user, std::uint8_t agent, std::uint8_t device) {
  std::string out(user);
  if (agent != 0) fmt::format_to(std::back_inserter(out), ".{}", agent);
  if (device != 0) fmt::format_to(std::back_inserter(out), ":{}", device);
  out += "@c.us";
  return out;
}

}  // namespace wa::codec
