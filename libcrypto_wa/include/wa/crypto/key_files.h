// Key and session files: the project's JSON key file (read and written) and the session files
// other clients save (Baileys, the browser's localStorage, go-whatsapp, whatsapp-web-reveng),
// parsed into one KeyFile. Errors name the field and never quote a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/session.h"

namespace wa::crypto {

enum class KeyFileFormat : std::uint8_t {
  /// The project's own: {"encKey", "macKey"} or {"privateKey", "secret"}, optional
  /// "clientId", "clientToken", "serverToken", "browserToken", "wid", and
  /// {"connections": {"<conn>": {...}}} whose entries override the top-level defaults.
  Project,
  /// Baileys (v3) auth info: {"clientID", "serverToken", "clientToken", "encKey", "macKey"}.
  Baileys,
  /// A JSON object of the browser's localStorage: "WASecretBundle" (a JSON string or object
  /// {key, encKey, macKey}; `key` is not used), "WAToken1" (clientToken), "WAToken2" (serverToken),
  /// "WABrowserId" (clientId), the last three JSON-quoted strings; other items are ignored.
  BrowserLocalStorage,
  /// go-whatsapp's Session: {"ClientId", "ClientToken", "ServerToken", "EncKey", "MacKey", "Wid"}.
  GoWhatsapp,
  /// whatsapp-web-reveng's Python backend state: {"loginInfo": {"clientId", "privateKey",
  /// "publicKey", "key": {"encKey", "macKey"}}, "connInfo": {"clientToken", "serverToken",
  /// "browserToken", "secret", "me"}}. The backend itself keeps these in memory only; this is the
  /// JSON shape of its loginInfo/connInfo dictionaries (an assumption: the backend's upstream code
  /// never writes them to a file; a commented-out loader reads exactly this {loginInfo, connInfo}
  /// object). Byte values are base64 (privateKey: the 32 raw bytes of the X25519 key).
  WebReveng,
};

std::string_view toString(KeyFileFormat format) noexcept;

/// One set of keys and tokens. Byte values are decoded and length-checked.
struct KeyEntry {
  std::optional<Key32> enc_key;
  std::optional<Key32> mac_key;
  std::optional<Key32> private_key;  ///< the client's X25519 private key
  std::optional<Bytes> secret;       ///< the Conn `secret`, 144 bytes
  std::optional<std::string> client_id;
  std::optional<std::string> client_token;
  std::optional<std::string> server_token;
  std::optional<std::string> browser_token;
  std::optional<std::string> wid;

  /// encKey and macKey as given, or derived from privateKey and secret. Fails (Invalid,
  /// stage KeyFile) naming what is missing ("secret: missing (the capture's Conn message carries
  /// it)"), or with deriveSessionKeys' errors.
  [[nodiscard]] Expected<SessionKeys> sessionKeys() const;
  /// Either pair present (privateKey alone counts: the secret may come from the capture).
  [[nodiscard]] bool hasKeyMaterial() const noexcept;

  friend bool operator==(const KeyEntry&, const KeyEntry&) = default;
};

/// A parsed key file: the defaults, and per-connection entries that override them field by field.
struct KeyFile : KeyEntry {
  KeyFileFormat format = KeyFileFormat::Project;
  std::map<std::string, KeyEntry, std::less<>> connections;

  /// The defaults overlaid with connections[conn] (just the defaults for an unknown conn).
  [[nodiscard]] KeyEntry forConnection(std::string_view conn) const;
};

/// Limits on untrusted key files.
inline constexpr std::size_t kMaxKeyFileSize = 1 << 20;
inline constexpr std::size_t kMaxKeyFileDepth = 16;

/// Detects the format and parses. Byte values are base64 (standard or URL-safe, padded or not) or
/// "hex:" followed by hex. Errors are Invalid with stage KeyFile, offset 0 unless a JSON
/// syntax error has a byte position, and a message that starts with the field:
///   "encKey: 31 bytes where 32 are needed", "macKey: missing", "secret: not base64 (...)",
///   "connections.5: encKey: missing (give encKey and macKey, or privateKey)".
/// Every entry that will be used (the defaults when there are no connections, otherwise each
/// connection merged with the defaults) must hold encKey and macKey, or privateKey.
Expected<KeyFile> parseKeyFile(std::string_view text);
/// Parses as the given format, without detection.
Expected<KeyFile> parseKeyFile(std::string_view text, KeyFileFormat format);
/// Reads and parses a file; Io (stage KeyFile) when it cannot be read or exceeds kMaxKeyFileSize.
Expected<KeyFile> readKeyFile(const std::filesystem::path& path);

/// The project's JSON format (two-space indent, base64 values, fields in a fixed order), which
/// parseKeyFile reads back to an equal KeyFile (format aside). Contains secrets by design.
std::string writeKeyFile(const KeyEntry& defaults, const std::map<std::string, KeyEntry, std::less<>>& connections = {});
std::string writeKeyFile(const KeyFile& file);

}  // namespace wa::crypto
