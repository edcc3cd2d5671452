// Where capture readers get their bytes: a stream, a file descriptor or memory, read in chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wa/capture/error.h"

namespace wa::capture {

/// A forward-only byte input. Readers pull from it in chunks and never seek, so pipes work.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Fills up to `into.size()` bytes and returns how many; 0 means end of input.
  /// Fails with ErrorCode::Io (stage Capture) when the underlying read fails.
  virtual Expected<std::size_t> read(std::span<char> into) = 0;

  /// All of the input, from the first byte read() gave, in memory that stays valid while the
  /// source lives, for readers that would otherwise copy it chunk by chunk; nullopt when the source
  /// cannot give that (a pipe, a stream, memory that tests feed in chunks). Only a regular file
  /// opened by openFileSource() does: it maps the file (which must not shrink meanwhile). After a
  /// successful call read() is not to be called again.
  virtual std::optional<std::string_view> borrowAll() { return std::nullopt; }
  /// The caller of borrowAll() no longer looks at the bytes before `offset`: a mapped file gives
  /// their pages back (they stay readable), so that memory follows the part in use, not the file.
  virtual void releaseBefore(std::uint64_t offset) { (void)offset; }
};

/// Reads from `in` (binary); `in` must outlive the source.
std::unique_ptr<ByteSource> makeStreamSource(std::istream& in);

/// Reads from the file descriptor `fd`, retrying on EINTR; closes it on destruction when `owned`.
std::unique_ptr<ByteSource> makeFdSource(int fd, bool owned = false);

/// Reads from memory without copying it up front; `bytes` must outlive the source.
std::unique_ptr<ByteSource> makeMemorySource(std::string_view bytes);

/// Replays `head` (bytes already taken from `rest`) and then reads on from `rest`.
std::unique_ptr<ByteSource> makePrefixedSource(std::string head, std::unique_ptr<ByteSource> rest);

/// Opens `path` for reading ("-" is standard input). Fails with ErrorCode::Io and the system's reason.
Expected<std::unique_ptr<ByteSource>> openFileSource(const std::string& path);

}  // namespace wa::capture
