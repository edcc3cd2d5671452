// Parsing of the project's key files and of other clients' session files, and the key file writer.
#include "wa/crypto/key_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/support/text/json_text.h"

namespace wa::crypto {
namespace {

using Json = nlohmann::json;

Unexpected fieldError(std::string_view path, std::string_view what) {
  return makeError(ErrorCode::Invalid, Stage::KeyFile, 0, fmt::format("{}: {}", path, what));
}

std::string join(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

// Rejects nesting deeper than kMaxKeyFileDepth before the JSON parser sees the text.
Expected<void> checkDepth(std::string_view text) {
  if (std::size_t deep = support::jsonTooDeepAt(text, kMaxKeyFileDepth); deep != std::string_view::npos) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, deep,
                     fmt::format("nested deeper than the {} levels a key file can have", kMaxKeyFileDepth));
  }
  return {};
}

Expected<Json> parseJson(std::string_view text, std::string_view what) {
  if (text.size() > kMaxKeyFileSize) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, 0,
                     fmt::format("{} of {} bytes is larger than the {} a key file can be", what, text.size(),
                                 kMaxKeyFileSize));
  }
  if (auto ok = checkDepth(text); !ok) return tl::unexpected(ok.error());
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's own message quotes the input near the error, which may be key material: not used.
    const std::uint64_t at = e.byte > 0 ? e.byte - 1 : 0;
    return makeError(ErrorCode::Invalid, Stage::KeyFile, at,
                     fmt::format("{} is not JSON (syntax error at byte {})", what, at));
  } catch (const std::exception&) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, 0, fmt::format("{} is not JSON", what));
  }
}

// Reads object fields into a KeyEntry, checking types, encodings and lengths.
class EntryReader {
 public:
  EntryReader(const Json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {}

  const Json* find(std::string_view name) const {
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  Expected<std::optional<std::string>> string(std::string_view name) const {
    const Json* value = find(name);
    if (value == nullptr) return std::optional<std::string>{};
    if (!value->is_string()) return fieldError(join(prefix_, name), "expected a string");
    return std::optional<std::string>(value->get<std::string>());
  }

  Expected<std::optional<Bytes>> bytes(std::string_view name) const {
    auto text = string(name);
    if (!text) return tl::unexpected(text.error());
    if (!*text) return std::optional<Bytes>{};
    auto decoded = decodeKeyValue(**text);
    if (!decoded) return fieldError(join(prefix_, name), decoded.error().message);
    return std::optional<Bytes>(std::move(*decoded));
  }

  template <std::size_t N>
  Expected<std::optional<std::array<std::uint8_t, N>>> fixed(std::string_view name) const {
    auto raw = bytes(name);
    if (!raw) return tl::unexpected(raw.error());
    if (!*raw) return std::optional<std::array<std::uint8_t, N>>{};
    const std::size_t size = (*raw)->size();
    if (size != N) {
      secureWipe(**raw);
      return fieldError(join(prefix_, name), fmt::format("{} byte{} where {} are needed", size, size == 1 ? "" : "s", N));
    }
    std::array<std::uint8_t, N> out{};
    std::memcpy(out.data(), (*raw)->data(), N);
    secureWipe(**raw);
    return std::optional<std::array<std::uint8_t, N>>(out);
  }

  [[nodiscard]] const std::string& prefix() const noexcept { return prefix_; }

 private:
  const Json& object_;
  std::string prefix_;
};

#define WA_TRY_ASSIGN(target, expr)                          \
  do {                                                       \
    auto wa_try_value = (expr);                              \
    if (!wa_try_value) return tl::unexpected(wa_try_value.error()); \
    (target) = std::move(*wa_try_value);                     \
  } while (false)

// Field names of one flat format.
struct FieldNames {
  std::string_view enc_key, mac_key, private_key, secret, client_id, client_token, server_token, browser_token, wid;
};

constexpr FieldNames kProjectNames{"encKey", "macKey", "privateKey", "secret", "clientId",
                                   "clientToken", "serverToken", "browserToken", "wid"};
constexpr FieldNames kBaileysNames{"encKey", "macKey", "", "", "clientID", "clientToken", "serverToken", "", ""};
constexpr FieldNames kGoNames{"EncKey", "MacKey", "", "", "ClientId", "ClientToken", "ServerToken", "", "Wid"};

Expected<void> readFlat(const EntryReader& reader, const FieldNames& names, KeyEntry& entry) {
  auto ifNamed = [](std::string_view n) { return !n.empty(); };
  if (ifNamed(names.enc_key)) WA_TRY_ASSIGN(entry.enc_key, reader.fixed<32>(names.enc_key));
  if (ifNamed(names.mac_key)) WA_TRY_ASSIGN(entry.mac_key, reader.fixed<32>(names.mac_key));
  if (ifNamed(names.private_key)) WA_TRY_ASSIGN(entry.private_key, reader.fixed<32>(names.private_key));
  if (ifNamed(names.secret)) {
    WA_TRY_ASSIGN(entry.secret, reader.bytes(names.secret));
    if (entry.secret && entry.secret->size() != kSecretSize) {
      const std::size_t size = entry.secret->size();
      secureWipe(*entry.secret);
      return fieldError(join(reader.prefix(), names.secret),
                        fmt::format("{} byte{} where {} are needed", size, size == 1 ? "" : "s", kSecretSize));
    }
  }
  if (ifNamed(names.client_id)) WA_TRY_ASSIGN(entry.client_id, reader.string(names.client_id));
  if (ifNamed(names.client_token)) WA_TRY_ASSIGN(entry.client_token, reader.string(names.client_token));
  if (ifNamed(names.server_token)) WA_TRY_ASSIGN(entry.server_token, reader.string(names.server_token));
  if (ifNamed(names.browser_token)) WA_TRY_ASSIGN(entry.browser_token, reader.string(names.browser_token));
  if (ifNamed(names.wid)) WA_TRY_ASSIGN(entry.wid, reader.string(names.wid));
  return {};
}

// encKey and macKey only work together, and must come from the same object.
Expected<void> checkKeyPair(const KeyEntry& entry, std::string_view prefix, const FieldNames& names) {
  if (entry.enc_key && !entry.mac_key) return fieldError(join(prefix, names.mac_key), "missing");
  if (entry.mac_key && !entry.enc_key) return fieldError(join(prefix, names.enc_key), "missing");
  return {};
}

// A secret is useless without the private key it was made for (checked on the entry in effect, so
// a connection may give its secret under a default private key).
Expected<void> checkSecretHasKey(const KeyEntry& entry, std::string_view prefix, const FieldNames& names) {
  if (entry.secret && !entry.private_key && !entry.enc_key && !names.private_key.empty()) {
    return fieldError(join(prefix, names.private_key), "missing (a secret needs the private key it was made for)");
  }
  return {};
}

Expected<void> checkPairs(const KeyEntry& entry, std::string_view prefix, const FieldNames& names) {
  if (auto ok = checkKeyPair(entry, prefix, names); !ok) return ok;
  return checkSecretHasKey(entry, prefix, names);
}

Expected<void> requireKeys(const KeyEntry& entry, std::string_view prefix, const FieldNames& names) {
  if (entry.hasKeyMaterial()) return {};
  const std::string path = join(prefix, names.enc_key);
  if (names.private_key.empty()) return fieldError(path, "missing");
  return fieldError(path, fmt::format("missing (give {} and {}, or {})", names.enc_key, names.mac_key,
                                      names.private_key));
}

void overlay(KeyEntry& base, const KeyEntry& top) {
  auto take = [](auto& to, const auto& from) {
    if (from) to = from;
  };
  // Keys travel in pairs: a connection's encKey/macKey replace the defaults' pair; a connection's
  // privateKey replaces the defaults' privateKey and secret (its own secret, or none: the capture
  // may carry it) and drops the defaults' encKey/macKey, which belong to another login.
  if (top.enc_key || top.mac_key) {
    base.enc_key = top.enc_key;
    base.mac_key = top.mac_key;
  }
  if (top.private_key) {
    base.private_key = top.private_key;
    base.secret = top.secret;
    if (!top.enc_key) {
      base.enc_key.reset();
      base.mac_key.reset();
    }
  } else {
    take(base.secret, top.secret);
  }
  take(base.client_id, top.client_id);
  take(base.client_token, top.client_token);
  take(base.server_token, top.server_token);
  take(base.browser_token, top.browser_token);
  take(base.wid, top.wid);
}

// ---- Formats ------------------------------------------------------------------------------------

Expected<KeyFile> parseProject(const Json& root) {
  KeyFile file;
  file.format = KeyFileFormat::Project;
  if (auto ok = readFlat(EntryReader(root, ""), kProjectNames, file); !ok) return tl::unexpected(ok.error());
  if (auto ok = checkKeyPair(file, "", kProjectNames); !ok) return tl::unexpected(ok.error());
  auto conns = root.find("connections");
  if (conns != root.end() && !conns->is_null()) {
    if (!conns->is_object()) return fieldError("connections", "expected an object");
    for (const auto& [name, value] : conns->items()) {
      const std::string prefix = fmt::format("connections.{}", name);
      if (!value.is_object()) return fieldError(prefix, "expected an object");
      KeyEntry entry;
      if (auto ok = readFlat(EntryReader(value, prefix), kProjectNames, entry); !ok) return tl::unexpected(ok.error());
      if (auto ok = checkKeyPair(entry, prefix, kProjectNames); !ok) return tl::unexpected(ok.error());
      KeyEntry merged = file;
      overlay(merged, entry);
      if (auto ok = checkSecretHasKey(merged, prefix, kProjectNames); !ok) return tl::unexpected(ok.error());
      if (!merged.hasKeyMaterial()) {
        return fieldError(prefix, fmt::format("encKey: missing (give encKey and macKey, or privateKey)"));
      }
      file.connections.emplace(name, std::move(entry));
    }
  }
  if (file.connections.empty()) {
    if (auto ok = checkSecretHasKey(file, "", kProjectNames); !ok) return tl::unexpected(ok.error());
    if (auto ok = requireKeys(file, "", kProjectNames); !ok) return tl::unexpected(ok.error());
  }
  return file;
}

Expected<KeyFile> parseFlatFormat(const Json& root, KeyFileFormat format, const FieldNames& names) {
  KeyFile file;
  file.format = format;
  if (auto ok = readFlat(EntryReader(root, ""), names, file); !ok) return tl::unexpected(ok.error());
  if (auto ok = checkPairs(file, "", names); !ok) return tl::unexpected(ok.error());
  if (auto ok = requireKeys(file, "", names); !ok) return tl::unexpected(ok.error());
  return file;
}

// localStorage values are JSON texts themselves: "\"abc\"" for a string.
Expected<std::optional<std::string>> storageString(const Json& root, std::string_view name) {
  auto it = root.find(name);
  if (it == root.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return fieldError(name, "expected a string");
  const std::string raw = it->get<std::string>();
  if (!raw.empty() && raw.front() == '"') {
    auto inner = parseJson(raw, name);
    if (!inner || !inner->is_string()) return fieldError(name, "expected a JSON-quoted string");
    return std::optional<std::string>(inner->get<std::string>());
  }
  return std::optional<std::string>(raw);
}

Expected<KeyFile> parseBrowser(const Json& root) {
  KeyFile file;
  file.format = KeyFileFormat::BrowserLocalStorage;
  auto it = root.find("WASecretBundle");
  if (it == root.end() || it->is_null()) return fieldError("WASecretBundle", "missing");
  Json bundle;
  if (it->is_string()) {
    auto parsed = parseJson(it->get<std::string>(), "WASecretBundle");
    if (!parsed) return fieldError("WASecretBundle", "not a JSON object");
    bundle = std::move(*parsed);
  } else {
    bundle = *it;
  }
  if (!bundle.is_object()) return fieldError("WASecretBundle", "not a JSON object");
  const EntryReader reader(bundle, "WASecretBundle");
  WA_TRY_ASSIGN(file.enc_key, reader.fixed<32>("encKey"));
  WA_TRY_ASSIGN(file.mac_key, reader.fixed<32>("macKey"));
  if (!file.enc_key) return fieldError("WASecretBundle.encKey", "missing");
  if (!file.mac_key) return fieldError("WASecretBundle.macKey", "missing");
  WA_TRY_ASSIGN(file.client_token, storageString(root, "WAToken1"));
  WA_TRY_ASSIGN(file.server_token, storageString(root, "WAToken2"));
  WA_TRY_ASSIGN(file.client_id, storageString(root, "WABrowserId"));
  return file;
}

Expected<KeyFile> parseReveng(const Json& root) {
  KeyFile file;
  file.format = KeyFileFormat::WebReveng;
  auto section = [&](std::string_view name) -> Expected<const Json*> {
    auto it = root.find(name);
    if (it == root.end() || it->is_null()) return static_cast<const Json*>(nullptr);
    if (!it->is_object()) return fieldError(name, "expected an object");
    return &*it;
  };
  const Json* login = nullptr;
  const Json* conn = nullptr;
  WA_TRY_ASSIGN(login, section("loginInfo"));
  WA_TRY_ASSIGN(conn, section("connInfo"));
  if (login != nullptr) {
    const EntryReader reader(*login, "loginInfo");
    WA_TRY_ASSIGN(file.client_id, reader.string("clientId"));
    WA_TRY_ASSIGN(file.private_key, reader.fixed<32>("privateKey"));
    auto key = login->find("key");
    if (key != login->end() && !key->is_null()) {
      if (!key->is_object()) return fieldError("loginInfo.key", "expected an object");
      const EntryReader keys(*key, "loginInfo.key");
      WA_TRY_ASSIGN(file.enc_key, keys.fixed<32>("encKey"));
      WA_TRY_ASSIGN(file.mac_key, keys.fixed<32>("macKey"));
      if (file.enc_key && !file.mac_key) return fieldError("loginInfo.key.macKey", "missing");
      if (file.mac_key && !file.enc_key) return fieldError("loginInfo.key.encKey", "missing");
    }
  }
  if (conn != nullptr) {
    const EntryReader reader(*conn, "connInfo");
    WA_TRY_ASSIGN(file.client_token, reader.string("clientToken"));
    WA_TRY_ASSIGN(file.server_token, reader.string("serverToken"));
    WA_TRY_ASSIGN(file.browser_token, reader.string("browserToken"));
    WA_TRY_ASSIGN(file.wid, reader.string("me"));
    WA_TRY_ASSIGN(file.secret, reader.bytes("secret"));
    if (file.secret && file.secret->size() != kSecretSize) {
      const std::size_t size = file.secret->size();
      secureWipe(*file.secret);
      return fieldError("connInfo.secret", fmt::format("{} bytes where {} are needed", size, kSecretSize));
    }
  }
  if (!file.hasKeyMaterial()) {
    return fieldError("loginInfo.key.encKey", "missing (give loginInfo.key.encKey and macKey, or loginInfo.privateKey)");
  }
  return file;
}

KeyFileFormat detect(const Json& root) {
  if (root.contains("WASecretBundle")) return KeyFileFormat::BrowserLocalStorage;
  if (root.contains("loginInfo") || root.contains("connInfo")) return KeyFileFormat::WebReveng;
  if (root.contains("EncKey") || root.contains("MacKey") || root.contains("ClientId")) return KeyFileFormat::GoWhatsapp;
  if (root.contains("clientID")) return KeyFileFormat::Baileys;
  return KeyFileFormat::Project;
}

Expected<KeyFile> parseAs(const Json& root, KeyFileFormat format) {
  switch (format) {
    case KeyFileFormat::Project: return parseProject(root);
    case KeyFileFormat::Baileys: return parseFlatFormat(root, format, kBaileysNames);
    case KeyFileFormat::BrowserLocalStorage: return parseBrowser(root);
    case KeyFileFormat::GoWhatsapp: return parseFlatFormat(root, format, kGoNames);
    case KeyFileFormat::WebReveng: return parseReveng(root);
  }
  return makeError(ErrorCode::Unsupported, Stage::KeyFile, 0, "unknown key file format");
}

Expected<Json> parseRoot(std::string_view text) {
  auto root = parseJson(text, "the key file");
  if (!root) return root;
  if (!root->is_object()) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, 0, "the key file is not a JSON object");
  }
  return root;
}

}  // namespace

std::string_view toString(KeyFileFormat format) noexcept {
  switch (format) {
    case KeyFileFormat::Project: return "project";
    case KeyFileFormat::Baileys: return "baileys";
    case KeyFileFormat::BrowserLocalStorage: return "browser-localstorage";
    case KeyFileFormat::GoWhatsapp: return "go-whatsapp";
    case KeyFileFormat::WebReveng: return "whatsapp-web-reveng";
  }
  return "unknown";
}

bool KeyEntry::hasKeyMaterial() const noexcept { return (enc_key && mac_key) || private_key.has_value(); }

Expected<SessionKeys> KeyEntry::sessionKeys() const {
  if (enc_key && mac_key) return SessionKeys{*enc_key, *mac_key};
  if (!private_key) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, 0,
                     "encKey: missing (give encKey and macKey, or privateKey and secret)");
  }
  if (!secret) {
    return makeError(ErrorCode::Invalid, Stage::KeyFile, 0,
                     "secret: missing (the capture's Conn message carries it)");
  }
  return deriveSessionKeys(*private_key, *secret);
}

KeyEntry KeyFile::forConnection(std::string_view conn) const {
  KeyEntry merged = static_cast<const KeyEntry&>(*this);
  auto it = connections.find(conn);
  if (it != connections.end()) overlay(merged, it->second);
  return merged;
}

Expected<KeyFile> parseKeyFile(std::string_view text) {
  auto root = parseRoot(text);
  if (!root) return tl::unexpected(root.error());
  return parseAs(*root, detect(*root));
}

Expected<KeyFile> parseKeyFile(std::string_view text, KeyFileFormat format) {
  auto root = parseRoot(text);
  if (!root) return tl::unexpected(root.error());
  return parseAs(*root, format);
}

Expected<KeyFile> readKeyFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return makeError(ErrorCode::Io, Stage::KeyFile, 0,
                     fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  }
  std::string text;
  char buffer[8192];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxKeyFileSize) {
      return makeError(ErrorCode::Io, Stage::KeyFile, 0,
                       fmt::format("{} is larger than the {} bytes a key file can be", path.string(), kMaxKeyFileSize));
    }
  }
  if (in.bad()) return makeError(ErrorCode::Io, Stage::KeyFile, 0, fmt::format("cannot read {}", path.string()));
  auto file = parseKeyFile(text);
  secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
  return file;
}

// ---- Writer -------------------------------------------------------------------------------------

namespace {

Json entryJson(const KeyEntry& entry) {
  Json out = Json::object();
  auto put = [&](const char* name, const auto& value) {
    if (value) out[name] = base64Encode(*value);
  };
  auto putString = [&](const char* name, const std::optional<std::string>& value) {
    if (value) out[name] = *value;
  };
  put("encKey", entry.enc_key);
  put("macKey", entry.mac_key);
  put("privateKey", entry.private_key);
  put("secret", entry.secret);
  putString("clientId", entry.client_id);
  putString("clientToken", entry.client_token);
  putString("serverToken", entry.server_token);
  putString("browserToken", entry.browser_token);
  putString("wid", entry.wid);
  return out;
}

}  // namespace

std::string writeKeyFile(const KeyEntry& defaults, const std::map<std::string, KeyEntry, std::less<>>& connections) {
  // ordered_json keeps the field order above; nlohmann::json would sort it.
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  const Json flat = entryJson(defaults);
  for (const char* name : {"encKey", "macKey", "privateKey", "secret", "clientId", "clientToken", "serverToken",
                           "browserToken", "wid"}) {
    if (flat.contains(name)) out[name] = flat[name];
  }
  if (!connections.empty()) {
    nlohmann::ordered_json conns = nlohmann::ordered_json::object();
    for (const auto& [name, entry] : connections) {
      const Json one = entryJson(entry);
      nlohmann::ordered_json ordered = nlohmann::ordered_json::object();
      for (const char* field : {"encKey", "macKey", "privateKey", "secret", "clientId", "clientToken", "serverToken",
                                "browserToken", "wid"}) {
        if (one.contains(field)) ordered[field] = one[field];
      }
      conns[name] = std::move(ordered);
    }
    out["connections"] = std::move(conns);
  }
  return out.dump(2, ' ', /*ensure_ascii=*/false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string writeKeyFile(const KeyFile& file) {
  return writeKeyFile(static_cast<const KeyEntry&>(file), file.connections);
}

}  // namespace wa::crypto
