// What the Wireshark plugin keeps for one open capture file: the keys (from the preference's key
// file, and those a Conn secret gives on the way), and for each binary message the keys it was
// decrypted with, so that a packet shown again (Wireshark revisits packets in any order) decodes
// exactly as it did in capture order. Free of Wireshark's headers: unit tests drive it directly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wa/capture/message.h"
#include "wa/capture/ws/permessage_deflate.h"
#include "wa/crypto/key_files.h"
#include "wa/session/capture_keys.h"
#include "wa/session/message_decoder.h"
#include "wa/session/record.h"

namespace wa::wireshark {

/// One WebSocket message as Wireshark's WebSocket dissector hands it over.
struct MessageInput {
  std::uint32_t frame = 0;  ///< the packet's number (pinfo->num)
  std::uint32_t index = 0;  ///< which of this packet's messages (0 for the first)
  /// True while Wireshark reads the file in order (the first pass); false when it shows a packet
  /// again. Keys learnt from a Conn secret only change on the first pass.
  bool first_pass = true;
  double time = 0;        ///< the packet's time, seconds since 1970
  std::string_view conn;  ///< the client's "addr:port" (the name wadecode gives the connection)
  codec::Direction dir = codec::Direction::Unknown;  ///< Unknown: the frame rules decide
  std::optional<codec::Opcode> op;  ///< Text or Binary when known; otherwise guessed from the bytes
  std::string_view payload;  ///< unmasked, inflated, reassembled
  /// The connection negotiated permessage-deflate. Then a payload that is no frame may be a
  /// fragmented message Wireshark 4.0 reassembled without inflating: dissect() inflates it with
  /// the history of the messages before it in that direction.
  bool deflate = false;
};

/// The plugin's state between packets of one capture file. Not thread-safe (Wireshark dissects on
/// one thread). Memory: a few bytes per binary message of the file, until reset().
class DissectionState {
 public:
  DissectionState();

  /// Reads a key file in any format wadecode reads; an empty path means no keys. On failure the
  /// keys are none and the message says why ("<path>: macKey: missing"), never quoting key material.
  /// Also forgets the capture file's state (as reset()).
  std::optional<std::string> setKeysFile(const std::string& path);

  /// A new capture file: forget the keys learnt from Conn secrets and what each message used.
  void reset();

  /// Decodes one message into a record (valid until the next call), as wadecode would at that
  /// place in the capture. Never throws for hostile input; failures land in the record's error.
  const session::Record& dissect(const MessageInput& input);

  /// Warnings of the last dissect() (a Conn secret that does not fit the private key).
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }

  /// True when the last dissect() inflated the payload itself (see MessageInput::deflate).
  [[nodiscard]] bool inflatedHere() const noexcept { return inflated_here_; }

  /// True when a key file was given and read.
  [[nodiscard]] bool hasKeys() const noexcept { return sources_.file.has_value(); }

 private:
  // What a binary message was decrypted with on the first pass: the index of a keys snapshot, or
  // -1 with the index of the reason there were none.
  struct Used {
    std::int32_t keys = -1;
    std::int32_t reason = -1;
  };
  static std::uint64_t key(const MessageInput& input) noexcept {
    return (static_cast<std::uint64_t>(input.frame) << 32) | input.index;
  }
  std::int32_t snapshotOf(const crypto::SessionKeys& keys);
  std::int32_t reasonOf(const std::string& reason);
  const session::Record& revisit(const Used& used);

  session::KeySources sources_;
  std::unique_ptr<session::CaptureKeys> keys_;        // capture order: given and learnt keys
  std::unique_ptr<session::MessageDecoder> decoder_;  // over keys_
  std::unordered_map<std::uint64_t, Used> used_;
  // Revisits: one decoder per distinct set of keys, and one without keys.
  std::vector<crypto::SessionKeys> snapshots_;
  std::vector<std::unique_ptr<session::CaptureKeys>> snapshot_keys_;
  std::vector<std::unique_ptr<session::MessageDecoder>> snapshot_decoders_;
  std::vector<std::string> reasons_;
  session::CaptureKeys no_keys_{session::KeySources{}};
  session::MessageDecoder no_keys_decoder_{no_keys_, {}};

  // Messages Wireshark handed over compressed, inflated on the first pass, by message.
  std::unordered_map<std::uint64_t, std::string> inflated_;
  // The last 32 KiB of each direction's messages ("conn>" or "conn<"), for inflating one.
  std::unordered_map<std::string, std::string> history_;
  void inflateIfCompressed(const MessageInput& input);
  bool inflated_here_ = false;

  capture::CaptureMessage message_;
  session::Record record_;
  std::vector<std::string> warnings_;
};

}  // namespace wa::wireshark
