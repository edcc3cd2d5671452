// Private: walking a buffer another core just filled without waiting on it line by line.
#pragma once

#include <algorithm>
#include <cstddef>

#include "wa/crypto/bytes.h"

namespace wa::crypto::detail {

/// Slices of 2 KiB: a few dozen cache lines in flight, well inside L1.
inline constexpr std::size_t kPrefetchSlice = 2048;

/// Calls `consume(ByteView)` on consecutive slices of `bytes` (the last one shorter), having asked
/// the CPU to fetch each slice one slice ahead of its use. The hardware prefetcher stops at every
/// 4 KiB page, so a piece that a second thread copied out of the page cache otherwise reaches this
/// core one cache-line miss at a time: SHA-256 over such a piece runs ~30% slower than over bytes
/// this core wrote. Only a hint: the bytes consumed are exactly `bytes`.
template <class Consume>
void consumePrefetched(ByteView bytes, Consume&& consume) {
  const auto prefetch = [&](std::size_t from) {
    const std::size_t to = std::min(bytes.size(), from + kPrefetchSlice);
    for (std::size_t at = from; at < to; at += 64) __builtin_prefetch(bytes.data() + at, 0, 3);
  };
  prefetch(0);
  for (std::size_t at = 0; at < bytes.size(); at += kPrefetchSlice) {
    prefetch(at + kPrefetchSlice);
    consume(bytes.subspan(at, std::min(kPrefetchSlice, bytes.size() - at)));
  }
}

}  // namespace wa::crypto::detail
