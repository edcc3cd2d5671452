// RFC 6455 frame-level basics shared by the deframer and the encoder: masking and close payloads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wa/capture/error.h"
#include "wa/capture/message.h"

namespace wa::capture {

/// The 4-byte masking key of a client frame (RFC 6455 §5.3).
using MaskKey = std::array<std::uint8_t, 4>;

/// Largest payload of a control frame (close, ping, pong), RFC 6455 §5.5.
inline constexpr std::size_t kMaxControlPayload = 125;

/// True for close, ping and pong.
constexpr bool isControl(Opcode op) noexcept { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }

/// Writes `src` XOR `key` to `dst` (`n` bytes each, may be the same buffer), starting at key byte
/// `phase` (0..3). Returns the key phase for the byte after the last one.
std::size_t copyMasked(std::uint8_t* dst, const std::uint8_t* src, std::size_t n, const MaskKey& key,
                       std::size_t phase) noexcept;

/// Status code and reason of a close frame (RFC 6455 §5.5.1). An empty payload has no code.
struct ClosePayload {
  std::optional<std::uint16_t> code;
  std::string_view reason;  ///< view into the parsed payload (not checked for UTF-8)
};

/// Splits a close payload. Fails (Invalid, offset 0) on a 1-byte payload, which RFC 6455 forbids.
/// The returned reason views `payload`, which must outlive it.
Expected<ClosePayload> parseClosePayload(ByteView payload);

/// Builds a close payload: 2-byte big-endian code followed by the reason bytes.
std::string makeClosePayload(std::uint16_t code, std::string_view reason = {});

/// True for codes an endpoint may send (1000-1003, 1007-1014, 3000-4999), RFC 6455 §7.4.
bool isValidCloseCode(std::uint16_t code) noexcept;

}  // namespace wa::capture
