// The message pipeline: frame, keys, cipher, node.
#include "wa/session/message_decoder.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace wa::session {
namespace {

std::string_view controlKind(codec::Opcode op) {
  switch (op) {
    case codec::Opcode::Close: return "ws_close";
    case codec::Opcode::Ping: return "ws_ping";
    case codec::Opcode::Pong: return "ws_pong";
    default: return "";
  }
}

// decryptNode into `buffer`, which only grows: the plaintext is its first `size` bytes (0 when the
// body did not decrypt). Growing a string zero-fills the new part, so a buffer cut to each
// plaintext would zero-fill every frame's length before decrypting over it.
Expected<void> decryptNodeInBuffer(crypto::FrameCipher& cipher, std::string_view body, std::string& buffer,
                                   std::size_t& size, codec::Node& node, const codec::DecodeLimits& limits,
                                   const crypto::Sha256Digest* mac) {
  size = 0;
  if (buffer.size() < body.size()) buffer.resize(body.size());
  const crypto::MutableByteView into(reinterpret_cast<std::uint8_t*>(buffer.data()), body.size());
  auto n = mac != nullptr ? cipher.decryptServerBodyInto(crypto::asBytes(body), into, *mac)
                          : cipher.decryptServerBodyInto(crypto::asBytes(body), into);
  if (!n) return tl::unexpected(toSessionError(n.error()));
  size = *n;
  if (auto r = codec::decodeNodeInto(codec::asBytes(std::string_view(buffer.data(), size)), node, limits); !r)
    return tl::unexpected(toSessionError(r.error()));
  return {};
}

}  // namespace

Expected<void> decryptNode(crypto::FrameCipher& cipher, std::string_view body, std::string& plaintext,
                           codec::Node& node, const codec::DecodeLimits& limits, const crypto::Sha256Digest* mac) {
  std::size_t size = 0;
  auto r = decryptNodeInBuffer(cipher, body, plaintext, size, node, limits, mac);
  plaintext.resize(size);
  return r;
}

const std::string* connSecret(const nlohmann::json& payload) noexcept {
  if (!payload.is_array() || payload.size() < 2 || payload[0] != "Conn" || !payload[1].is_object()) return nullptr;
  auto it = payload[1].find("secret");
  return it != payload[1].end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

bool mayBeConn(const capture::CaptureMessage& message) noexcept {
  if (message.error || message.op == codec::Opcode::Binary) return false;
  // `tag,["Conn"` or `tag,,["Conn"`, with a tag of at most 64 bytes (frame.h).
  constexpr std::size_t kLook = 64 + 2 + 8;
  return std::string_view(message.payload).substr(0, kLook).find("[\"Conn\"") != std::string_view::npos;
}

void MessageDecoder::decode(const capture::CaptureMessage& message, Record& out) {
  snapshot_ = nullptr;
  decodeFrame(message, out);
}

void MessageDecoder::decode(const capture::CaptureMessage& message, const KeySnapshot& keys, Record& out) {
  snapshot_ = &keys;
  decodeFrame(message, out);
  snapshot_ = nullptr;
}

void MessageDecoder::prepareMacs(std::span<const capture::CaptureMessage> messages,
                                 std::span<const KeySnapshot* const> keys) {
  macs_.clear();
  mac_jobs_.clear();
  next_mac_ = 0;
  if (!decrypt_ || !crypto::hmacLanesAvailable()) return;
  macs_evictions_ = cipher_evictions_;
  const KeySnapshot* last_keys = nullptr;
  crypto::FrameCipher* cipher = nullptr;
  for (std::size_t i = 0; i < messages.size() && i < keys.size(); ++i) {
    const capture::CaptureMessage& m = messages[i];
    if (keys[i] == nullptr || !keys[i]->keys || m.error || m.op != codec::Opcode::Binary) continue;
    const codec::Frame frame = capture::splitFrame(m, /*parse_json=*/false);
    if (frame.error || frame.kind != codec::FrameKind::Binary || frame.body.size() < crypto::kMinServerBodySize) continue;
    if (keys[i] != last_keys) {  // the snapshots of a batch's messages are few, each for a run of them
      cipher = cipherOf(*keys[i]->keys);
      last_keys = keys[i];
    }
    macs_.push_back(PreparedMac{&m, frame.body, cipher, {}});
  }
  // A batch with keys of more connections than the decoder keeps ciphers for (64): the ones
  // dropped on the way took their keys with them.
  if (cipher_evictions_ != macs_evictions_) {
    macs_.clear();
    return;
  }
  for (PreparedMac& p : macs_)
    mac_jobs_.push_back(
        crypto::HmacSha256Job{&p.cipher->macKey(), crypto::asBytes(p.body).subspan(crypto::kFrameHmacSize), &p.mac});
  // The long ones first (the few of 2 KiB and more, longest first): they then run beside the short
  // ones instead of being left alone in the lanes at the end.
  const auto long_end = std::partition(mac_jobs_.begin(), mac_jobs_.end(),
                                       [](const crypto::HmacSha256Job& j) { return j.data.size() >= 2048; });
  std::sort(mac_jobs_.begin(), long_end,
            [](const crypto::HmacSha256Job& a, const crypto::HmacSha256Job& b) { return a.data.size() > b.data.size(); });
  crypto::hmacSha256Many(mac_jobs_);
}

const crypto::Sha256Digest* MessageDecoder::preparedMac(const capture::CaptureMessage& message, std::string_view body,
                                                        const crypto::FrameCipher& cipher) noexcept {
  // A cipher dropped since (and another made, maybe at its address) may have other keys.
  if (macs_.empty() || cipher_evictions_ != macs_evictions_) return nullptr;
  // In order, the next one; otherwise found by the message's address.
  auto it = next_mac_ < macs_.size() && macs_[next_mac_].message == &message
                ? macs_.begin() + static_cast<std::ptrdiff_t>(next_mac_)
                : std::lower_bound(macs_.begin(), macs_.end(), &message,
                                   [](const PreparedMac& p, const capture::CaptureMessage* m) { return std::less<>()(p.message, m); });
  if (it == macs_.end() || it->message != &message) return nullptr;
  next_mac_ = static_cast<std::size_t>(it - macs_.begin()) + 1;
  return it->body.data() == body.data() && it->body.size() == body.size() && it->cipher == &cipher ? &it->mac : nullptr;
}

crypto::FrameCipher* MessageDecoder::cipherOf(const crypto::SessionKeys& keys) {
  for (auto it = ciphers_.rbegin(); it != ciphers_.rend(); ++it)
    if (it->first == keys) return it->second.get();
  constexpr std::size_t kMaxCiphers = 64;
  if (ciphers_.size() == kMaxCiphers) {
    ciphers_.erase(ciphers_.begin());
    ++cipher_evictions_;
  }
  ciphers_.emplace_back(keys, std::make_unique<crypto::FrameCipher>(keys));
  return ciphers_.back().second.get();
}

void MessageDecoder::decodeFrame(const capture::CaptureMessage& message, Record& out) {
  out.clear();
  out.message = &message;
  out.op = message.op;
  out.dir = message.dir;
  out.dir_inferred = message.dir_inferred;
  if (message.error) {
    out.kind = "error";
    out.error = toSessionError(*message.error);
    return;
  }
  if (auto control = controlKind(message.op); !control.empty()) {
    out.kind = control;
    return;
  }
  // Only a Conn's JSON is needed as a document (its secret); the rest is printed as sent.
  codec::Frame frame = capture::splitFrame(message, /*parse_json=*/true, /*keep_json=*/mayBeConn(message));
  out.tag = frame.tag;
  out.kind = codec::toString(frame.kind);
  out.dir = frame.dir;
  out.dir_inferred = frame.dir_inferred;
  out.metric = frame.metric;
  out.flags = frame.flags;
  out.body_offset = frame.body_offset;
  out.pong_ms = frame.pong_ms;
  if (frame.error) {
    out.error = toSessionError(*frame.error);
    return;
  }
  switch (frame.kind) {
    case codec::FrameKind::Json: {
      out.json = std::move(frame.json);
      out.json_text = frame.body;
      // ["Conn", {..., "secret": "..."}]: keys can be derived from it with the private key.
      if (keys_ != nullptr && snapshot_ == nullptr)
        if (const std::string* secret = connSecret(out.json))
          if (auto warning = keys_->observeSecret(message.conn, *secret)) warnings_.push_back(std::move(*warning));
      break;
    }
    case codec::FrameKind::Binary:
      if (decrypt_) decryptAndDecode(message, frame, out);
      break;
    default: break;
  }
}

void MessageDecoder::decryptAndDecode(const capture::CaptureMessage& message, const codec::Frame& frame,
                                      Record& out) {
  crypto::FrameCipher* cipher = nullptr;
  if (snapshot_ != nullptr) {
    if (snapshot_->keys) cipher = cipherOf(*snapshot_->keys);
  } else if (keys_ != nullptr) {
    cipher = keys_->cipherFor(message.conn);
  }
  if (!cipher) {
    out.error = Error{ErrorCode::Invalid, Stage::Keys, frame.body_offset,
                      snapshot_ != nullptr ? snapshot_->missing_reason
                      : keys_ != nullptr   ? keys_->missingReason(message.conn)
                                           : std::string("no keys")};
    return;
  }
  std::size_t size = 0;
  auto r = decryptNodeInBuffer(*cipher, frame.body, plaintext_, size, out.node, limits_,
                               preparedMac(message, frame.body, *cipher));
  if (!r) {
    out.error = std::move(r.error());
    // Offsets of the cipher's errors count from the body, the decoder's from the plaintext.
    if (out.error->stage != Stage::Decode) out.error->offset += frame.body_offset;
    if (out.error->stage == Stage::Decode) out.plaintext = std::string_view(plaintext_.data(), size);
    out.node = codec::Node();
    return;
  }
  out.plaintext = std::string_view(plaintext_.data(), size);
  out.has_node = true;
}

}  // namespace wa::session
