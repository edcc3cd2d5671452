// Key options and the key documents --print-keys writes.
#include "wadecode/key_options.h"

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "wa/crypto/bytes.h"

namespace wa::wadecode {
namespace {

std::optional<crypto::Key32> parseKeyOption(const std::string& value, const char* name, tools::Diagnostics& diag,
                                            bool& ok) {
  if (value.empty()) return std::nullopt;
  auto bytes = crypto::decodeKeyValue(value);
  if (!bytes) {
    diag.error(fmt::format("--{}: {}", name, bytes.error().message));
    ok = false;
    return std::nullopt;
  }
  auto key = crypto::toFixed<32>(*bytes, fmt::format("--{}", name));
  if (!key) {
    diag.error(key.error().message);
    ok = false;
    return std::nullopt;
  }
  return *key;
}

/// {"encKey", "macKey"} of the resolved keys of `conn`, or nullopt.
std::optional<nlohmann::ordered_json> keysJson(session::CaptureKeys& keys, const std::string& conn) {
  auto k = keys.keysFor(conn);
  if (!k) return std::nullopt;
  return nlohmann::ordered_json{{"encKey", crypto::base64Encode(k->enc_key)},
                                {"macKey", crypto::base64Encode(k->mac_key)}};
}

}  // namespace

std::optional<session::KeySources> readKeyOptions(const DecodeOptions& options, tools::Diagnostics& diag,
                                                  int& status) {
  session::KeySources sources;
  if (!options.keys_file.empty()) {
    auto file = crypto::readKeyFile(options.keys_file);
    if (!file) {
      diag.error(fmt::format("{}: {}", options.keys_file, file.error().message));
      status = file.error().code == crypto::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
      return std::nullopt;
    }
    sources.file = std::move(*file);
  }
  bool ok = true;
  sources.enc_key = parseKeyOption(options.enc_key, "enc-key", diag, ok);
  sources.mac_key = parseKeyOption(options.mac_key, "mac-key", diag, ok);
  sources.private_key = parseKeyOption(options.private_key, "private-key", diag, ok);
  if (ok && sources.enc_key.has_value() != sources.mac_key.has_value()) {
    diag.error("--enc-key and --mac-key go together");
    ok = false;
  }
  if (!ok) {
    status = tools::kExitUsage;
    return std::nullopt;
  }
  return sources;
}

std::optional<nlohmann::ordered_json> settledKeys(session::CaptureKeys& keys) {
  const std::vector<std::string> named = keys.namedConnections();
  if (named.empty()) return keysJson(keys, "");
  nlohmann::ordered_json out;
  for (const auto& conn : named) {
    auto entry = keysJson(keys, conn);
    if (!entry) return std::nullopt;
    out["connections"][conn] = std::move(*entry);
  }
  return out;
}

std::optional<nlohmann::ordered_json> capturedKeys(session::CaptureKeys& keys, const std::vector<std::string>& conns) {
  if (conns.size() <= 1) return keysJson(keys, conns.empty() ? std::string() : conns.front());
  nlohmann::ordered_json out;
  for (const auto& conn : conns)
    if (auto entry = keysJson(keys, conn)) out["connections"][conn] = std::move(*entry);
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace wa::wadecode
