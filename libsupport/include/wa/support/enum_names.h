// Names of the values of an enum from one table, both ways: for toString() and its parser.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace wa::support {

/// The name of `value` in `names`, the names of the enum's values in their order (0, 1, ...);
/// "unknown" for a value past them.
template <class EnumT, std::size_t N>
constexpr std::string_view enumName(EnumT value, const std::array<std::string_view, N>& names) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

/// The value whose name in `names` (as for enumName()) is `name`, or nullopt.
template <class EnumT, std::size_t N>
constexpr std::optional<EnumT> enumNamed(std::string_view name, const std::array<std::string_view, N>& names) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<EnumT>(i);
  return std::nullopt;
}

}  // namespace wa::support
