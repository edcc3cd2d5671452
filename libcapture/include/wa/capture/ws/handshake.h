// The HTTP/1.1 upgrade that opens a WebSocket (RFC 6455 §4): parsing both heads and building them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/error.h"
#include "wa/capture/ws/permessage_deflate.h"

namespace wa::capture {

struct HttpHeader {
  std::string name;   ///< as sent
  std::string value;  ///< leading and trailing spaces removed
};

/// A parsed HTTP request or response head (start line and headers).
struct HttpHead {
  bool is_request = false;
  std::string method;   ///< request only
  std::string target;   ///< request only
  std::string version;  ///< "HTTP/1.1"
  int status = 0;       ///< response only
  std::string reason;   ///< response only
  std::vector<HttpHeader> headers;
  std::size_t size = 0;  ///< bytes of the head including the empty line

  /// The first header of that name (case-insensitive), if any.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
  /// All headers of that name joined with ", " (HTTP list semantics); empty when absent.
  [[nodiscard]] std::string joinedHeader(std::string_view name) const;
};

/// Size of the head at the start of `bytes` (through the CRLF CRLF), or nullopt when it has not
/// ended yet. `searched` bytes were already scanned in an earlier call (an optimisation).
std::optional<std::size_t> findHeadEnd(std::string_view bytes, std::size_t searched = 0) noexcept;

/// Parses a complete head (as delimited by findHeadEnd). Fails (Invalid, Stage::Capture, offset of
/// the bad line) on a malformed start line or header line. Lines end in CRLF; obsolete line folding
/// is rejected.
Expected<HttpHead> parseHttpHead(std::string_view head);

/// What a WebSocket client asked for.
struct UpgradeRequest {
  std::string target;
  std::string host;
  std::string key;                 ///< Sec-WebSocket-Key
  std::string offered_extensions;  ///< Sec-WebSocket-Extensions as offered (not interpreted)
};

/// What the server agreed to.
struct UpgradeResponse {
  std::string accept;  ///< Sec-WebSocket-Accept
  NegotiatedExtensions extensions;
};

/// Checks that a request head is a WebSocket upgrade: GET, Upgrade: websocket,
/// Connection: upgrade, a Sec-WebSocket-Key. Fails (Unsupported, offset 0) naming what is missing.
Expected<UpgradeRequest> checkUpgradeRequest(const HttpHead& head);

/// Checks that a response head accepts the upgrade: status 101 and Upgrade: websocket; parses the
/// accepted extensions. Fails with Unsupported (offset 0) for another status (the message carries
/// it) and with the errors of parseNegotiatedExtensions for a bad extension header.
Expected<UpgradeResponse> checkUpgradeResponse(const HttpHead& head);

/// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), RFC 6455 §4.2.2.
std::string computeAcceptKey(std::string_view client_key);

/// A request head a browser would send; `extensions` empty means no Sec-WebSocket-Extensions.
std::string buildUpgradeRequest(std::string_view host, std::string_view target, std::string_view key,
                                std::string_view extensions = {});
/// The 101 response to a request with that key; `extensions` as accepted (empty: none).
std::string buildUpgradeResponse(std::string_view client_key, std::string_view extensions = {});

}  // namespace wa::capture
