// Errors of the crypto library: the one error type (wa/support/error.h) with the crypto stages.
#pragma once

#include <cstdint>
#include <string_view>

#include "wa/support/error.h"

namespace wa::crypto {

using support::describe;
using support::ErrorCode;
using support::makeError;  ///< makeError(code, Stage::Key, offset, message): an Unexpected

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

/// A failure at a byte offset of the input the failing call was given (for key files: the byte
/// offset is 0 unless the JSON parser reported one). Messages never contain key material.
using Error = support::BasicError<Stage>;
template <class T>
using Expected = support::Expected<T, Stage>;
using Unexpected = support::Unexpected<Stage>;

/// "key", "hmac", "decrypt", "encrypt", "frame", "media", "sidecar", "key file".
std::string_view toString(Stage stage) noexcept;

}  // namespace wa::crypto
