// Temporary-file-and-rename output, with the temporary files removed on fatal signals.
#include "common/atomic_output.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/input.h"
#include "common/system_io.h"

namespace wa::tools {
namespace {

// Callers write in pieces of about 1 MiB (see enlargePipeBuffer).
constexpr std::size_t kStdoutPipeBuffer = std::size_t{1} << 20;

// Temporary files open right now, for the signal handler (which may only call unlink and raise).
constexpr int kSlots = 8;
constexpr std::size_t kPathMax = 4096;
char g_temp_paths[kSlots][kPathMax];
volatile std::sig_atomic_t g_slot_used[kSlots];

extern "C" void removeTempFilesAndDie(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_slot_used[i]) ::unlink(g_temp_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void installSignalCleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
      struct sigaction action {};
      action.sa_handler = removeTempFilesAndDie;
      sigemptyset(&action.sa_mask);
      ::sigaction(sig, &action, nullptr);
    }
  });
}

int claimSlot(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    if (g_slot_used[i]) continue;
    std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
    g_slot_used[i] = 1;
    return i;
  }
  return -1;
}

void releaseSlot(int slot) {
  if (slot >= 0) g_slot_used[slot] = 0;
}

}  // namespace

struct AtomicOutput::State {
  std::string name;       // final path, or "<stdout>"
  std::string temp_path;  // empty for stdout
  int fd = -1;
  int slot = -1;
  bool is_stdout = false;
  bool done = false;  // committed or discarded
  std::uint64_t written = 0;
};

tl::expected<AtomicOutput, std::string> AtomicOutput::open(const std::string& path) {
  AtomicOutput out;
  out.state_ = std::make_unique<State>();
  State& s = *out.state_;
  if (isStdio(path)) {
    s.name = "<stdout>";
    s.fd = STDOUT_FILENO;
    s.is_stdout = true;
    enlargePipeBuffer(s.fd, kStdoutPipeBuffer);
    return out;
  }
  s.name = path;
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "." + base + ".XXXXXX";
  installSignalCleanup();
  s.fd = ::mkstemp(temp.data());
  if (s.fd < 0) return tl::unexpected(systemError(path));
  s.temp_path = temp;
  s.slot = claimSlot(temp);
  return out;
}

AtomicOutput::~AtomicOutput() {
  if (state_) discard();
}
AtomicOutput::AtomicOutput(AtomicOutput&&) noexcept = default;
AtomicOutput& AtomicOutput::operator=(AtomicOutput&& other) noexcept {
  if (this != &other) {
    if (state_) discard();
    state_ = std::move(other.state_);
  }
  return *this;
}

bool AtomicOutput::isStdout() const noexcept { return state_->is_stdout; }
const std::string& AtomicOutput::name() const noexcept { return state_->name; }
std::uint64_t AtomicOutput::bytesWritten() const noexcept { return state_->written; }

tl::expected<void, std::string> AtomicOutput::write(std::span<const std::uint8_t> bytes) {
  State& s = *state_;
  if (s.done) return tl::unexpected(s.name + ": written after it was closed");
  const std::size_t n = writeAll(s.fd, bytes);
  s.written += n;
  if (n < bytes.size()) return tl::unexpected(systemError(s.name));
  return {};
}

tl::expected<void, std::string> AtomicOutput::write(std::string_view text) {
  return write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

tl::expected<void, std::string> AtomicOutput::commit() {
  State& s = *state_;
  if (s.done) return tl::unexpected(s.name + ": committed after it was closed");
  if (s.is_stdout) {
    s.done = true;
    return {};
  }
  const ::mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(s.fd, 0666 & ~mask) != 0 || ::close(s.fd) != 0) {
    s.fd = -1;
    const std::string error = systemError(s.name);
    discard();
    return tl::unexpected(error);
  }
  s.fd = -1;
  if (::rename(s.temp_path.c_str(), s.name.c_str()) != 0) {
    const std::string error = systemError(s.name);
    discard();
    return tl::unexpected(error);
  }
  releaseSlot(s.slot);
  s.slot = -1;
  s.done = true;
  return {};
}

void AtomicOutput::discard() noexcept {
  State& s = *state_;
  if (s.done) return;
  s.done = true;
  if (s.is_stdout) return;
  if (s.fd >= 0) ::close(s.fd);
  s.fd = -1;
  ::unlink(s.temp_path.c_str());
  releaseSlot(s.slot);
  s.slot = -1;
}

}  // namespace wa::tools
