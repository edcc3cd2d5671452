// Key resolution per connection, by the one precedence rule of capture_keys.h.
#include "wa/session/capture_keys.h"

#include <fmt/format.h>

#include "wa/codec/frame/frame.h"
#include "wa/support/bytes.h"

namespace wa::session {

bool CaptureKeys::anyGiven() const noexcept {
  return sources_.file || sources_.enc_key || sources_.mac_key || sources_.private_key;
}

crypto::KeyEntry CaptureKeys::entryFor(std::string_view conn) const {
  crypto::KeyEntry e;
  if (sources_.file) {
    // A pcap connection "addr:port" also matches an entry named by the client's port alone.
    std::string_view key = conn;
    auto colon = conn.rfind(':');
    if (!sources_.file->connections.contains(conn) && colon != std::string_view::npos &&
        sources_.file->connections.contains(conn.substr(colon + 1)))
      key = conn.substr(colon + 1);
    e = sources_.file->forConnection(key);
  }
  if (sources_.enc_key) e.enc_key = sources_.enc_key;
  if (sources_.mac_key) e.mac_key = sources_.mac_key;
  if (sources_.private_key) e.private_key = sources_.private_key;
  return e;
}

CaptureKeys::Slot& CaptureKeys::slotFor(std::string_view conn) {
  auto it = slots_.find(conn);
  if (it == slots_.end()) it = slots_.emplace(std::string(conn), Slot{}).first;
  Slot& slot = it->second;
  if (!slot.resolved) {
    slot.resolved = true;
    crypto::KeyEntry e = entryFor(conn);
    if (e.enc_key && e.mac_key) {
      slot.keys = crypto::SessionKeys{*e.enc_key, *e.mac_key};
    } else if (e.private_key && e.secret) {
      if (auto keys = e.sessionKeys())
        slot.keys = *keys;
      else
        slot.failure = fmt::format("keys for connection {}: {}", conn, keys.error().message);
    } else if (e.private_key) {
      slot.failure = fmt::format("no keys yet for connection {}: waiting for its Conn secret", conn);
    } else {
      slot.failure = fmt::format("no keys for connection {} (give --keys, --enc-key and --mac-key, or --private-key)",
                                 conn);
    }
    if (slot.keys) slot.cipher = std::make_unique<crypto::FrameCipher>(*slot.keys);
  }
  return slot;
}

std::vector<std::string> CaptureKeys::namedConnections() const {
  std::vector<std::string> names;
  if (sources_.file)
    for (const auto& [name, entry] : sources_.file->connections) names.push_back(name);
  return names;
}

crypto::FrameCipher* CaptureKeys::cipherFor(std::string_view conn) { return slotFor(conn).cipher.get(); }

std::optional<crypto::SessionKeys> CaptureKeys::keysFor(std::string_view conn) { return slotFor(conn).keys; }

std::shared_ptr<const KeySnapshot> CaptureKeys::snapshotFor(std::string_view conn) {
  Slot& slot = slotFor(conn);
  if (!slot.snapshot) slot.snapshot = std::make_shared<const KeySnapshot>(KeySnapshot{slot.keys, slot.failure});
  return slot.snapshot;
}

capture::FrameCheck CaptureKeys::checkCandidate(std::string_view conn, codec::Direction dir, codec::Opcode op,
                                           support::ByteView payload, bool complete) {
  if (op != codec::Opcode::Binary || !complete) return capture::FrameCheck::Unknown;
  crypto::FrameCipher* cipher = cipherFor(conn);
  if (cipher == nullptr) return capture::FrameCheck::Unknown;
  for (codec::Direction d : {codec::Direction::Send, codec::Direction::Receive}) {
    if (dir != codec::Direction::Unknown && d != dir) continue;
    codec::SplitOptions split;
    split.opcode = codec::Opcode::Binary;
    split.dir = d;
    const codec::Frame frame = codec::splitFrame(codec::asChars(payload), split);
    if (frame.error || frame.kind != codec::FrameKind::Binary) continue;
    if (cipher->verifyServerBody(crypto::asBytes(frame.body))) return capture::FrameCheck::Pass;
  }
  return capture::FrameCheck::Fail;
}

std::string CaptureKeys::missingReason(std::string_view conn) const {
  auto it = slots_.find(conn);
  return it == slots_.end() ? std::string("no keys") : it->second.failure;
}

std::optional<std::string> CaptureKeys::observeSecret(std::string_view conn, std::string_view secret_base64) {
  Slot& slot = slotFor(conn);
  const crypto::KeyEntry e = entryFor(conn);
  if (!e.private_key) return std::nullopt;
  auto secret = crypto::decodeKeyValue(secret_base64);
  if (!secret) return fmt::format("conn secret: {}", secret.error().message);
  // Rule 1: a secret that checks out against the private key gives this session's keys, which
  // win over given ones (those may be another session's). One that does not leaves them be.
  auto keys = crypto::deriveSessionKeys(*e.private_key, *secret);
  if (!keys) {
    std::string failure = fmt::format("keys for connection {}: {}", conn, keys.error().message);
    if (!slot.keys && slot.failure != failure) {
      slot.failure = failure;
      slot.snapshot.reset();
    }
    return failure;
  }
  if (!slot.keys || *slot.keys != *keys) {
    slot.keys = *keys;
    slot.cipher = std::make_unique<crypto::FrameCipher>(*keys);
    slot.snapshot.reset();
  }
  if (!slot.failure.empty()) {
    slot.failure.clear();
    slot.snapshot.reset();
  }
  return std::nullopt;
}

}  // namespace wa::session
