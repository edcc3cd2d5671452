// The recording proxy's writer.
#include "wareplay/recorder.h"

#include <nlohmann/json.hpp>

#include "wa/codec/capture/jsonl_writer.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/node/node_json.h"

namespace wa::wareplay {

Recorder::Recorder(std::FILE* out, std::shared_ptr<const crypto::KeyFile> keys)
    : out_(out), keys_(std::move(keys)) {}

Recorder::~Recorder() = default;

std::uint64_t Recorder::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

Recorder::ConnKeys& Recorder::keysFor(std::string_view conn) {
  auto it = conns_.find(conn);
  if (it != conns_.end()) return it->second;
  ConnKeys& k = conns_[std::string(conn)];
  if (keys_) {
    k.entry = keys_->forConnection(conn);
    if (k.entry->enc_key && k.entry->mac_key)
      k.cipher = std::make_unique<crypto::FrameCipher>(crypto::SessionKeys{*k.entry->enc_key, *k.entry->mac_key});
  }
  return k;
}

bool Recorder::record(std::string_view conn, codec::Direction dir, codec::Opcode op, std::string_view payload,
                      double t) {
  std::lock_guard lock(mutex_);
  codec::CaptureMessage m;
  m.t = t;
  m.dir = dir;
  m.conn = std::string(conn);
  m.op = op;
  m.payload = std::string(payload);
  line_.clear();
  codec::appendCaptureJsonl(m, line_);

  if (keys_ && (op == codec::Opcode::Text || op == codec::Opcode::Binary)) {
    ConnKeys& k = keysFor(conn);
    codec::Frame f = codec::splitFrame(m, /*parse_json=*/op == codec::Opcode::Text);
    // A QR login: derive the keys from the live Conn secret and the given private key.
    // The derived keys replace given ones only when the secret was made for the given private key.
    if (k.entry && k.entry->private_key && f.kind == codec::FrameKind::Json && f.json.is_array() &&
        f.json.size() > 1 && f.json[0] == "Conn" && f.json[1].is_object() && f.json[1].contains("secret") &&
        f.json[1]["secret"].is_string()) {
      auto secret = crypto::base64Decode(f.json[1]["secret"].get<std::string>());
      if (secret) {
        auto keys = crypto::deriveSessionKeys(*k.entry->private_key, *secret);
        if (keys) k.cipher = std::make_unique<crypto::FrameCipher>(*keys);
      }
    }
    if (f.kind == codec::FrameKind::Binary && k.cipher) {
      std::string extra = ",\"tag\":";
      codec::appendJsonString(extra, f.tag);
      auto plain = k.cipher->decryptServerBody(crypto::asBytes(f.body));
      if (plain) {
        auto node = codec::decodeNode(*plain);
        if (node) {
          extra += ",\"node\":";
          codec::NodeJsonWriteOptions options;
          options.decode_proto = false;
          codec::appendNodeJson(extra, *node, options);
        } else {
          extra += ",\"decrypt_error\":";
          codec::appendJsonString(extra, codec::describe(node.error()));
        }
      } else {
        extra += ",\"decrypt_error\":";
        codec::appendJsonString(extra, crypto::describe(plain.error()));
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
