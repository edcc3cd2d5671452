// Opening, reading, spooling and random access for wamedia's input.
#include "wamedia/encrypted_input.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/input.h"
#include "common/system_io.h"
#include "wa/support/read_buffer.h"

namespace wa::wamedia {
namespace {

constexpr std::size_t kHeadSize = 64;
constexpr std::size_t kPipeBuffer = std::size_t{1} << 20;

// A file in the temporary folder that no other process can see (O_TMPFILE, or mkstemp and unlink).
int openAnonymousTempFile() {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env && *env ? env : "/tmp";
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string path = dir + "/wamedia-spool.XXXXXX";
  const int named = ::mkstemp(path.data());
  if (named >= 0) ::unlink(path.c_str());
  return named;
}

}  // namespace

struct EncryptedInput::State {
  std::string name;
  int fd = -1;
  bool owns_fd = false;
  bool seekable = false;
  std::uint64_t size = 0;  // seekable: file size; pipe: bytes read so far
  bool at_end = false;
  std::uint64_t position = 0;  // for in-order reads of a seekable input
  std::uint8_t head[kHeadSize] = {};
  std::size_t head_size = 0;

  ~State() {
    if (owns_fd && fd >= 0) ::close(fd);
  }

  void noteHead(std::span<const std::uint8_t> bytes, std::uint64_t at) {
    if (at >= kHeadSize) return;
    const std::size_t n = std::min<std::size_t>(kHeadSize - static_cast<std::size_t>(at), bytes.size());
    std::memcpy(head + at, bytes.data(), n);
    head_size = std::max(head_size, static_cast<std::size_t>(at) + n);
  }
};

tl::expected<EncryptedInput, std::string> EncryptedInput::open(const std::string& path) {
  EncryptedInput in;
  in.state_ = std::make_unique<State>();
  State& s = *in.state_;
  if (tools::isStdio(path)) {
    s.name = "<stdin>";
    s.fd = STDIN_FILENO;
  } else {
    s.name = path;
    s.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (s.fd < 0) return tl::unexpected(tools::systemError(path));
    s.owns_fd = true;
  }
  struct stat st {};
  if (::fstat(s.fd, &st) != 0) return tl::unexpected(tools::systemError(s.name));
  if (S_ISDIR(st.st_mode)) return tl::unexpected(s.name + ": is a directory");
  // A file redirected to stdin that someone has read from already is read on from there, as a pipe.
  const bool at_start = s.fd != STDIN_FILENO || ::lseek(s.fd, 0, SEEK_CUR) == 0;
  if (S_ISREG(st.st_mode) && at_start) {
    s.seekable = true;
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.position = 0;
    std::uint8_t head[kHeadSize];
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kHeadSize, s.size));
    const ssize_t got = ::pread(s.fd, head, n, 0);
    if (got < 0) return tl::unexpected(tools::systemError(s.name));
    s.noteHead(std::span<const std::uint8_t>(head, static_cast<std::size_t>(got)), 0);
  } else {
    tools::enlargePipeBuffer(s.fd, kPipeBuffer);  // read() fills 1 MiB buffers
  }
  return in;
}

EncryptedInput::~EncryptedInput() = default;
EncryptedInput::EncryptedInput(EncryptedInput&&) noexcept = default;
EncryptedInput& EncryptedInput::operator=(EncryptedInput&&) noexcept = default;

const std::string& EncryptedInput::name() const noexcept { return state_->name; }
bool EncryptedInput::seekable() const noexcept { return state_->seekable; }

std::optional<std::uint64_t> EncryptedInput::size() const noexcept {
  if (state_->seekable || state_->at_end) return state_->size;
  return std::nullopt;
}

crypto::ByteView EncryptedInput::head() const noexcept { return {state_->head, state_->head_size}; }

tl::expected<std::size_t, std::string> EncryptedInput::read(std::span<std::uint8_t> buffer) {
  State& s = *state_;
  std::size_t filled = 0;
  // Fill the buffer (pipes deliver small pieces), so callers work on large slices.
  while (filled < buffer.size()) {
    ssize_t n;
    if (s.seekable) {
      n = ::pread(s.fd, buffer.data() + filled, buffer.size() - filled, static_cast<off_t>(s.position));
    } else {
      n = ::read(s.fd, buffer.data() + filled, buffer.size() - filled);
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(tools::systemError(s.name));
    }
    if (n == 0) {
      s.at_end = true;
      break;
    }
    const std::uint64_t at = s.seekable ? s.position : s.size;
    s.noteHead(buffer.subspan(filled, static_cast<std::size_t>(n)), at);
    if (s.seekable)
      s.position += static_cast<std::uint64_t>(n);
    else
      s.size += static_cast<std::uint64_t>(n);
    filled += static_cast<std::size_t>(n);
  }
  return filled;
}

tl::expected<void, std::string> EncryptedInput::rewind() {
  if (!state_->seekable) return tl::unexpected(state_->name + ": cannot read a pipe twice");
  state_->position = 0;
  state_->at_end = false;
  return {};
}

tl::expected<void, std::string> EncryptedInput::spool(const std::function<void(std::uint64_t)>& progress) {
  State& s = *state_;
  if (s.seekable) return {};
  const int temp = openAnonymousTempFile();
  if (temp < 0) return tl::unexpected(tools::systemError("temporary file for " + s.name));
  support::ReadBuffer buffer(std::size_t{1} << 20);
  std::uint64_t copied = 0;
  for (;;) {
    auto n = read(buffer.bytes());
    if (!n) {
      ::close(temp);
      return tl::unexpected(n.error());
    }
    if (*n == 0) break;
    if (tools::writeAll(temp, std::span<const std::uint8_t>(buffer.data(), *n)) < *n) {
      const std::string error = tools::systemError("temporary file for " + s.name);
      ::close(temp);
      return tl::unexpected(error);
    }
    copied += *n;
    if (progress) progress(copied);
  }
  if (s.owns_fd) ::close(s.fd);
  s.fd = temp;
  s.owns_fd = true;
  s.seekable = true;
  s.size = copied;
  s.position = 0;
  s.at_end = false;
  return {};
}

crypto::ReadAt EncryptedInput::readAt() const {
  const int fd = state_->fd;
  const std::string name = state_->name;
  return [fd, name](std::uint64_t offset, crypto::MutableByteView out) -> crypto::Expected<void> {
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return crypto::makeError(crypto::ErrorCode::Io, crypto::Stage::Media, offset + done,
                                 fmt::format("reading {}: {}", name, std::strerror(errno)));
      }
      if (n == 0) {
        return crypto::makeError(crypto::ErrorCode::Truncated, crypto::Stage::Media, offset + done,
                                 fmt::format("{} ended at byte {} while reading bytes {}..{} (it changed while being "
                                             "read)",
                                             name, offset + done, offset, offset + out.size()));
      }
      done += static_cast<std::size_t>(n);
    }
    return {};
  };
}

}  // namespace wa::wamedia
