// In-memory tnetstring items (`<length>:<payload><type>`) for small values of flow files (private).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/capture/error.h"

namespace wa::capture::detail {

/// Most digits accepted in a length prefix (mitmproxy itself refuses more than 9).
inline constexpr std::size_t kMaxTnetDigits = 12;

struct TnetItem {
  char type = 0;             ///< ',' bytes, ';' string, '#' int, '^' float, '!' bool, '~' null, ']' list, '}' dict
  std::string_view payload;  ///< a view into the input
  std::uint64_t offset = 0;  ///< absolute offset of the length prefix
};

/// Takes one item off the front of `in` (whose first byte is at absolute offset `base`), checking
/// the length against the bytes left; advances `in` and `base`. Does not look inside containers.
Expected<TnetItem> popTnet(std::string_view& in, std::uint64_t& base);

/// Parses a length prefix at the front of `in` ("123:"): the length and the prefix size, or nullopt-
/// like failure (Invalid at `base` + position, Truncated when `in` ends inside the prefix).
struct TnetPrefix {
  std::size_t length = 0;
  std::size_t prefix_size = 0;  ///< digits and ':'
};
Expected<TnetPrefix> parseTnetPrefix(std::string_view in, std::uint64_t base);

}  // namespace wa::capture::detail
