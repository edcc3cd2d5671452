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

/// When `fd` is a pipe, asks the kernel for a buffer of at least `bytes` (Linux F_SETPIPE_SZ; at
/// most /proc/sys/fs/pipe-max-size, 1 MiB by default, for users without CAP_SYS_RESOURCE). Only a
/// hint: nothing happens for other files, on other systems, or when the kernel refuses. Large
/// pieces written through the default 64 KiB buffer make the writer and the reader wake each other
/// up for every 64 KiB, which costs more than the copy on a virtual machine.
void enlargePipeBuffer(int fd, std::size_t bytes) noexcept;

/// Writes all of `bytes` to `fd`, retrying short and interrupted writes. Returns how many bytes
/// were written: all of them, or fewer when a write failed (errno tells why).
std::size_t writeAll(int fd, std::span<const std::uint8_t> bytes);

}  // namespace wa::tools
