// Tag rewriting: recorded message tags mapped to live ones, consistently in both directions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wa::wareplay {

/// The live form of a recorded client tag. WA-Web's tags `<unix seconds>.--<n>` (long) and
/// `<unix seconds % 1000>.--<n>` (short, at most 3 digits) get their seconds moved by
/// `shift_seconds` (the short form modulo 1000); every other tag (message ids `3EB0...`, words
/// like `goodbye`) is kept, since it carries no time.
std::string shiftTimestampTag(std::string_view recorded, std::int64_t shift_seconds);

/// A bijection between recorded and live tags, built as messages go by. Not thread-safe.
class TagMap {
 public:
  /// Records that `recorded` is `live` on this connection (a later bind of either side wins).
  void bind(const std::string& recorded, const std::string& live);
  /// The live tag bound to `recorded`, if any.
  [[nodiscard]] std::optional<std::string> live(std::string_view recorded) const;
  /// The recorded tag bound to `live`, if any.
  [[nodiscard]] std::optional<std::string> recorded(std::string_view live) const;
  /// live(recorded), or a new binding to shiftTimestampTag(recorded, shift_seconds).
  std::string liveFor(const std::string& recorded, std::int64_t shift_seconds);

  [[nodiscard]] std::size_t size() const noexcept { return to_live_.size(); }

 private:
  std::unordered_map<std::string, std::string> to_live_;
  std::unordered_map<std::string, std::string> to_recorded_;
};

/// Replaces the tag (the bytes before the first ',') of `payload` by `tag`; a payload without a
/// comma (keep-alive reply) is returned unchanged.
std::string replaceTag(std::string_view payload, std::string_view tag);

}  // namespace wa::wareplay
