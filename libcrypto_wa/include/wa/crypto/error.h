// Errors of the crypto library: a code, the stage that failed, the byte offset and a message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace wa::crypto {

/// What went wrong, by meaning; specifics go in the message. Messages never contain key material.
enum class ErrorCode : std::uint8_t {
  InvalidArgument,       ///< a value of the wrong length or shape: a 31-byte key, an unknown media type
  Truncated,             ///< the input ended where more bytes were needed
  AuthenticationFailed,  ///< an HMAC, MAC, sidecar entry or file hash did not match
  BadPadding,            ///< the MAC matched (or was not checked) but PKCS#7 padding is invalid
  Unsupported,           ///< well-formed but not supported (a media type without media keys)
  Io,                    ///< reading a file or a caller's reader failed
};

/// The step that failed.
enum class Stage : std::uint8_t {
  Key,      ///< key material itself (lengths, X25519, HKDF limits)
  Hmac,     ///< an HMAC or a media MAC check
  Decrypt,  ///< AES-CBC decryption and padding
  Encrypt,  ///< AES-CBC encryption
  Frame,    ///< the layout of an encrypted frame body (too short, metric/flag bytes)
  Media,    ///< the layout of an encrypted media file, its hashes, media types
  Sidecar,  ///< streaming sidecars and first-frame sidecars
  KeyFile,  ///< reading key and session files
};

/// A failure at a byte offset of the input the failing call was given
/// (for key files: the byte offset is 0 unless the JSON parser reported one).
struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::InvalidArgument;
  Stage stage = Stage::Key;
  std::uint64_t offset = 0;
  std::string message;  ///< lower case, no final period: "encKey: 31 bytes where 32 are needed"
};

template <class T>
using Expected = tl::expected<T, Error>;
using Unexpected = tl::unexpected<Error>;

/// Builds the unexpected value for a failing Expected.
inline Unexpected makeError(ErrorCode code, Stage stage, std::uint64_t offset, std::string message) {
  return Unexpected(Error{code, stage, offset, std::move(message)});
}

std::string_view toString(ErrorCode code) noexcept;
std::string_view toString(Stage stage) noexcept;

/// "hmac at offset 0x0 (0): frame hmac mismatch" — the same shape as wa::codec::describe.
std::string describe(const Error& error);

}  // namespace wa::crypto
