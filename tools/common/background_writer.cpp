// A producer/consumer pair of buffer queues around one writer thread.
#include "common/background_writer.h"

#include <algorithm>

#include "wa/crypto/bytes.h"

namespace wa::tools {

BackgroundWriter::BackgroundWriter(AtomicOutput& out, std::size_t buffer_size, std::size_t depth)
    : out_(out), buffers_(depth < 2 ? 2 : depth, std::vector<std::uint8_t>(buffer_size)) {
  for (std::size_t i = 0; i < buffers_.size(); ++i) free_.push_back(i);
  thread_ = std::thread([this] { run(); });
}

BackgroundWriter::~BackgroundWriter() { (void)finish(); }

tl::expected<std::span<std::uint8_t>, std::string> BackgroundWriter::acquire() {
  std::unique_lock lock(mutex_);
  if (held_ != SIZE_MAX) {  // acquired twice without a submit: the old one goes back
    free_.push_back(held_);
    held_ = SIZE_MAX;
  }
  changed_.wait(lock, [&] { return !free_.empty() || !error_.empty(); });
  if (!error_.empty()) return tl::unexpected(error_);
  held_ = free_.back();
  free_.pop_back();
  return std::span<std::uint8_t>(buffers_[held_]);
}

void BackgroundWriter::submit(std::size_t used) {
  std::lock_guard lock(mutex_);
  if (held_ == SIZE_MAX) return;
  if (used == 0 || !error_.empty()) free_.push_back(held_);
  else queued_.push_back({held_, std::min(used, buffers_[held_].size())});
  held_ = SIZE_MAX;
  changed_.notify_all();
}

tl::expected<void, std::string> BackgroundWriter::finish() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) {
    thread_.join();
    for (auto& buffer : buffers_) crypto::secureWipe(buffer);  // also unsent ones
  }
  if (!error_.empty()) return tl::unexpected(error_);
  return {};
}

void BackgroundWriter::run() {
  for (;;) {
    Piece piece{};
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queued_.empty() || stopping_; });
      if (queued_.empty()) return;  // stopping, and everything is written
      piece = queued_.front();
      queued_.pop_front();
    }
    std::vector<std::uint8_t>& buffer = buffers_[piece.buffer];
    auto ok = out_.write(std::span<const std::uint8_t>(buffer.data(), piece.used));
    crypto::secureWipe(crypto::MutableByteView(buffer.data(), piece.used));
    std::lock_guard lock(mutex_);
    free_.push_back(piece.buffer);
    if (!ok && error_.empty()) {
      error_ = ok.error();
      for (const Piece& dropped : queued_) free_.push_back(dropped.buffer);
      queued_.clear();
    }
    changed_.notify_all();
  }
}

}  // namespace wa::tools
