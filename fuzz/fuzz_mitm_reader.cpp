// Fuzz target: the mitmproxy flow reader yields records and ends on any bytes, in small chunks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/capture/mitm_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  wa::capture::ReaderLimits limits;
  limits.max_message_bytes = 4096;
  limits.chunk_bytes = 64;
  auto reader = wa::capture::makeMitmReader(wa::capture::makeMemorySource(bytes), limits);
  wa::capture::CaptureMessage m;
  std::size_t records = 0;
  while (reader->read(m)) {
    if (m.payload.size() > limits.max_message_bytes + 1024) __builtin_trap();
    if (m.error && m.error->offset > size) __builtin_trap();
    if (++records > size + 1) __builtin_trap();
  }
  return 0;
}
