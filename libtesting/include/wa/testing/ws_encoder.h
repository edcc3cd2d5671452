// RFC 6455 frame encoder (masking, fragmentation, permessage-deflate) for tests, benchmarks and the
// corpus generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/error.h"
#include "wa/capture/message.h"
#include "wa/capture/ws/frame.h"
#include "wa/capture/ws/permessage_deflate.h"

namespace wa::testing {

using capture::Deflater;
using capture::MaskKey;
using codec::Opcode;
using support::asBytes;
using support::ByteView;


/// Appends one frame to `out`: header (shortest length form) and payload, XORed with `mask` when
/// given. Does not check RFC rules, so tests can also build invalid frames.
void appendFrame(std::string& out, Opcode op, ByteView payload, bool fin = true, bool rsv1 = false,
                 const std::optional<MaskKey>& mask = std::nullopt);

struct WsEncoderOptions {
  /// Mask every frame (what a client must do). Keys come from `fixed_mask` if set, otherwise from
  /// a deterministic generator seeded with `mask_seed`.
  bool mask = false;
  std::optional<MaskKey> fixed_mask{};
  std::uint32_t mask_seed = 0x5eed;
  /// Split data messages into frames of at most this many payload bytes (0: one frame).
  std::size_t fragment_size = 0;
  /// Compress data messages with permessage-deflate (RSV1 on the first frame).
  bool deflate = false;
  bool no_context_takeover = false;  ///< this sender's *_no_context_takeover
  int window_bits = 15;              ///< this sender's *_max_window_bits
};

/// Encodes the messages of one direction. Deterministic for given options and inputs.
class WsEncoder {
 public:
  explicit WsEncoder(WsEncoderOptions options = {});

  /// The frames of one message, one string each (so tests can interleave control frames).
  /// Control opcodes are never fragmented or compressed; text and binary follow the options.
  /// `compress` overrides options.deflate for this message (only meaningful when deflate is on:
  /// a message sent uncompressed still advances nothing in the compressor).
  std::vector<std::string> encodeFrames(Opcode op, ByteView payload, std::optional<bool> compress = std::nullopt);
  /// The frames of one message, concatenated.
  std::string encode(Opcode op, ByteView payload, std::optional<bool> compress = std::nullopt);
  std::string encodeText(std::string_view text) { return encode(Opcode::Text, asBytes(text)); }
  std::string encodeBinary(ByteView bytes) { return encode(Opcode::Binary, bytes); }
  /// A close frame with a status code and reason.
  std::string encodeClose(std::uint16_t code, std::string_view reason = {});

  /// The key the next masked frame will use (advances the generator).
  MaskKey nextMaskKey();

 private:
  WsEncoderOptions options_;
  std::optional<Deflater> deflater_;
  std::uint32_t rng_;
};

}  // namespace wa::testing
