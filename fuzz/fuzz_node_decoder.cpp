// Fuzz target: the binary node decoder on arbitrary bytes must fail cleanly or succeed.
#include <cstddef>
#include <cstdint>

#include "wa/codec/node/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wa::codec::DecodeLimits limits;
  limits.max_depth = 32;
  auto node = wa::codec::decodeNode(wa::codec::ByteView(data, size), limits);
  if (!node && node.error().offset > size) __builtin_trap();  // offsets stay inside the input
  return 0;
}
