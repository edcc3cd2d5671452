// Masking and close payloads (RFC 6455 §5.3, §5.5.1).
#include "wa/capture/ws/frame.h"

#include <cstring>

namespace wa::capture {

std::size_t copyMasked(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const MaskKey& key,
                       std::size_t phase) noexcept {
  phase &= 3;
  std::uint8_t pattern[8];
  for (std::size_t i = 0; i < 8; ++i) pattern[i] = key[(phase + i) & 3];
  std::uint64_t k64 = 0;
  std::memcpy(&k64, pattern, 8);
  std::size_t i = 0;
  // 8 bytes at a time: the key pattern repeats every 4 bytes, so an 8-byte word keeps its phase.
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, src + i, 8);
    w ^= k64;
    std::memcpy(dst + i, &w, 8);
  }
  for (; i < n; ++i) dst[i] = static_cast<std::uint8_t>(src[i] ^ pattern[i & 7]);
  return (phase + n) & 3;
}

Expected<ClosePayload> parseClosePayload(ByteView payload) {
  ClosePayload out;
  if (payload.empty()) return out;
  if (payload.size() == 1)
    return makeError(ErrorCode::Invalid, Stage::WebSocket, 0, "close payload of 1 byte (a status code needs 2)");
  out.code = static_cast<std::uint16_t>(payload[0] << 8 | payload[1]);
  out.reason = asChars(payload.subspan(2));
  return out;
}

std::string makeClosePayload(std::uint16_t code, std::string_view reason) {
  std::string out;
  out.reserve(2 + reason.size());
  out.push_back(static_cast<char>(code >> 8));
  out.push_back(static_cast<char>(code & 0xff));
  out.append(reason);
  return out;
}

bool isValidCloseCode(std::uint16_t code) noexcept {
  if (code >= 3000 && code <= 4999) return true;
  if (code >= 1000 && code <= 1003) return true;
  return code >= 1007 && code <= 1014;
}

}  // namespace wa::capture
