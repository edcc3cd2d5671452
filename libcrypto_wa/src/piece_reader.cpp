// Read-ahead of a file in pieces on a second thread.
#include "piece_reader.h"

#include <algorithm>
#include <system_error>

namespace wa::crypto::detail {

PieceReader::PieceReader(ReadAt read_at, std::uint64_t file_size, std::size_t piece_size, Prepare prepare,
                         std::size_t depth)
    : read_at_(std::move(read_at)),
      prepare_(std::move(prepare)),
      file_size_(file_size),
      piece_size_(std::max<std::size_t>(piece_size, 1)),
      pieces_(static_cast<std::size_t>((file_size + piece_size_ - 1) / piece_size_)) {
  buffers_.resize(pieces_ <= 1 ? pieces_ : std::max<std::size_t>(depth, 2));
  for (support::ReadBuffer& b : buffers_) b.resize(static_cast<std::size_t>(std::min<std::uint64_t>(piece_size_, file_size_)));
  if (pieces_ <= 1) return;
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error&) {
    // No thread: next() reads each piece in turn.
  }
}

PieceReader::~PieceReader() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

MutableByteView PieceReader::piece(std::size_t index) noexcept {
  const std::uint64_t offset = static_cast<std::uint64_t>(index) * piece_size_;
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(piece_size_, file_size_ - offset));
  return MutableByteView(buffers_[index % buffers_.size()].data(), n);
}

std::optional<Error> PieceReader::produce(std::size_t index) {
  const MutableByteView bytes = piece(index);
  if (auto ok = read_at_(static_cast<std::uint64_t>(index) * piece_size_, bytes); !ok) return ok.error();
  if (prepare_) {
    if (auto ok = prepare_(index, bytes); !ok) return ok.error();
  }
  return std::nullopt;
}

void PieceReader::run() {
  for (std::size_t index = 0; index < pieces_; ++index) {
    {
      // The consumer may still use piece consumed_ - 1, so piece `index` may take its buffer
      // (that of piece index - depth) only once index < consumed_ - 1 + depth.
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || index + 1 < consumed_ + buffers_.size(); });
      if (stopping_) return;
    }
    std::optional<Error> failed = produce(index);
    const bool stop = failed.has_value();
    {
      std::lock_guard lock(mutex_);
      if (stop) {
        error_ = std::move(failed);
      } else {
        ++produced_;
      }
    }
    changed_.notify_all();
    if (stop) return;
  }
}

Expected<ByteView> PieceReader::next() {
  if (!thread_.joinable()) {
    if (error_) return tl::unexpected(*error_);
    if (consumed_ == pieces_) return ByteView();
    if (auto failed = produce(consumed_); failed) {
      error_ = std::move(failed);
      return tl::unexpected(*error_);
    }
    return piece(consumed_++);
  }
  std::unique_lock lock(mutex_);
  if (consumed_ == pieces_) return ByteView();
  const std::size_t index = consumed_;
  ++consumed_;  // gives back the buffer of piece index - 1
  changed_.notify_all();
  changed_.wait(lock, [&] { return produced_ > index || error_.has_value(); });
  if (produced_ <= index) {
    consumed_ = index;  // stays at the failed piece: every later call fails the same way
    return tl::unexpected(*error_);
  }
  return piece(index);
}

}  // namespace wa::crypto::detail
