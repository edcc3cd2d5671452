// SHA-1 for the Sec-WebSocket-Accept value only (not for security).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wa::capture::detail {

std::array<std::uint8_t, 20> sha1(std::string_view data) noexcept;

}  // namespace wa::capture::detail
