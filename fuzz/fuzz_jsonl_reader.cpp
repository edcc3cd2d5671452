// Fuzz target: capture JSONL reader on any bytes; every record it yields must survive a write/read trip.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "wa/capture/jsonl_reader.h"
#include "wa/capture/jsonl_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wa::capture;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReaderLimits limits;
  limits.chunk_bytes = 64;
  auto reader = makeJsonlReader(makeMemorySource(bytes), limits);
  CaptureMessage m;
  while (reader->read(m)) {
    if (m.error) continue;
    std::string line = toCaptureJsonl(m);
    auto again = makeJsonlReader(makeMemorySource(line))->next();
    if (!again || again->error || again->payload != m.payload || again->conn != m.conn || again->op != m.op ||
        again->dir != m.dir)
      __builtin_trap();
  }
  return 0;
}
