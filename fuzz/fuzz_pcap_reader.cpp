// Fuzz target: the pcap/pcapng reader (libpcap, packet decoding, TCP, WebSocket) on arbitrary files.
#include <cstddef>
#include <cstdint>

#include "wa/capture/pcap_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wa::capture::PcapReaderOptions options;
  options.max_message_size = 1 << 16;
  options.max_inflated_size = 1 << 18;
  options.max_buffered_per_direction = 1 << 16;
  options.max_connections = 16;
  auto reader = wa::capture::PcapReader::openMemory(wa::codec::ByteView(data, size), options);
  if (!reader) return 0;
  wa::capture::CaptureMessage m;
  while ((*reader)->read(m)) {
    // Offsets point into the input (unless the reader fell back to frame numbers).
    if (!(*reader)->offsetsAreFrameNumbers() && m.source_offset > size) __builtin_trap();
  }
  return 0;
}
