// WebSocket URLs and listen addresses given on the command line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/failure.h"

namespace wa::wareplay {

/// ws://host:port/path, wss://..., or http://host:port/path (the control endpoint).
struct Url {
  std::string scheme;  ///< "ws", "wss" or "http"
  std::string host;    ///< without brackets for IPv6
  std::uint16_t port = 0;
  std::string target = "/";  ///< path and query

  [[nodiscard]] bool tls() const noexcept { return scheme == "wss"; }
  /// host:port, IPv6 in brackets (the Host header).
  [[nodiscard]] std::string hostPort() const;
};

/// Parses a URL; the port defaults to 80 (ws, http) or 443 (wss). Fails (exit 2) naming the URL.
tools::Outcome<Url> parseUrl(std::string_view text);

/// ADDR:PORT to listen on ("127.0.0.1:0", "[::1]:8080", ":8080" for all addresses).
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

tools::Outcome<ListenAddress> parseListenAddress(std::string_view text);

}  // namespace wa::wareplay
