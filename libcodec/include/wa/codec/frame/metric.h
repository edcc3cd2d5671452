// Names of the metric and flags bytes of client binary frames (docs/protocol.md, "Frames").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wa::codec {

/// The metric's constant name, e.g. 8 -> "PRESENCE", 16 -> "MESSAGE"; empty outside 1..48.
/// 1..28 are WA-Web 2020-05's; 29..48 come from a later build. Some peers renumber LIVE_LOCATION as 3;
/// this table follows WA-Web (3 is QUERY_RECEIPT).
std::string_view metricName(std::uint8_t metric) noexcept;

/// The flag bit names set in `flags`, most significant first. WA-Web builds the byte as
/// not-ignored (0x80; the peers call this bit "IGNORE", with the same value), ACK_REQUEST (0x40),
/// AVAILABLE (0x20), NOT_AVAILABLE (0x10), EXPIRES (0x08), SKIP_OFFLINE (0x04); bits 0x02 and
/// 0x01 are unused and named BIT1 and BIT0.
std::vector<std::string_view> flagNames(std::uint8_t flags);

/// flagNames joined with '|', or "0" when no bit is set.
std::string describeFlags(std::uint8_t flags);

}  // namespace wa::codec
