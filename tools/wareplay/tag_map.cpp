// Tag rewriting.
#include "wareplay/tag_map.h"

#include <charconv>

namespace wa::wareplay {

std::string shiftTimestampTag(std::string_view recorded, std::int64_t shift_seconds) {
  auto sep = recorded.find(".--");
  if (sep == std::string_view::npos || sep == 0 || sep > 12) return std::string(recorded);
  std::string_view digits = recorded.substr(0, sep);
  std::string_view seq = recorded.substr(sep + 3);
  if (seq.empty()) return std::string(recorded);
  for (char c : digits)
    if (c < '0' || c > '9') return std::string(recorded);
  for (char c : seq)
    if (c < '0' || c > '9') return std::string(recorded);
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::string(recorded);
  if (digits.size() <= 3) {
    value = ((value + shift_seconds) % 1000 + 1000) % 1000;
  } else {
    value += shift_seconds;
    if (value < 0) value = 0;
  }
  return std::to_string(value) + std::string(recorded.substr(sep));
}

void TagMap::bind(const std::string& recorded, const std::string& live) {
  if (auto it = to_live_.find(recorded); it != to_live_.end()) to_recorded_.erase(it->second);
  if (auto it = to_recorded_.find(live); it != to_recorded_.end()) to_live_.erase(it->second);
  to_live_[recorded] = live;
  to_recorded_[live] = recorded;
}

std::optional<std::string> TagMap::live(std::string_view recorded) const {
  auto it = to_live_.find(std::string(recorded));
  if (it == to_live_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> TagMap::recorded(std::string_view live) const {
  auto it = to_recorded_.find(std::string(live));
  if (it == to_recorded_.end()) return std::nullopt;
  return it->second;
}

std::string TagMap::liveFor(const std::string& recorded, std::int64_t shift_seconds) {
  if (auto it = to_live_.find(recorded); it != to_live_.end()) return it->second;
  std::string live = shiftTimestampTag(recorded, shift_seconds);
  bind(recorded, live);
  return live;
}

std::string replaceTag(std::string_view payload, std::string_view tag) {
  auto comma = payload.find(',');
  if (comma == std::string_view::npos) return std::string(payload);
  std::string out;
  out.reserve(tag.size() + payload.size() - comma);
  out.append(tag);
  out.append(payload.substr(comma));
  return out;
}

}  // namespace wa::wareplay
