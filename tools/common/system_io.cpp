// System-call helpers.
#include "common/system_io.h"

#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace wa::tools {

std::string systemError(const std::string& name) { return name + ": " + std::strerror(errno); }

std::size_t writeAll(int fd, std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  return done;
}

}  // namespace wa::tools
