// An output file that appears under its name only once committed (write, verify, rename), or stdout.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace wa::tools {

/// Writes to a temporary file in the destination's folder (".NAME.XXXXXX", mode 0600 while being
/// written) and renames it over NAME on commit(), so a reader never sees a partial or unverified
/// file. Without commit() the temporary file is removed (destructor, discard(), and SIGINT, SIGTERM
/// or SIGHUP while one is open). Standard output ("" or "-") is written through directly and cannot
/// be taken back; when it is a pipe, its buffer is enlarged to 1 MiB where the kernel allows.
/// Writes are unbuffered: callers write large pieces. Not thread-safe; movable.
class AtomicOutput {
 public:
  /// Fails with "<path>: <system error>" when the folder is not writable.
  static tl::expected<AtomicOutput, std::string> open(const std::string& path);
  ~AtomicOutput();
  AtomicOutput(AtomicOutput&&) noexcept;
  AtomicOutput& operator=(AtomicOutput&&) noexcept;

  [[nodiscard]] bool isStdout() const noexcept;
  /// The final name ("<stdout>" for standard output).
  [[nodiscard]] const std::string& name() const noexcept;
  [[nodiscard]] std::uint64_t bytesWritten() const noexcept;

  /// Writes everything (retrying short writes); fails with "<name>: <system error>".
  tl::expected<void, std::string> write(std::span<const std::uint8_t> bytes);
  tl::expected<void, std::string> write(std::string_view text);
  /// Gives the file the usual permissions (0666 less the umask), closes it and renames it into place;
  /// for stdout, flushes. Fails on a close or rename error, and the temporary file is removed.
  tl::expected<void, std::string> commit();
  /// Removes the temporary file (nothing for stdout). Idempotent.
  void discard() noexcept;

 private:
  AtomicOutput() = default;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wa::tools
