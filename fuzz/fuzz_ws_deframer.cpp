// Fuzz target: the WebSocket deframer and inflater on arbitrary bytes fed in arbitrary chunks.
// Byte 0 picks the options (mask policy, RSV1, context takeover, a gap), byte 1 the chunk size.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wa/capture/ws/deframer.h"
#include "wa/capture/ws/permessage_deflate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wa::capture;
  if (size < 2) return 0;
  WsDeframerOptions options;
  options.mask = static_cast<MaskPolicy>(data[0] % 3);
  options.allow_rsv1 = (data[0] & 4) != 0;
  options.max_message_size = 1 << 16;
  const std::size_t chunk = data[1] % 64 + 1;
  WsDeframer deframer(options);
  Inflater inflater((data[0] & 8) != 0, 1 << 20);
  std::vector<WsMessage> out;
  for (std::size_t at = 2; at < size; at += chunk) {
    deframer.feed(ByteView(data + at, std::min(chunk, size - at)), WsChunkInfo{0, at}, out);
    if ((data[0] & 16) != 0 && at == 2) deframer.skip(data[1] % 7 + 1, WsChunkInfo{}, out);
  }
  deframer.finish(WsChunkInfo{}, out);
  for (const WsMessage& m : out) {
    if (m.stream_offset > size + 8 || m.payload.size() > options.max_message_size) __builtin_trap();
    if (!m.error && m.compressed) (void)inflater.inflate(asBytes(m.payload));
  }
  return 0;
}
