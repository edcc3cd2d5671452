// The keys of a capture, per connection, by one precedence rule: given on the command line, in a
// key file (per connection or as defaults), or derived on the fly from the Conn secret the
// capture carries when the client's private key is known.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/ws/deframer.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"

namespace wa::session {

/// What the user gave: a key file, and keys from the command line (which override the file's).
struct KeySources {
  std::optional<crypto::KeyFile> file;
  std::optional<crypto::Key32> enc_key, mac_key, private_key;
};

/// The keys of one connection at one point of a capture, for threads that decode messages without
/// the CaptureKeys (which only the thread reading the capture in order uses, one at a time).
struct KeySnapshot {
  std::optional<crypto::SessionKeys> keys;
  std::string missing_reason;  ///< when there are none: missingReason() at that point
};

/// Resolves and caches the keys and one FrameCipher per connection.
///
/// The one precedence rule: the keys of a connection are, the first of these that applies,
///   1. derived from the connection's Conn secret (observeSecret()) with the private key, once
///      that message has been seen and the secret checks out against the key;
///   2. encKey and macKey given for it: the command line's, else the key file's entry for the
///      connection, else the file's defaults;
///   3. derived from privateKey and secret given for it (entry, else defaults);
/// otherwise there are none (with a private key: until its Conn secret is seen).
/// A key file entry is found by the connection's name, or for a pcap "addr:port" by the port
/// alone. Not thread-safe.
class CaptureKeys {
 public:
  explicit CaptureKeys(KeySources sources) : sources_(std::move(sources)) {}

  /// The cipher for `conn`, or nullptr when no keys are known for it (yet).
  crypto::FrameCipher* cipherFor(std::string_view conn);

  /// Why cipherFor(conn) returned nullptr: "no keys for connection 1 (give --keys, ...)" or the
  /// derivation error. Never quotes key material.
  std::string missingReason(std::string_view conn) const;

  /// A Conn message's base64 `secret` was seen on `conn`: derive its keys when a private key is
  /// known for it. Returns an error message when the secret does not fit the private key (the
  /// keys stay as they were), or nullopt.
  std::optional<std::string> observeSecret(std::string_view conn, std::string_view secret_base64);

  /// Whether a whole binary message met while hunting for frame boundaries after a capture loss
  /// is a frame of this session: Pass when its HMAC matches the keys of `conn`, Fail when the keys
  /// are known and it does not (in either direction's layout when `dir` is Unknown), Unknown
  /// without keys or for text.
  capture::FrameCheck checkCandidate(std::string_view conn, codec::Direction dir, codec::Opcode op,
                                     support::ByteView payload, bool complete);

  /// The resolved keys of `conn`, if any.
  std::optional<crypto::SessionKeys> keysFor(std::string_view conn);

  /// The keys of `conn` as they are now, shared: the same object for every call until they change
  /// (observeSecret()), so that a reader can hand one pointer per message to decoding threads.
  std::shared_ptr<const KeySnapshot> snapshotFor(std::string_view conn);

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
    std::shared_ptr<const KeySnapshot> snapshot;  ///< of keys/failure; reset when they change
  };
  Slot& slotFor(std::string_view conn);
  crypto::KeyEntry entryFor(std::string_view conn) const;

  KeySources sources_;
  std::map<std::string, Slot, std::less<>> slots_;
};

}  // namespace wa::session
