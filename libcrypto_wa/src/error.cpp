// Names of error codes and stages, and the one-line description tools print.
#include "wa/crypto/error.h"

#include <fmt/format.h>

namespace wa::crypto {

std::string_view toString(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::AuthenticationFailed: return "authentication failed";
    case ErrorCode::BadPadding: return "bad padding";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Io: return "i/o";
  }
  return "unknown";
}

std::string_view toString(Stage stage) noexcept {
  switch (stage) {
    case Stage::Key: return "key";
    case Stage::Hmac: return "hmac";
    case Stage::Decrypt: return "decrypt";
    case Stage::Encrypt: return "encrypt";
    case Stage::Frame: return "frame";
    case Stage::Media: return "media";
    case Stage::Sidecar: return "sidecar";
    case Stage::KeyFile: return "key file";
  }
  return "unknown";
}

std::string describe(const Error& error) {
  return fmt::format("{} at offset {:#x} ({}): {}", toString(error.stage), error.offset, error.offset,
                     error.message);
}

}  // namespace wa::crypto
