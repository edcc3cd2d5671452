// Record decoding: frame, keys, cipher, node.
#include "wadecode/record_decoder.h"

#include <fmt/format.h>

namespace wa::wadecode {

std::string recordStage(const crypto::Error& error) {
  switch (error.stage) {
    case crypto::Stage::Hmac: return "hmac";
    case crypto::Stage::Decrypt: return "decrypt";
    case crypto::Stage::Frame: return "frame";
    default: return "keys";
  }
}

namespace {

std::string_view controlKind(codec::Opcode op) {
  switch (op) {
    case codec::Opcode::Close: return "ws_close";
    case codec::Opcode::Ping: return "ws_ping";
    case codec::Opcode::Pong: return "ws_pong";
    default: return "";
  }
}

}  // namespace

void RecordDecoder::decode(const codec::CaptureMessage& message, DecodedRecord& out) {
  out.clear();
  out.message = &message;
  out.op = message.op;
  out.dir = message.dir;
  out.dir_inferred = message.dir_inferred;
  if (message.error) {
    out.kind = "error";
    out.error = RecordError{std::string(codec::toString(message.error->stage)), message.error->offset,
                            message.error->message};
    return;
  }
  if (auto control = controlKind(message.op); !control.empty()) {
    out.kind = control;
    return;
  }
  codec::Frame frame = codec::splitFrame(message);
  out.tag = frame.tag;
  out.kind = codec::toString(frame.kind);
  out.dir = frame.dir;
  out.dir_inferred = frame.dir_inferred;
  out.metric = frame.metric;
  out.flags = frame.flags;
  out.pong_ms = frame.pong_ms;
  if (frame.error) {
    out.error = RecordError{std::string(codec::toString(frame.error->stage)), frame.error->offset, frame.error->message};
    return;
  }
  switch (frame.kind) {
    case codec::FrameKind::Json: {
      out.json = std::move(frame.json);
      out.json_text = frame.body;
      // ["Conn", {..., "secret": "..."}]: keys can be derived from it with the private key.
      if (out.json.is_array() && out.json.size() >= 2 && out.json[0] == "Conn" && out.json[1].is_object()) {
        auto it = out.json[1].find("secret");
        if (it != out.json[1].end() && it->is_string())
          if (auto warning = keys_.observeSecret(message.conn, it->get_ref<const std::string&>()))
            warnings_.push_back(std::move(*warning));
      }
      break;
    }
    case codec::FrameKind::Binary:
      if (decrypt_) decryptAndDecode(message, frame, out);
      break;
    default: break;
  }
}

void RecordDecoder::decryptAndDecode(const codec::CaptureMessage& message, const codec::Frame& frame,
                                     DecodedRecord& out) {
  crypto::FrameCipher* cipher = keys_.cipherFor(message.conn);
  if (!cipher) {
    out.error = RecordError{"keys", frame.body_offset, keys_.missingReason(message.conn)};
    return;
  }
  // After the client's metric and flag bytes both directions share HMAC ‖ IV ‖ ciphertext.
  auto body = crypto::asBytes(frame.body);
  plaintext_.resize(body.size());
  auto n = cipher->decryptServerBodyInto(
      body, crypto::MutableByteView(reinterpret_cast<std::uint8_t*>(plaintext_.data()), plaintext_.size()));
  if (!n) {
    out.error = RecordError{recordStage(n.error()), frame.body_offset + n.error().offset, n.error().message};
    return;
  }
  plaintext_.resize(*n);
  out.plaintext = plaintext_;
  if (auto r = codec::decodeNodeInto(codec::asBytes(plaintext_), out.node, limits_); !r) {
    out.error = RecordError{"decode", r.error().offset, r.error().message};
    out.node = codec::Node();
    return;
  }
  out.has_node = true;
}

}  // namespace wa::wadecode
