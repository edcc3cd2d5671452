// Writing what the recording proxy sees as capture JSONL, one flushed line per message, with the
// decrypted node added to binary messages when keys are known.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "wa/capture/message.h"
#include "wa/codec/node/node.h"
#include "wa/crypto/key_files.h"
#include "wa/session/capture_keys.h"

namespace wa::wareplay {

/// Thread-safe: connections of the proxy call record() from their own strands.
class Recorder {
 public:
  /// `out` must stay open while the recorder lives. `keys` may be null: nothing is decrypted.
  /// Keys per connection follow the session layer's one rule (wa/session/capture_keys.h): with a
  /// private key, those derived from the live Conn message's `secret` win.
  Recorder(std::FILE* out, std::shared_ptr<const crypto::KeyFile> keys);
  ~Recorder();

  /// Appends one capture JSONL line (DESIGN.md "Capture JSONL") and flushes it, so a crash loses
  /// nothing written before. Binary messages that decrypt also get "tag" and "node" (node JSON);
  /// ones that do not, "decrypt_error". Readers of capture JSONL ignore both keys.
  /// Returns false when writing failed (the proxy then stops).
  bool record(std::string_view conn, codec::Direction dir, codec::Opcode op, std::string_view payload, double t);

  [[nodiscard]] std::uint64_t messages() const;

 private:
  std::FILE* out_;
  std::optional<session::CaptureKeys> keys_;
  mutable std::mutex mutex_;
  std::string plaintext_;
  codec::Node node_;
  std::uint64_t messages_ = 0;
  std::string line_;
};

}  // namespace wa::wareplay
