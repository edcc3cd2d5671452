// The file wamedia reads: a path or stdin, read in order or at offsets (spooled when it is a pipe).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "wa/crypto/bytes.h"
#include "wa/crypto/media.h"

namespace wa::wamedia {

/// An input opened once. A regular file is seekable and its size known up front; a pipe or terminal
/// is read in order (a pipe's buffer is enlarged to 1 MiB where the kernel allows), and spool() copies it into an unlinked temporary file under $TMPDIR (or /tmp)
/// when an operation needs two passes, so memory stays constant whatever the size. Errors are
/// "<name>: <system error>" strings (I/O errors). Not thread-safe; movable.
class EncryptedInput {
 public:
  /// Opens a path, or standard input for "" and "-".
  static tl::expected<EncryptedInput, std::string> open(const std::string& path);
  ~EncryptedInput();
  EncryptedInput(EncryptedInput&&) noexcept;
  EncryptedInput& operator=(EncryptedInput&&) noexcept;

  /// "<stdin>" or the path, for diagnostics.
  [[nodiscard]] const std::string& name() const noexcept;
  [[nodiscard]] bool seekable() const noexcept;
  /// The size of a seekable input; for a pipe, the bytes read so far once read() returned 0.
  [[nodiscard]] std::optional<std::uint64_t> size() const noexcept;
  /// The first bytes (up to 64) of the input, for diagnoseMedia: known after open() for a seekable
  /// input, after the first read() otherwise.
  [[nodiscard]] crypto::ByteView head() const noexcept;

  /// Reads the next bytes in order into `buffer`; 0 at the end.
  tl::expected<std::size_t, std::string> read(std::span<std::uint8_t> buffer);
  /// Starts reading in order from the beginning again (seekable inputs only).
  tl::expected<void, std::string> rewind();
  /// Makes a pipe seekable by copying what is left of it into a temporary file; nothing for a
  /// seekable input. Call before any read(). `progress` is told the bytes copied so far.
  tl::expected<void, std::string> spool(const std::function<void(std::uint64_t)>& progress = {});
  /// Reads at offsets of a seekable input: Io on a system error, Truncated when the file ends first.
  [[nodiscard]] crypto::ReadAt readAt() const;

 private:
  EncryptedInput() = default;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wa::wamedia
