// Random node trees for property tests: every generated tree is canonical for the style it is
// made for, so decode(encode(n, style)) == n must hold.
#pragma once

#include <cstdint>
#include <string>

#include "wa/codec/node/encoder.h"
#include "wa/codec/node/node.h"

namespace wa::testing {

/// A small deterministic PRNG (xorshift64*), the same sequence on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  std::uint64_t next() noexcept {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ull;
  }
  /// Uniform in [0, n).
  std::size_t below(std::size_t n) noexcept { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) noexcept { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

struct RandomNodeOptions {
  codec::EncodeStyle style = codec::EncodeStyle::Server;
  std::size_t max_depth = 5;
  std::size_t max_children = 6;
  /// Percent chance that a node gets an unusually large list (256+ children) or string (256+ bytes).
  unsigned large_percent = 2;
};

/// A random string of one of the shapes the wire packs differently: tokens, digits, hex, JIDs,
/// text, empty, binary with any byte value.
std::string randomString(Rng& rng, const RandomNodeOptions& options);

/// A random tree that round-trips exactly under `options.style`.
codec::Node randomNode(Rng& rng, const RandomNodeOptions& options, std::size_t depth = 1);

}  // namespace wa::testing
