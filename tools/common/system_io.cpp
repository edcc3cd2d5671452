// System-call helpers.
#include "common/system_io.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wa::tools {

std::string systemError(const std::string& name) { return name + ": " + std::strerror(errno); }

void enlargePipeBuffer(int fd, std::size_t bytes) noexcept {
#ifdef F_SETPIPE_SZ
  const int saved = errno;  // a hint: the caller's errno stays as it was
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
    const int current = ::fcntl(fd, F_GETPIPE_SZ);
    if (current >= 0 && static_cast<std::size_t>(current) < bytes) {
      (void)::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(bytes));
    }
  }
  errno = saved;
#else
  (void)fd;
  (void)bytes;
#endif
}

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
