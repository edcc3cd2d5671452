// Parsing URLs and listen addresses.
#include "wareplay/url.h"

#include <charconv>

#include <fmt/format.h>

namespace wa::wareplay {
namespace {

tools::Outcome<std::uint16_t> parsePort(std::string_view digits, std::string_view whole) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || value > 65535)
    return tools::fail(tools::kExitUsage, fmt::format("\"{}\": bad port", whole));
  return static_cast<std::uint16_t>(value);
}

// Splits "host:port", "[v6]:port" or "host" into host and an optional port text.
tools::Outcome<std::pair<std::string, std::string_view>> splitHostPort(std::string_view authority, std::string_view whole) {
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return tools::fail(tools::kExitUsage, fmt::format("\"{}\": unclosed '['", whole));
    std::string host(authority.substr(1, close - 1));
    auto rest = authority.substr(close + 1);
    if (rest.empty()) return std::pair{host, std::string_view{}};
    if (rest.front() != ':') return tools::fail(tools::kExitUsage, fmt::format("\"{}\": expected ':' after ']'", whole));
    return std::pair{host, rest.substr(1)};
  }
  auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) return std::pair{std::string(authority), std::string_view{}};
  return std::pair{std::string(authority.substr(0, colon)), authority.substr(colon + 1)};
}

}  // namespace

std::string Url::hostPort() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

tools::Outcome<Url> parseUrl(std::string_view text) {
  Url url;
  auto sep = text.find("://");
  if (sep == std::string_view::npos)
    return tools::fail(tools::kExitUsage, fmt::format("\"{}\": expected ws://, wss:// or http://", text));
  url.scheme = std::string(text.substr(0, sep));
  for (auto& c : url.scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (url.scheme != "ws" && url.scheme != "wss" && url.scheme != "http")
    return tools::fail(tools::kExitUsage, fmt::format("\"{}\": scheme must be ws, wss or http", text));
  auto rest = text.substr(sep + 3);
  auto slash = rest.find_first_of("/?");
  auto authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    url.target = std::string(rest.substr(slash));
    if (url.target.front() == '?') url.target = "/" + url.target;
  }
  auto split = splitHostPort(authority, text);
  if (!split) return tl::unexpected(split.error());
  url.host = split->first;
  if (url.host.empty()) return tools::fail(tools::kExitUsage, fmt::format("\"{}\": no host", text));
  if (split->second.empty()) {
    url.port = url.scheme == "wss" ? 443 : 80;
  } else {
    auto port = parsePort(split->second, text);
    if (!port) return tl::unexpected(port.error());
    url.port = *port;
  }
  return url;
}

tools::Outcome<ListenAddress> parseListenAddress(std::string_view text) {
  auto split = splitHostPort(text, text);
  if (!split) return tl::unexpected(split.error());
  if (split->second.empty())
    return tools::fail(tools::kExitUsage, fmt::format("\"{}\": expected ADDR:PORT", text));
  auto port = parsePort(split->second, text);
  if (!port) return tl::unexpected(port.error());
  return ListenAddress{split->first.empty() ? std::string("0.0.0.0") : split->first, *port};
}

}  // namespace wa::wareplay
