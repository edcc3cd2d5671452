// The recording proxy's writer.
#include "wareplay/recorder.h"

#include <nlohmann/json.hpp>

#include "wa/support/text/json_string.h"
#include "wa/capture/jsonl_writer.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/view/node_json.h"
#include "wa/session/message_decoder.h"

namespace wa::wareplay {

Recorder::Recorder(std::FILE* out, std::shared_ptr<const crypto::KeyFile> keys) : out_(out) {
  if (keys) keys_.emplace(session::KeySources{.file = *keys});
}

Recorder::~Recorder() = default;

std::uint64_t Recorder::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

bool Recorder::record(std::string_view conn, codec::Direction dir, codec::Opcode op, std::string_view payload,
                      double t) {
  std::lock_guard lock(mutex_);
  capture::CaptureMessage m;
  m.t = t;
  m.dir = dir;
  m.conn = std::string(conn);
  m.op = op;
  m.payload = std::string(payload);
  line_.clear();
  capture::appendCaptureJsonl(m, line_);

  if (keys_ && (op == codec::Opcode::Text || op == codec::Opcode::Binary)) {
    const codec::Frame f = capture::splitFrame(m, /*parse_json=*/op == codec::Opcode::Text);
    // A QR login: the live Conn secret gives the keys (the session layer's one rule).
    if (f.kind == codec::FrameKind::Json && f.json.is_array() && f.json.size() > 1 && f.json[0] == "Conn" &&
        f.json[1].is_object()) {
      auto secret = f.json[1].find("secret");
      if (secret != f.json[1].end() && secret->is_string())
        (void)keys_->observeSecret(conn, secret->get_ref<const std::string&>());
    }
    crypto::FrameCipher* cipher = f.kind == codec::FrameKind::Binary ? keys_->cipherFor(conn) : nullptr;
    if (cipher) {
      std::string extra = ",\"tag\":";
      support::appendJsonQuotedLossy(extra, f.tag);
      if (auto decoded = session::decryptNode(*cipher, f.body, plaintext_, node_)) {
        extra += ",\"node\":";
        codec::NodeJsonWriteOptions options;
        options.decode_proto = false;
        codec::appendNodeJson(extra, node_, options);
      } else {
        extra += ",\"decrypt_error\":";
        support::appendJsonQuotedLossy(extra, session::describe(decoded.error()));
      }
      // Insert before the closing brace of the line.
      auto brace = line_.rfind('}');
      if (brace != std::string::npos) line_.insert(brace, extra);
    }
  }
  ++messages_;
  if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) return false;
  return std::fflush(out_) == 0;
}

}  // namespace wa::wareplay
