// Stream, file descriptor, memory and prefixed byte sources.
#include "wa/capture/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace wa::capture {
namespace {

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  Expected<std::size_t> read(std::span<char> into) override {
    if (into.empty()) return 0;
    auto* buf = in_.rdbuf();
    if (buf == nullptr || in_.bad()) return makeError(ErrorCode::Io, Stage::Capture, offset_, "input stream is not readable");
    std::streamsize n = 0;
    try {
      n = buf->sgetn(into.data(), static_cast<std::streamsize>(into.size()));
    } catch (...) {
      return makeError(ErrorCode::Io, Stage::Capture, offset_, "reading the input stream failed");
    }
    if (n < 0) n = 0;
    offset_ += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
  }

 private:
  std::istream& in_;
  std::uint64_t offset_ = 0;
};

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned, bool mappable) : fd_(fd), owned_(owned), mappable_(mappable) {}
  ~FdSource() override {
    if (map_ != nullptr) ::munmap(map_, map_size_);
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  Expected<std::size_t> read(std::span<char> into) override {
    for (;;) {
      ssize_t n = ::read(fd_, into.data(), into.size());
      if (n >= 0) {
        offset_ += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno == EINTR) continue;
      return makeError(ErrorCode::Io, Stage::Capture, offset_, fmt::format("read failed: {}", std::strerror(errno)));
    }
  }

  // A regular file of at least kMinMapped bytes, mapped whole and read once from start to end.
  std::optional<std::string_view> borrowAll() override {
    if (!mappable_) return std::nullopt;
    mappable_ = false;
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(kMinMapped) ||
        static_cast<std::uint64_t>(st.st_size) < offset_)
      return std::nullopt;
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (map == MAP_FAILED) return std::nullopt;
    map_ = map;
    map_size_ = size;
    return std::string_view(static_cast<const char*>(map), size);
  }

  void releaseBefore(std::uint64_t offset) override {
    if (map_ == nullptr) return;
    const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t end = std::min<std::uint64_t>(offset, map_size_) / page * page;
    if (end <= released_) return;
    ::madvise(static_cast<char*>(map_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
  }

 private:
  // Smaller files are read: mapping them costs more than the copy it saves.
  static constexpr std::size_t kMinMapped = std::size_t{1} << 20;

  int fd_;
  bool owned_;
  bool mappable_;
  std::uint64_t offset_ = 0;
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::uint64_t released_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  Expected<std::size_t> read(std::span<char> into) override {
    std::size_t n = std::min(into.size(), bytes_.size() - pos_);
    if (n != 0) std::memcpy(into.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string head, std::unique_ptr<ByteSource> rest) : head_(std::move(head)), rest_(std::move(rest)) {}
  Expected<std::size_t> read(std::span<char> into) override {
    if (pos_ < head_.size()) {
      std::size_t n = std::min(into.size(), head_.size() - pos_);
      std::memcpy(into.data(), head_.data() + pos_, n);
      pos_ += n;
      if (pos_ == head_.size()) {
        std::string().swap(head_);  // release the head once replayed
        pos_ = 0;
      }
      return n;
    }
    if (!rest_) return std::size_t{0};
    return rest_->read(into);
  }

  // The head was the first bytes of `rest`: the whole input is rest's.
  std::optional<std::string_view> borrowAll() override {
    auto all = rest_ ? rest_->borrowAll() : std::nullopt;
    if (all) std::string().swap(head_), pos_ = 0;
    return all;
  }
  void releaseBefore(std::uint64_t offset) override {
    if (rest_) rest_->releaseBefore(offset);
  }

 private:
  std::string head_;
  std::unique_ptr<ByteSource> rest_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> makeStreamSource(std::istream& in) { return std::make_unique<StreamSource>(in); }

std::unique_ptr<ByteSource> makeFdSource(int fd, bool owned) { return std::make_unique<FdSource>(fd, owned, /*mappable=*/false); }

std::unique_ptr<ByteSource> makeMemorySource(std::string_view bytes) { return std::make_unique<MemorySource>(bytes); }

std::unique_ptr<ByteSource> makePrefixedSource(std::string head, std::unique_ptr<ByteSource> rest) {
  return std::make_unique<PrefixedSource>(std::move(head), std::move(rest));
}

Expected<std::unique_ptr<ByteSource>> openFileSource(const std::string& path) {
  if (path == "-") return makeFdSource(0, /*owned=*/false);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return makeError(ErrorCode::Io, Stage::Capture, 0, fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(fd, /*owned=*/true, /*mappable=*/true));
}

}  // namespace wa::capture
