// Byte buffers, fixed-size key types, and the base64 / hex codecs every key format uses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wa/crypto/error.h"
#include "wa/support/bytes.h"

namespace wa::crypto {

using support::asBytes;
using support::asChars;
using support::Bytes;
using support::ByteView;
using support::MutableByteView;
using support::toBytes;

using Key32 = std::array<std::uint8_t, 32>;         ///< AES-256, HMAC-SHA256 and X25519 keys
using Iv = std::array<std::uint8_t, 16>;            ///< an AES-CBC initialisation vector
using Sha256Digest = std::array<std::uint8_t, 32>;  ///< SHA-256 or a full HMAC-SHA256 value


/// Standard base64 (RFC 4648 §4) with `=` padding (wa/support/text/base64.h for bytes).
std::string base64Encode(ByteView bytes);
/// URL-safe base64 (RFC 4648 §5: `-` and `_`); `pad` keeps the `=` padding (WA-Web keeps it).
std::string base64UrlEncode(ByteView bytes, bool pad = true);
/// Decodes standard or URL-safe base64, padded or not, for secrets: fails (Invalid, stage Key)
/// with the offset of the first character that is not base64, or a length no encoder produces,
/// and a message that never quotes the input: "not base64 (unexpected character at offset 12)".
/// What decoded before a failure is wiped.
Expected<Bytes> base64Decode(std::string_view text);

/// Lower-case hex.
std::string hexEncode(ByteView bytes);
/// Decodes hex of either case, never quoting the input; fails on an odd length or a non-hex
/// digit (offset of the digit).
Expected<Bytes> hexDecode(std::string_view text);

/// Decodes a key-file value: `hex:` followed by hex, otherwise base64 (any variant above).
Expected<Bytes> decodeKeyValue(std::string_view text);

/// Copies exactly N bytes, or fails with "<field>: 31 bytes where 32 are needed" (Invalid,
/// stage Key, offset 0). `field` names the value for the message; the bytes are never quoted.
template <std::size_t N>
Expected<std::array<std::uint8_t, N>> toFixed(ByteView bytes, std::string_view field);

/// Overwrites a buffer with zeros in a way the optimiser keeps (for secrets going out of scope).
void secureWipe(MutableByteView bytes) noexcept;

namespace detail {
Error wrongLength(std::string_view field, std::size_t got, std::size_t want);
}

template <std::size_t N>
Expected<std::array<std::uint8_t, N>> toFixed(ByteView bytes, std::string_view field) {
  if (bytes.size() != N) return tl::unexpected(detail::wrongLength(field, bytes.size(), N));
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = bytes[i];
  return out;
}

}  // namespace wa::crypto
