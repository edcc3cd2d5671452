// SHA-1 and base64 for the Sec-WebSocket-Accept value only (not for security).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wa::codec::detail {

std::array<std::uint8_t, 20> sha1(std::string_view data) noexcept;
std::string base64Encode(const std::uint8_t* data, std::size_t size);

}  // namespace wa::codec::detail
