// Chunked reading with compaction, and line finding for the line-based readers.
#include "chunk_buffer.h"

#include <algorithm>
#include <cstring>

namespace wa::capture::detail {

ChunkBuffer::ChunkBuffer(std::unique_ptr<ByteSource> source, std::size_t chunk_bytes)
    : source_(std::move(source)), chunk_(std::max<std::size_t>(chunk_bytes, 16)) {}  // buf_: at the first fill() that reads

// True when the borrowed input holds bytes past those read so far.
bool ChunkBuffer::borrow() {
  tried_borrow_ = true;
  const auto all = source_->borrowAll();
  const std::uint64_t held_end = base_ + end_;
  if (!all || all->size() < held_end) return false;
  // The bytes held so far are the borrowed input's [base_, base_ + end_): go on from the cursor.
  window_ = all->data();
  pos_ += static_cast<std::size_t>(base_);
  end_ = all->size();
  base_ = 0;
  exhausted_ = true;
  buf_ = support::ReadBuffer();
  release_at_ = pos_ + kReleaseStep;
  return end_ > held_end;
}

void ChunkBuffer::releaseBehind() noexcept {
  source_->releaseBefore(pos_);
  release_at_ = pos_ + kReleaseStep;
}

bool ChunkBuffer::fill() {
  if (!tried_borrow_ && borrow()) return pos_ < end_;
  if (exhausted_) return false;
  if (buf_.size() - end_ < chunk_ / 2) {
    // Move the unconsumed bytes to the front, then grow only if they fill most of the buffer.
    // Each byte keeps its input offset's place modulo the buffer's alignment (base_ stays a
    // multiple of it), so that the kernel copies each read to where it copies fast (ReadBuffer).
    const std::size_t from = pos_ - pos_ % support::ReadBuffer::kAlignment;
    if (from != 0) {
      std::memmove(buf_.chars(), buf_.chars() + from, end_ - from);
      base_ += from;
      end_ -= from;
      pos_ -= from;
    }
    if (buf_.size() - end_ < chunk_ / 2) buf_.resize(end_ + chunk_);
    window_ = buf_.chars();
  }
  auto n = source_->read(std::span<char>(buf_.chars() + end_, buf_.size() - end_));
  if (!n) {
    io_error_ = std::move(n.error());
    io_error_->offset = base_ + end_;
    exhausted_ = true;
    return false;
  }
  if (*n == 0) {
    exhausted_ = true;
    return false;
  }
  end_ += *n;
  return true;
}

bool ChunkBuffer::ensure(std::size_t n) {
  while (size() < n)
    if (!fill()) return false;
  return true;
}

bool ChunkBuffer::atEnd() { return size() == 0 && !fill(); }

std::optional<ChunkBuffer::Line> ChunkBuffer::findLine(std::size_t max_line, bool& too_long) {
  too_long = false;
  std::size_t scanned = 0;
  for (;;) {
    const char* p = data();
    std::size_t limit = std::min(size(), max_line + 1);
    if (const void* nl = std::memchr(p + scanned, '\n', limit - scanned))
      return Line{static_cast<std::size_t>(static_cast<const char*>(nl) - p), true};
    scanned = limit;
    if (size() > max_line) {
      too_long = true;
      return std::nullopt;
    }
    if (!fill()) {
      if (size() == 0) return std::nullopt;
      return Line{size(), false};
    }
  }
}

void ChunkBuffer::skipLine() {
  for (;;) {
    if (const void* nl = std::memchr(data(), '\n', size())) {
      consume(static_cast<std::size_t>(static_cast<const char*>(nl) - data()) + 1);
      return;
    }
    consumeAll();
    if (!fill()) return;
  }
}

}  // namespace wa::capture::detail
