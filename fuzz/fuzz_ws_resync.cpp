// Fuzz target: the deframer's hunt for frame boundaries after a loss or an unknown start.
// Byte 0 picks the options (mask policy, RSV1, the protocol's payload check, an unknown start),
// byte 1 where a gap falls (in 256ths of the stream), byte 2 its length; the rest is the stream,
// fed in chunks of 1 to 64 bytes. Messages must come out in stream order and within the limits.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wa/codec/frame/frame.h"
#include "wa/capture/ws/deframer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wa::capture;
  if (size < 4) return 0;
  WsDeframerOptions options;
  options.mask = static_cast<MaskPolicy>(data[0] % 3);
  options.allow_rsv1 = (data[0] & 4) != 0;
  options.max_message_size = 1 << 16;
  options.hunt_window = 4096;
  if ((data[0] & 8) != 0) {
    options.check_payload = [](Opcode op, ByteView payload, bool complete) {
      const auto r = looksLikeFrameStart(op, asChars(payload), complete);
      return !r ? FrameCheck::Unknown : *r ? FrameCheck::Pass : FrameCheck::Fail;
    };
  }
  WsDeframer deframer(options);
  if ((data[0] & 16) != 0) deframer.startUnknown("stream start not captured");
  const std::uint8_t* stream = data + 3;
  const std::size_t n = size - 3;
  const std::size_t gap_at = n * data[1] / 256;
  const std::size_t chunk = (data[0] >> 5) * 9 + 1;
  std::vector<WsMessage> out;
  for (std::size_t at = 0; at < n;) {
    if (at == gap_at && data[2] != 0) deframer.skip(data[2], WsChunkInfo{0, at}, out);
    const std::size_t end = std::min({n, at + chunk, at < gap_at ? gap_at : n});
    deframer.feed(ByteView(stream + at, end - at), WsChunkInfo{0, at}, out);
    at = end;
  }
  deframer.finish(WsChunkInfo{}, out);
  std::uint64_t last = 0;
  for (const WsMessage& m : out) {
    if (m.payload.size() > options.max_message_size) __builtin_trap();
    if (m.stream_offset > n + 255 || m.stream_offset < last) __builtin_trap();
    if (!isControl(m.op)) last = m.stream_offset;
  }
  return 0;
}
