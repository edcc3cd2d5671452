// Byte buffers and views, and the casts between characters and bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wa::support {

using Bytes = std::vector<std::uint8_t>;
/// A view of bytes the callee does not own.
using ByteView = std::span<const std::uint8_t>;
using MutableByteView = std::span<std::uint8_t>;

inline ByteView asBytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view asChars(ByteView b) noexcept { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
inline Bytes toBytes(std::string_view s) { return {s.begin(), s.end()}; }

}  // namespace wa::support
