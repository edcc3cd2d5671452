// Fuzz target: the streaming HAR reader yields records and ends on any bytes, in small chunks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/capture/har_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  wa::capture::ReaderLimits limits;
  limits.max_message_bytes = 4096;
  limits.chunk_bytes = 64;  // token boundaries meet chunk boundaries
  limits.max_depth = 32;
  auto reader = wa::capture::makeHarReader(wa::capture::makeMemorySource(bytes), limits);
  wa::capture::CaptureMessage m;
  std::size_t records = 0;
  while (reader->read(m)) {
    if (m.payload.size() > limits.max_message_bytes) __builtin_trap();
    if (m.error && m.error->offset > size) __builtin_trap();  // offsets stay inside the input
    if (++records > size + 1) __builtin_trap();                // every record consumes input
  }
  return 0;
}
