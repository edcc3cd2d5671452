// The message pipeline: a captured WebSocket message in, a record out. Split the frame, learn
// keys from a Conn secret, verify and decrypt binary bodies, decode the node.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/message.h"
#include "wa/codec/node/decoder.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/session/capture_keys.h"
#include "wa/session/record.h"

namespace wa::session {

/// Verifies, decrypts and decodes the body of a binary frame (HMAC ‖ IV ‖ ciphertext, after any
/// metric and flag bytes) into `node`, with `plaintext` as the buffer of the decrypted bytes.
/// Failures: Hmac, Decrypt or Frame (the body's layout) from the cipher, Decode from the node
/// decoder, at offsets of the body (Decode: of the plaintext). `node` is unspecified on failure.
Expected<void> decryptNode(crypto::FrameCipher& cipher, std::string_view body, std::string& plaintext,
                           codec::Node& node, const codec::DecodeLimits& limits = {});

/// Turns messages into records, one call per message, in capture order (a Conn secret changes
/// the keys of the messages after it). Keeps buffers between calls; one per thread.
class MessageDecoder {
 public:
  /// `keys` must outlive the decoder.
  MessageDecoder(CaptureKeys& keys, const codec::DecodeLimits& limits) : keys_(keys), limits_(limits) {}

  /// Fills `out` (cleared first) from `message`; failures land in out.error, never thrown.
  /// `out.message` points at `message`, which must outlive the use of `out`.
  void decode(const capture::CaptureMessage& message, Record& out);

  /// With false, binary frames are split but not decrypted (no keys needed, no key errors).
  void setDecrypt(bool decrypt) noexcept { decrypt_ = decrypt; }

  /// Warnings gathered since the last call (a secret that does not fit the private key, ...).
  std::vector<std::string> takeWarnings() { return std::move(warnings_); }

 private:
  void decryptAndDecode(const capture::CaptureMessage& message, const codec::Frame& frame, Record& out);

  CaptureKeys& keys_;
  codec::DecodeLimits limits_;
  std::string plaintext_;
  bool decrypt_ = true;
  std::vector<std::string> warnings_;
};

}  // namespace wa::session
