// Session keys per connection: from a key file, from the command line, or derived on the fly
// from the Conn `secret` a capture carries when the client's private key is known.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/codec/ws/deframer.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"

namespace wa::wadecode {

/// What the user gave. Command-line values override the key file's, which override nothing else.
struct KeySources {
  std::optional<crypto::KeyFile> file;
  std::optional<crypto::Key32> enc_key, mac_key, private_key;
};

/// Resolves and caches one FrameCipher per connection. Not thread-safe.
class KeyStore {
 public:
  explicit KeyStore(KeySources sources) : sources_(std::move(sources)) {}

  /// The cipher for `conn`, or nullptr when no keys are known for it (yet).
  crypto::FrameCipher* cipherFor(std::string_view conn);

  /// Why cipherFor(conn) returned nullptr: "no keys for connection 1 (give --keys, ...)" or the
  /// derivation error. Never quotes key material.
  std::string missingReason(std::string_view conn) const;

  /// A Conn message's base64 `secret` was seen on `conn`: derive the keys if a private key is
  /// known for it and no encKey/macKey were given. Returns an error message when the secret
  /// does not fit the private key (the keys stay unknown), or nullopt.
  std::optional<std::string> observeSecret(std::string_view conn, std::string_view secret_base64);

  /// Whether a whole binary message met while hunting for frame boundaries after a capture loss
  /// is a frame of this session: Pass when its HMAC matches the keys of `conn`, Fail when the keys
  /// are known and it does not (in either direction's layout when `dir` is Unknown), Unknown
  /// without keys or for text.
  codec::FrameCheck checkCandidate(std::string_view conn, codec::Direction dir, codec::Opcode op,
                                   codec::ByteView payload, bool complete);

  /// The resolved keys of `conn`, if any (for --print-keys).
  std::optional<crypto::SessionKeys> keysFor(std::string_view conn);

  /// The connections the key file names (its "connections" entries), in the file's order.
  [[nodiscard]] std::vector<std::string> namedConnections() const;

  /// True when anything at all was given (a file or command-line keys).
  [[nodiscard]] bool anyGiven() const noexcept;

 private:
  struct Slot {
    std::optional<crypto::SessionKeys> keys;
    std::unique_ptr<crypto::FrameCipher> cipher;
    std::string failure;
    bool resolved = false;
  };
  Slot& slotFor(std::string_view conn);
  crypto::KeyEntry entryFor(std::string_view conn) const;

  KeySources sources_;
  std::map<std::string, Slot, std::less<>> slots_;
};

}  // namespace wa::wadecode
