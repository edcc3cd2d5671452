// Fuzz target: hmacSha256Many gives each job the MAC hmacSha256 gives it, on every backend, for
// any number of jobs of any lengths at any offsets (the input is cut into messages by its bytes).
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "wa/crypto/hmac_many.h"
#include "wa/crypto/primitives.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wa::crypto;
  if (size < 2) return 0;
  // Two keys from the first bytes; then each message's length from one byte (times a stride the
  // second byte picks, up to a few kilobytes), its bytes from the rest of the input, wrapping.
  const ByteView input(data, size);
  const Bytes key_a(data, data + std::min<std::size_t>(size, 1 + data[0] % 80));  // up to 80: longer than a block
  const Bytes key_b(data, data + 1);
  const HmacSha256Key keys[2] = {prepareHmacSha256Key(key_a), prepareHmacSha256Key(key_b)};
  const std::size_t stride = 1 + data[1] % 64;
  std::vector<ByteView> messages;
  std::size_t at = 2;
  for (std::size_t i = 2; i < size && messages.size() < 64; ++i) {
    const std::size_t length = data[i] * stride % (size + 1);
    const std::size_t start = at % size;
    messages.push_back(input.subspan(start, std::min(length, size - start)));
    at += 7;
  }
  std::vector<Sha256Digest> macs(messages.size());
  std::vector<HmacSha256Job> jobs;
  for (std::size_t i = 0; i < messages.size(); ++i) jobs.push_back({&keys[i % 2], messages[i], &macs[i]});
  for (HmacManyBackend backend : {HmacManyBackend::Auto, HmacManyBackend::OneByOne, HmacManyBackend::Lanes16}) {
    macs.assign(macs.size(), Sha256Digest{});
    hmacSha256Many(jobs, backend);
    for (std::size_t i = 0; i < messages.size(); ++i)
      if (macs[i] != hmacSha256(i % 2 == 0 ? ByteView(key_a) : ByteView(key_b), messages[i])) std::abort();
  }
  return 0;
}
