// Frame encoding (RFC 6455 §5.2) with optional masking, fragmentation and compression.
#include "wa/testing/ws_encoder.h"

namespace wa::testing {

void appendFrame(std::string& out, Opcode op, ByteView payload, bool fin, bool rsv1, const std::optional<MaskKey>& mask) {
  const std::uint64_t len = payload.size();
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | static_cast<std::uint8_t>(op)));
  const std::uint8_t mask_bit = mask ? 0x80 : 0;
  if (len < 126) {
    out.push_back(static_cast<char>(mask_bit | len));
  } else if (len <= 0xffff) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(len >> 8));
    out.push_back(static_cast<char>(len & 0xff));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  }
  if (!mask) {
    out.append(reinterpret_cast<const char*>(payload.data()), payload.size());
    return;
  }
  out.append(reinterpret_cast<const char*>(mask->data()), 4);
  const std::size_t old = out.size();
  out.resize(old + payload.size());
  capture::copyMasked(reinterpret_cast<std::uint8_t*>(out.data()) + old, payload.data(), payload.size(), *mask, 0);
}

WsEncoder::WsEncoder(WsEncoderOptions options) : options_(options), rng_(options.mask_seed == 0 ? 1 : options.mask_seed) {
  if (options_.deflate) deflater_.emplace(options_.no_context_takeover, options_.window_bits);
}

MaskKey WsEncoder::nextMaskKey() {
  if (options_.fixed_mask) return *options_.fixed_mask;
  // xorshift32: deterministic, not secret (masking keys only need to vary in captures we make).
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 17;
  rng_ ^= rng_ << 5;
  return MaskKey{static_cast<std::uint8_t>(rng_ >> 24), static_cast<std::uint8_t>(rng_ >> 16),
                 static_cast<std::uint8_t>(rng_ >> 8), static_cast<std::uint8_t>(rng_)};
}

std::vector<std::string> WsEncoder::encodeFrames(Opcode op, ByteView payload, std::optional<bool> compress) {
  std::vector<std::string> frames;
  auto maskKey = [&]() -> std::optional<MaskKey> {
    if (!options_.mask) return std::nullopt;
    return nextMaskKey();
  };
  if (capture::isControl(op)) {
    frames.emplace_back();
    appendFrame(frames.back(), op, payload, true, false, maskKey());
    return frames;
  }
  const bool compressed = deflater_.has_value() && compress.value_or(true);
  std::string deflated;
  ByteView body = payload;
  if (compressed) {
    deflated = deflater_->deflate(payload);
    body = asBytes(deflated);
  }
  const std::size_t step = options_.fragment_size == 0 ? body.size() : options_.fragment_size;
  std::size_t at = 0;
  bool first = true;
  do {
    const std::size_t n = std::min(step, body.size() - at);
    const bool fin = at + n == body.size();
    frames.emplace_back();
    appendFrame(frames.back(), first ? op : Opcode::Continuation, body.subspan(at, n), fin, first && compressed,
                maskKey());
    at += n;
    first = false;
  } while (at < body.size());
  return frames;
}

std::string WsEncoder::encode(Opcode op, ByteView payload, std::optional<bool> compress) {
  std::string out;
  for (auto& f : encodeFrames(op, payload, compress)) out += f;
  return out;
}

std::string WsEncoder::encodeClose(std::uint16_t code, std::string_view reason) {
  const std::string body = capture::makeClosePayload(code, reason);
  return encode(Opcode::Close, asBytes(body));
}

}  // namespace wa::testing
