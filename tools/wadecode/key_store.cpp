// Key resolution per connection.
#include "wadecode/key_store.h"

#include <fmt/format.h>

#include "wa/codec/frame/frame.h"

namespace wa::wadecode {

bool KeyStore::anyGiven() const noexcept {
  return sources_.file || sources_.enc_key || sources_.mac_key || sources_.private_key;
}

crypto::KeyEntry KeyStore::entryFor(std::string_view conn) const {
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

KeyStore::Slot& KeyStore::slotFor(std::string_view conn) {
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

std::vector<std::string> KeyStore::namedConnections() const {
  std::vector<std::string> names;
  if (sources_.file)
    for (const auto& [name, entry] : sources_.file->connections) names.push_back(name);
  return names;
}

crypto::FrameCipher* KeyStore::cipherFor(std::string_view conn) { return slotFor(conn).cipher.get(); }

std::optional<crypto::SessionKeys> KeyStore::keysFor(std::string_view conn) { return slotFor(conn).keys; }

codec::FrameCheck KeyStore::checkCandidate(std::string_view conn, codec::Direction dir, codec::Opcode op,
                                           codec::ByteView payload, bool complete) {
  if (op != codec::Opcode::Binary || !complete) return codec::FrameCheck::Unknown;
  crypto::FrameCipher* cipher = cipherFor(conn);
  if (cipher == nullptr) return codec::FrameCheck::Unknown;
  for (codec::Direction d : {codec::Direction::Send, codec::Direction::Receive}) {
    if (dir != codec::Direction::Unknown && d != dir) continue;
    codec::SplitOptions split;
    split.opcode = codec::Opcode::Binary;
    split.dir = d;
    const codec::Frame frame = codec::splitFrame(codec::asChars(payload), split);
    if (frame.error || frame.kind != codec::FrameKind::Binary) continue;
    if (cipher->verifyServerBody(crypto::asBytes(frame.body))) return codec::FrameCheck::Pass;
  }
  return codec::FrameCheck::Fail;
}

std::string KeyStore::missingReason(std::string_view conn) const {
  auto it = slots_.find(conn);
  return it == slots_.end() ? std::string("no keys") : it->second.failure;
}

std::optional<std::string> KeyStore::observeSecret(std::string_view conn, std::string_view secret_base64) {
  Slot& slot = slotFor(conn);
  crypto::KeyEntry e = entryFor(conn);
  if (!e.private_key) return std::nullopt;
  if (slot.keys && e.enc_key && e.mac_key) return std::nullopt;  // explicit keys win
  auto secret = crypto::decodeKeyValue(secret_base64);
  if (!secret) return fmt::format("conn secret: {}", secret.error().message);
  auto keys = crypto::deriveSessionKeys(*e.private_key, *secret);
  if (!keys) {
    slot.failure = fmt::format("keys for connection {}: {}", conn, keys.error().message);
    return slot.failure;
  }
  slot.keys = *keys;
  slot.cipher = std::make_unique<crypto::FrameCipher>(*keys);
  slot.failure.clear();
  return std::nullopt;
}

}  // namespace wa::wadecode
