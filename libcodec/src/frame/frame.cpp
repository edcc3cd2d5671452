// The "tag,payload" frame grammar: keep-alive, pong, JSON and binary frames in both directions.
#include "wa/codec/frame/frame.h"

#include <charconv>

#include <fmt/format.h>

#include "wa/support/text/json_text.h"
#include "wa/support/text/utf8.h"
#include "wa/codec/frame/direction.h"

namespace wa::codec {
namespace {

constexpr std::size_t kHmacIv = 48;
constexpr std::size_t kMinServerBody = kHmacIv + 16;  // HMAC, IV, one cipher block
constexpr std::size_t kMinClientBody = kMinServerBody + 2;  // plus metric and flags

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool looksLikeJsonStart(char c) noexcept {
  return c == '[' || c == '{' || c == '"' || (c >= '0' && c <= '9') || c == '-' || c == 't' || c == 'f' || c == 'n';
}

bool hasControlBytes(std::string_view s) noexcept {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

bool isPong(std::string_view p) noexcept {
  if (p.size() < 2 || p[0] != '!' || p.find(',') != std::string_view::npos) return false;
  for (char c : p.substr(1))
    if (c < '0' || c > '9') return false;
  return true;
}

Error frameError(ErrorCode code, std::size_t offset, std::string message) {
  return Error{code, Stage::Frame, offset, std::move(message)};
}

void parseJson(Frame& f, std::size_t max_depth, bool keep) {
  // Valid JSON within the depth limit needs no document when it is not kept (checked in one pass
  // without allocating); invalid JSON is parsed for its error, and numbers the checker leaves open
  // are the parser's call.
  std::size_t deepest = 0;
  if (!keep && support::checkJson(f.body, deepest) == support::JsonCheck::Valid && deepest <= max_depth) return;
  if (std::size_t deep = support::jsonTooDeepAt(f.body, max_depth); deep != std::string_view::npos) {
    f.error = frameError(ErrorCode::LimitExceeded, f.body_offset + deep,
                         fmt::format("json nested deeper than the limit of {}", max_depth));
    return;
  }
  try {
    f.json = nlohmann::json::parse(f.body);
  } catch (const nlohmann::json::parse_error& e) {
    f.json = nullptr;
    auto failure = support::jsonParseFailure(e.byte, e.what(), f.body.size());
    f.error = frameError(ErrorCode::Invalid, f.body_offset + failure.offset, std::move(failure.message));
  } catch (const std::exception& e) {
    f.json = nullptr;
    f.error = frameError(ErrorCode::Invalid, f.body_offset, std::string("invalid json: ") + e.what());
  }
}

}  // namespace

std::string_view toString(FrameKind kind) noexcept {
  switch (kind) {
    case FrameKind::Json: return "json";
    case FrameKind::Binary: return "binary";
    case FrameKind::KeepAlive: return "keepalive";
    case FrameKind::Pong: return "pong";
    case FrameKind::Empty: return "empty";
  }
  return "unknown";
}

Opcode guessOpcode(std::string_view p) noexcept {
  if (p == "?,," || isPong(p)) return Opcode::Text;
  auto comma = p.find(',');
  std::string_view rest = comma == std::string_view::npos ? p : p.substr(comma + 1);
  if (comma != std::string_view::npos && !rest.empty() && rest[0] == ',') rest.remove_prefix(1);
  while (!rest.empty() && isSpace(rest.front())) rest.remove_prefix(1);
  if (comma != std::string_view::npos && !rest.empty() && !looksLikeJsonStart(rest[0])) return Opcode::Binary;
  if (hasControlBytes(p) || !support::isUtf8(p)) return Opcode::Binary;
  return Opcode::Text;
}

std::optional<bool> looksLikeFrameStart(Opcode op, std::string_view p, bool complete) noexcept {
  constexpr std::size_t kMaxTag = 64;
  if (op == Opcode::Text) {
    if (p == "?,," && complete) return true;
    if (!p.empty() && p[0] == '!') {
      for (char c : p.substr(1))
        if (c < '0' || c > '9') return false;
      if (!complete) return std::nullopt;
      return p.size() > 1;
    }
  }
  std::size_t i = 0;
  for (; i < p.size() && i <= kMaxTag; ++i) {
    const char c = p[i];
    if (c == ',') break;
    if (c < 0x21 || c > 0x7e) return false;
  }
  if (i == p.size()) return complete || i > kMaxTag ? std::optional<bool>(false) : std::nullopt;
  if (p[i] != ',' || i == 0) return false;
  if (op != Opcode::Text) return true;
  std::string_view rest = p.substr(i + 1);
  if (!rest.empty() && rest[0] == ',') rest.remove_prefix(1);
  while (!rest.empty() && isSpace(rest.front())) rest.remove_prefix(1);
  if (rest.empty()) return complete ? std::optional<bool>(true) : std::nullopt;
  return looksLikeJsonStart(rest[0]);
}

Frame splitFrame(std::string_view payload, const SplitOptions& options) {
  Frame f;
  f.dir = options.dir;
  auto inferred = [&](Direction d) {
    if (options.dir == Direction::Unknown && d != Direction::Unknown) {
      f.dir = d;
      f.dir_inferred = true;
    }
  };

  if (payload == "?,,") {
    f.kind = FrameKind::KeepAlive;
    f.tag = payload.substr(0, 1);
    f.two_commas = true;
    f.body_offset = payload.size();
    inferred(Direction::Send);
    return f;
  }
  const auto comma = payload.find(',');
  if (!payload.empty() && payload[0] == '!' && comma == std::string_view::npos) {
    f.kind = FrameKind::Pong;
    f.tag = payload;
    f.body_offset = payload.size();
    inferred(Direction::Receive);
    auto digits = payload.substr(1);
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), f.pong_ms);
    if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size())
      f.error = frameError(ErrorCode::Invalid, 1 + static_cast<std::size_t>(r.ptr - digits.data()),
                           "expected milliseconds after '!'");
    return f;
  }

  const Opcode op = options.opcode && (*options.opcode == Opcode::Text || *options.opcode == Opcode::Binary)
                        ? *options.opcode
                        : guessOpcode(payload);
  f.kind = op == Opcode::Text ? FrameKind::Json : FrameKind::Binary;
  if (comma == std::string_view::npos) {
    f.body_offset = payload.size();
    f.error = frameError(ErrorCode::Invalid, payload.size(), "expected ',' after the tag, found end of frame");
    return f;
  }
  f.tag = payload.substr(0, comma);
  std::string_view rest = payload.substr(comma + 1);
  std::size_t rest_offset = comma + 1;

  if (op == Opcode::Text) {
    if (!rest.empty() && rest[0] == ',') {
      f.two_commas = true;
      rest.remove_prefix(1);
      ++rest_offset;
    }
    inferred(inferTextDirection(payload));
    f.body_offset = rest_offset;
    if (rest.empty()) {
      f.kind = FrameKind::Empty;
      return f;
    }
    f.body = rest;
    if (options.parse_json) {
      parseJson(f, options.max_json_depth, options.keep_json);
      if (!options.keep_json) f.json = nullptr;
    }
    return f;
  }

  f.body_offset = rest_offset;
  if (rest.empty()) {
    f.kind = FrameKind::Empty;
    return f;
  }
  inferred(inferBinaryDirection(rest));
  const std::size_t n = rest.size();
  if (f.dir == Direction::Send) {
    if (rest[0] == ',' && n >= kMinServerBody + 1 && (n - kHmacIv - 1) % 16 == 0) {
      f.two_commas = true;  // a metric-less client frame
      f.body = rest.substr(1);
      f.body_offset = rest_offset + 1;
      return f;
    }
    if (n >= 2) {
      f.metric = static_cast<std::uint8_t>(rest[0]);
      f.flags = static_cast<std::uint8_t>(rest[1]);
      f.body = rest.substr(2);
      f.body_offset = rest_offset + 2;
    }
    if (n < kMinClientBody)
      f.error = frameError(ErrorCode::Truncated, payload.size(),
                           fmt::format("expected metric, flags, hmac, iv and a cipher block ({} bytes) after the tag, "
                                       "found {} bytes",
                                       kMinClientBody, n));
    return f;
  }
  f.body = rest;
  if (n < kMinServerBody)
    f.error = frameError(ErrorCode::Truncated, payload.size(),
                         fmt::format("expected hmac, iv and a cipher block ({} bytes) after the tag, found {} bytes",
                                     kMinServerBody, n));
  return f;
}

}  // namespace wa::codec
