// Parsing and building the HTTP/1.1 WebSocket upgrade heads (RFC 6455 §4.1, §4.2; RFC 7230 §3).
#include "wa/capture/ws/handshake.h"

#include <fmt/format.h>

#include "wa/support/text/base64.h"
#include "ws/sha1.h"

namespace wa::capture {
namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool isTokenChar(char c) noexcept {
  if ((c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// True when the comma-separated list `value` holds `token` (case-insensitive).
bool listHas(std::string_view value, std::string_view token) noexcept {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

Unexpected headError(std::size_t offset, std::string message) {
  return makeError(ErrorCode::Invalid, Stage::Capture, offset, std::move(message));
}

Unexpected notUpgrade(std::string message) {
  return makeError(ErrorCode::Unsupported, Stage::Capture, 0, std::move(message));
}

}  // namespace

std::optional<std::string_view> HttpHead::header(std::string_view name) const {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return std::string_view(h.value);
  return std::nullopt;
}

std::string HttpHead::joinedHeader(std::string_view name) const {
  std::string out;
  for (const auto& h : headers) {
    if (!iequals(h.name, name)) continue;
    if (!out.empty()) out += ", ";
    out += h.value;
  }
  return out;
}

std::optional<std::size_t> findHeadEnd(std::string_view bytes, std::size_t searched) noexcept {
  const std::size_t from = searched > 3 ? searched - 3 : 0;
  if (from >= bytes.size()) return std::nullopt;
  const std::size_t at = bytes.find("\r\n\r\n", from);
  if (at == std::string_view::npos) return std::nullopt;
  return at + 4;
}

Expected<HttpHead> parseHttpHead(std::string_view head) {
  HttpHead out;
  std::size_t pos = 0;
  auto nextLine = [&](std::string_view& line) {
    const std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) return false;
    line = head.substr(pos, eol - pos);
    pos = eol + 2;
    return true;
  };
  std::string_view line;
  if (!nextLine(line)) return headError(0, "http start line does not end in crlf");
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return headError(0, "malformed http start line");
  if (line.substr(0, 5) == "HTTP/") {
    out.version = std::string(line.substr(0, sp1));
    std::string_view rest = line.substr(sp1 + 1);
    if (rest.size() < 3 || rest[0] < '0' || rest[0] > '9' || rest[1] < '0' || rest[1] > '9' || rest[2] < '0' ||
        rest[2] > '9' || (rest.size() > 3 && rest[3] != ' '))
      return headError(sp1 + 1, "malformed http status code");
    out.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    if (rest.size() > 4) out.reason = std::string(rest.substr(4));
  } else {
    out.is_request = true;
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return headError(0, "malformed http request line");
    for (std::size_t i = 0; i < sp1; ++i)
      if (!isTokenChar(line[i])) return headError(i, "malformed http method");
    out.method = std::string(line.substr(0, sp1));
    out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    out.version = std::string(line.substr(sp2 + 1));
    if (out.version.substr(0, 5) != "HTTP/") return headError(sp2 + 1, "request line without an http version");
  }
  while (true) {
    const std::size_t line_at = pos;
    if (!nextLine(line)) return headError(line_at, "http head does not end in an empty line");
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') return headError(line_at, "obsolete folded http header line");
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return headError(line_at, "http header line without a name");
    for (std::size_t i = 0; i < colon; ++i)
      if (!isTokenChar(line[i])) return headError(line_at + i, "malformed http header name");
    out.headers.push_back(HttpHeader{std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  }
  out.size = pos;
  return out;
}

Expected<UpgradeRequest> checkUpgradeRequest(const HttpHead& head) {
  if (!head.is_request) return notUpgrade("expected an http request, found a response");
  if (head.method != "GET") return notUpgrade(fmt::format("not a websocket upgrade: method {}", head.method));
  if (!listHas(head.joinedHeader("Upgrade"), "websocket"))
    return notUpgrade("not a websocket upgrade: no \"Upgrade: websocket\" header");
  if (!listHas(head.joinedHeader("Connection"), "upgrade"))
    return notUpgrade("not a websocket upgrade: no \"Connection: upgrade\" header");
  const auto key = head.header("Sec-WebSocket-Key");
  if (!key || key->empty()) return notUpgrade("not a websocket upgrade: no Sec-WebSocket-Key header");
  UpgradeRequest out;
  out.target = head.target;
  out.host = std::string(head.header("Host").value_or(""));
  out.key = std::string(*key);
  out.offered_extensions = head.joinedHeader("Sec-WebSocket-Extensions");
  return out;
}

Expected<UpgradeResponse> checkUpgradeResponse(const HttpHead& head) {
  if (head.is_request) return notUpgrade("expected an http response, found a request");
  if (head.status != 101) return notUpgrade(fmt::format("websocket upgrade refused with http status {}", head.status));
  if (!listHas(head.joinedHeader("Upgrade"), "websocket"))
    return notUpgrade("101 response without an \"Upgrade: websocket\" header");
  UpgradeResponse out;
  out.accept = std::string(head.header("Sec-WebSocket-Accept").value_or(""));
  auto ext = parseNegotiatedExtensions(head.joinedHeader("Sec-WebSocket-Extensions"));
  if (!ext) return tl::unexpected(std::move(ext.error()));
  out.extensions = std::move(*ext);
  return out;
}

std::string computeAcceptKey(std::string_view client_key) {
  std::string input(client_key);
  input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  const auto digest = detail::sha1(input);
  return support::toBase64(asChars(ByteView(digest.data(), digest.size())));
}

std::string buildUpgradeRequest(std::string_view host, std::string_view target, std::string_view key,
                                std::string_view extensions) {
  std::string out = fmt::format(
      "GET {} HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nOrigin: http://{}\r\n"
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {}\r\n",
      target, host, host, key);
  if (!extensions.empty()) out += fmt::format("Sec-WebSocket-Extensions: {}\r\n", extensions);
  out += "\r\n";
  return out;
}

std::string buildUpgradeResponse(std::string_view client_key, std::string_view extensions) {
  std::string out = fmt::format(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n",
      computeAcceptKey(client_key));
  if (!extensions.empty()) out += fmt::format("Sec-WebSocket-Extensions: {}\r\n", extensions);
  out += "\r\n";
  return out;
}

}  // namespace wa::capture
