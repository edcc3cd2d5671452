// Direction rules for binary (the 16-byte rule) and text frames.
#include "wa/codec/frame/direction.h"

namespace wa::codec {
namespace {

constexpr std::size_t kHmacIv = 48;
constexpr std::size_t kBlock = 16;

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }

bool allDigits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!isDigit(c)) return false;
  return true;
}

// Tags only the server makes: s<n>, preempt-<...>, <digits>-<digits>.
bool isServerTag(std::string_view tag) noexcept {
  if (tag.size() > 1 && tag[0] == 's' && allDigits(tag.substr(1))) return true;
  if (tag.starts_with("preempt-")) return true;
  auto dash = tag.find('-');
  return dash != std::string_view::npos && allDigits(tag.substr(0, dash)) && allDigits(tag.substr(dash + 1));
}

}  // namespace

Direction inferBinaryDirection(std::string_view body) noexcept {
  const std::size_t n = body.size();
  if (n >= kHmacIv + kBlock && (n - kHmacIv) % kBlock == 0) return Direction::Receive;
  if (n >= kHmacIv + 2 + kBlock && (n - kHmacIv - 2) % kBlock == 0) return Direction::Send;
  if (n >= kHmacIv + 1 + kBlock && body[0] == ',' && (n - kHmacIv - 1) % kBlock == 0) return Direction::Send;
  return Direction::Unknown;
}

Direction inferTextDirection(std::string_view payload) noexcept {
  if (payload == "?,,") return Direction::Send;
  auto comma = payload.find(',');
  if (!payload.empty() && payload[0] == '!' && comma == std::string_view::npos) return Direction::Receive;
  if (comma == std::string_view::npos) return Direction::Unknown;
  std::string_view tag = payload.substr(0, comma);
  std::string_view rest = payload.substr(comma + 1);
  if (!rest.empty() && rest[0] == ',') return Direction::Send;
  while (!rest.empty() && isSpace(rest.front())) rest.remove_prefix(1);
  if (!rest.empty() && rest[0] == '{') return Direction::Receive;
  if (!rest.empty() && rest[0] == '[') {
    rest.remove_prefix(1);
    while (!rest.empty() && isSpace(rest.front())) rest.remove_prefix(1);
    if (!rest.empty() && rest[0] == '"') {
      auto end = rest.find('"', 1);
      std::string_view head = end == std::string_view::npos ? std::string_view() : rest.substr(1, end - 1);
      if (head == "admin" || head == "query" || head == "action") return Direction::Send;
      if (!head.empty() && head[0] >= 'A' && head[0] <= 'Z') return Direction::Receive;
    }
  }
  if (isServerTag(tag)) return Direction::Receive;
  return Direction::Unknown;
}

}  // namespace wa::codec
