// Fuzz target: node JSON text must fail cleanly or read back to the same node after writing it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/codec/view/node_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  wa::codec::NodeJsonReadOptions limits;
  limits.max_depth = 32;
  auto node = wa::codec::nodeFromJson(text, limits);
  if (!node) {
    if (node.error().offset > size) __builtin_trap();  // offsets stay inside the input
    return 0;
  }
  for (bool pretty : {false, true}) {
    wa::codec::NodeJsonWriteOptions options;
    options.pretty = pretty;
    auto again = wa::codec::nodeFromJson(wa::codec::nodeToJson(*node, options), limits);
    if (!again || *again != *node) __builtin_trap();  // lossless both ways
  }
  return 0;
}
