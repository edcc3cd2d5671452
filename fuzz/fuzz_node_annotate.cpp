// Fuzz target: the node annotator on arbitrary bytes must agree with the decoder and cover the input.
#include <cstddef>
#include <cstdint>

#include "wa/codec/view/annotate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wa::codec::DecodeLimits limits;
  limits.max_depth = 32;
  const wa::codec::ByteView bytes(data, size);
  const auto annotation = wa::codec::annotateNode(bytes, limits);
  const auto decoded = wa::codec::decodeNode(bytes, limits);
  if (decoded.has_value() == annotation.error.has_value()) __builtin_trap();  // validity must agree
  std::size_t end = 0;
  for (const auto& item : annotation.items) {
    if (item.offset != end || item.size == 0) __builtin_trap();  // contiguous, no empty runs
    end = item.offset + item.size;
  }
  if (decoded && end != size) __builtin_trap();                            // a valid node is covered
  if (!decoded && end > decoded.error().offset) __builtin_trap();          // nothing past the failure
  (void)wa::codec::formatAnnotation(bytes, annotation);
  return 0;
}
