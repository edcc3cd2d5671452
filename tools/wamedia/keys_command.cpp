// wamedia keys: the expanded media key (iv, cipherKey, macKey, refKey) of one type or of every label.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/exit_codes.h"
#include "wa/crypto/media_probe.h"
#include "wamedia/command_support.h"
#include "wamedia/commands.h"

namespace wa::wamedia {
namespace {

std::string encode(crypto::ByteView bytes, bool base64) {
  return base64 ? crypto::base64Encode(bytes) : "hex:" + crypto::hexEncode(bytes);
}

std::string keysLine(crypto::MediaType type, const crypto::MediaKeys& keys, bool base64) {
  nlohmann::ordered_json doc;
  doc["type"] = std::string(crypto::toString(type));
  doc["hkdfInfo"] = std::string(crypto::mediaTypeInfo(type).hkdf_info);
  doc["iv"] = encode(keys.iv, base64);
  doc["cipherKey"] = encode(keys.cipher_key, base64);
  doc["macKey"] = encode(keys.mac_key, base64);
  doc["refKey"] = encode(keys.ref_key, base64);
  return doc.dump() + "\n";
}

}  // namespace

int runKeys(const KeysOptions& o, tools::Diagnostics& diag) {
  auto params = resolveMedia(o.media, ResolveRules{true, true, true});
  if (!params) return report(diag, params.error());
  std::vector<crypto::MediaType> types;
  if (params->type_all) {
    types = crypto::mediaTypesWithDistinctKeys();
  } else if (params->type_auto) {
    if (o.input.empty()) return report(diag, usageFailure("--type auto needs the encrypted file to check the mac of"));
    if (o.input == "-" && o.media.message_file == "-")
      return report(diag, usageFailure("--message - and the encrypted file cannot both be standard input"));
    auto input = EncryptedInput::open(o.input);
    if (!input) return report(diag, ioFailure(input.error()));
    if (!input->seekable()) {
      if (auto ok = input->spool(); !ok) return report(diag, ioFailure(ok.error()));
    }
    if (auto problem = precheckInput(*input, *params)) return report(diag, *problem);
    tools::ProgressBar progress = makeProgress("probe", *input, 1, tools::ColorMode::Auto);
    auto found = findTypeByMac(*input, *params, diag, progress);
    if (!found) return report(diag, found.error());
    types.push_back(*found);
  } else {
    types.push_back(*params->type);
  }
  std::string out;
  for (const crypto::MediaType type : types) {
    auto keys = crypto::expandMediaKey(*params->media_key, type);
    if (!keys) return report(diag, usageFailure("--type: " + keys.error().message));
    out += keysLine(type, *keys, o.base64);
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  if (std::ferror(stdout)) return report(diag, ioFailure("<stdout>: write error"));
  return tools::kExitOk;
}

}  // namespace wa::wamedia
