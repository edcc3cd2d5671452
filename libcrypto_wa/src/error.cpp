// Names of the crypto stages.
#include "wa/crypto/error.h"

namespace wa::crypto {

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

}  // namespace wa::crypto
