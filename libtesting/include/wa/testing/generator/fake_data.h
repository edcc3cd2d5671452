// Made-up but realistic-looking people, numbers, words and bytes for the corpus (no real data).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wa::testing {

/// Deterministic PRNG (splitmix64): the same seed gives the same corpus on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n); 0 when n is 0.
  std::size_t below(std::size_t n) noexcept { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  /// Uniform in [lo, hi].
  std::size_t between(std::size_t lo, std::size_t hi) noexcept { return lo + below(hi - lo + 1); }
  bool chance(unsigned percent) noexcept { return below(100) < percent; }
  std::string bytes(std::size_t n);

 private:
  std::uint64_t state_;
};

/// A phone number in the fictional 555-01xx style range, e.g. "15550142317".
std::string fakePhone(Random& rng);
/// "15550142317@c.us"
std::string fakeUserJid(Random& rng);
/// "15550142317-1589356438@g.us"
std::string fakeGroupJid(Random& rng, std::uint64_t now);
/// A first name, or first and last name.
std::string fakeName(Random& rng, bool with_last_name);
/// A sentence of `words` words with capital and punctuation; sometimes with an emoji.
std::string fakeSentence(Random& rng, std::size_t words);
/// A message id as the web client makes them: "3EB0" + 16 uppercase hex digits.
std::string fakeMessageId(Random& rng);
/// A message id as phones make them: 32 uppercase hex digits.
std::string fakePhoneMessageId(Random& rng);
/// Bytes that start like a JPEG (SOI, JFIF APP0) followed by noise, `n` bytes in all.
std::string fakeJpeg(Random& rng, std::size_t n);
/// A vCard 3.0 for a fake person.
std::string fakeVcard(Random& rng, const std::string& name);
/// A made-up https URL on an example domain.
std::string fakeUrl(Random& rng);

}  // namespace wa::testing
