// What the tools' own file handles (atomic output, wamedia's input) share at the system-call level:
// the error text of a failed call and whole writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace wa::tools {

/// "<name>: <system error>" for the errno of the call that just failed on `name`.
std::string systemError(const std::string& name);

/// Writes all of `bytes` to `fd`, retrying short and interrupted writes. Returns how many bytes
/// were written: all of them, or fewer when a write failed (errno tells why).
std::size_t writeAll(int fd, std::span<const std::uint8_t> bytes);

}  // namespace wa::tools
