// The message pipeline: a captured WebSocket message in, a record out. Split the frame, learn
// keys from a Conn secret, verify and decrypt binary bodies, decode the node.
#pragma once

#include <span>
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
/// `mac`: the MAC of the body computed beforehand (FrameCipher::decryptServerBodyInto with a MAC),
/// or nullptr to compute it here.
Expected<void> decryptNode(crypto::FrameCipher& cipher, std::string_view body, std::string& plaintext,
                           codec::Node& node, const codec::DecodeLimits& limits = {},
                           const crypto::Sha256Digest* mac = nullptr);

/// The `secret` of a Conn message's parsed payload (`["Conn", {..., "secret": "..."}]`), or
/// nullptr. Valid as long as `payload`.
const std::string* connSecret(const nlohmann::json& payload) noexcept;

/// False when `message` cannot be a Conn message: a cheap look at its first bytes, for a reader
/// that must see every Conn in order without parsing every text frame.
bool mayBeConn(const capture::CaptureMessage& message) noexcept;

/// Turns messages into records. Keeps buffers between calls; one per thread.
///
/// Two ways of getting keys: with a CaptureKeys, one call per message in capture order (a Conn
/// secret changes the keys of the messages after it); or, without one, each message with the
/// KeySnapshot of its connection taken in capture order by the thread that reads the capture
/// (ParallelDecoder), in any order.
class MessageDecoder {
 public:
  /// `keys` must outlive the decoder.
  MessageDecoder(CaptureKeys& keys, const codec::DecodeLimits& limits) : keys_(&keys), limits_(limits) {}
  /// For decode(message, snapshot, out) only.
  explicit MessageDecoder(const codec::DecodeLimits& limits) : limits_(limits) {}

  /// Fills `out` (cleared first) from `message`; failures land in out.error, never thrown.
  /// `out.message` points at `message`, which must outlive the use of `out`. Needs the CaptureKeys.
  void decode(const capture::CaptureMessage& message, Record& out);

  /// The same with the keys of `keys`; a Conn secret in `message` is not looked at.
  void decode(const capture::CaptureMessage& message, const KeySnapshot& keys, Record& out);

  /// Computes the MACs of the binary frames among `messages` at once (crypto::hmacSha256Many),
  /// `keys[i]` being the keys of messages[i] (nullptr: none), for the decode(messages[i], *keys[i],
  /// out) calls that follow until the next call; the messages must not change meanwhile. Does
  /// nothing where the CPU cannot hash many messages side by side (there the MAC computed with
  /// the decryption costs the same), nor without decryption. Records are the same either way.
  void prepareMacs(std::span<const capture::CaptureMessage> messages, std::span<const KeySnapshot* const> keys);
  /// With false, binary frames are split but not decrypted (no keys needed, no key errors).
  void setDecrypt(bool decrypt) noexcept { decrypt_ = decrypt; }

  /// Warnings gathered since the last call (a secret that does not fit the private key, ...).
  std::vector<std::string> takeWarnings() { return std::move(warnings_); }

 private:
  void decodeFrame(const capture::CaptureMessage& message, Record& out);
  void decryptAndDecode(const capture::CaptureMessage& message, const codec::Frame& frame, Record& out);
  crypto::FrameCipher* cipherOf(const crypto::SessionKeys& keys);

  CaptureKeys* keys_ = nullptr;
  const KeySnapshot* snapshot_ = nullptr;  // during decode(message, snapshot, out)
  // Ciphers of the snapshots' keys (a key schedule each), most recent last; a few connections.
  std::vector<std::pair<crypto::SessionKeys, std::unique_ptr<crypto::FrameCipher>>> ciphers_;
  codec::DecodeLimits limits_;
  std::string plaintext_;  // the decrypted frame is its first bytes (Record::plaintext); only grows
  // prepareMacs(): a MAC per binary frame, in the order of the messages (whose addresses grow).
  struct PreparedMac {
    const capture::CaptureMessage* message;
    std::string_view body;
    const crypto::FrameCipher* cipher;  // whose key made the MAC: used only with that cipher
    crypto::Sha256Digest mac;
  };
  std::vector<PreparedMac> macs_;
  std::vector<crypto::HmacSha256Job> mac_jobs_;
  std::size_t next_mac_ = 0;             // where the next message's MAC is, decoded in order
  std::uint64_t cipher_evictions_ = 0;   // ciphers dropped from ciphers_ so far
  std::uint64_t macs_evictions_ = 0;     // ... when macs_ was made
  const crypto::Sha256Digest* preparedMac(const capture::CaptureMessage& message, std::string_view body,
                                          const crypto::FrameCipher& cipher) noexcept;
  bool decrypt_ = true;
  std::vector<std::string> warnings_;
};

}  // namespace wa::session
