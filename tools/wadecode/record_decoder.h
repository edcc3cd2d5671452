// Turns each captured WebSocket message into a decoded record: split the frame, learn keys from
// a Conn secret, verify and decrypt binary bodies, decode the node.
#pragma once

#include <string>
#include <vector>

#include "wa/codec/capture/message.h"
#include "wa/codec/node/decoder.h"
#include "wadecode/key_store.h"
#include "wadecode/record.h"

namespace wa::wadecode {

class RecordDecoder {
 public:
  RecordDecoder(KeyStore& keys, const codec::DecodeLimits& limits) : keys_(keys), limits_(limits) {}

  /// Fills `out` (cleared first) from `message`; failures land in out.error, never thrown.
  /// `out.message` points at `message`, which must outlive the use of `out`.
  void decode(const codec::CaptureMessage& message, DecodedRecord& out);

  /// With false, binary frames are split but not decrypted (no keys needed, no key errors).
  void setDecrypt(bool decrypt) noexcept { decrypt_ = decrypt; }

  /// Warnings gathered since the last call (a secret that does not fit the private key, ...).
  std::vector<std::string> takeWarnings() { return std::move(warnings_); }

 private:
  void decryptAndDecode(const codec::CaptureMessage& message, const codec::Frame& frame, DecodedRecord& out);

  KeyStore& keys_;
  codec::DecodeLimits limits_;
  std::string plaintext_;
  bool decrypt_ = true;
  std::vector<std::string> warnings_;
};

/// Stage names of crypto errors in records: hmac, decrypt, frame, keys.
std::string recordStage(const struct crypto::Error& error);

}  // namespace wa::wadecode
