// Prints the decryption of one media file step by step, for docs/protocol/media.md.
//
// Usage: wa-docs-media-example INFO_JSON ENCRYPTED PLAINTEXT
// INFO_JSON is what `wamedia encrypt --info` wrote (type, mediaKey, fileSha256, fileEncSha256,
// fileLength); ENCRYPTED the upload body; PLAINTEXT the file it was made from. The key expansion,
// MAC, decryption and hashes are computed with wa::crypto's primitives and checked against the
// JSON, the plaintext and decryptMedia(). Exit status 0 when all agree, 1 otherwise, 2 on bad
// arguments or unreadable inputs.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/crypto/crypto.h"

namespace {

using wa::crypto::ByteView;
using wa::crypto::Bytes;

std::optional<Bytes> readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string baseName(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// Hex in lines of 32 bytes, continuation lines indented to `indent`.
std::string hexLines(ByteView bytes, std::size_t indent) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 32) {
    if (i > 0) out += "\n" + std::string(indent, ' ');
    out += wa::crypto::hexEncode(bytes.subspan(i, std::min<std::size_t>(32, bytes.size() - i)));
  }
  return out;
}

void show(const std::string& label, ByteView bytes, const std::string& note = {}) {
  std::printf("  %-22s %s\n", label.c_str(), hexLines(bytes, 25).c_str());
  if (!note.empty()) std::printf("  %-22s %s\n", "", note.c_str());
}

// The first and last 16 bytes of a long run, with what lies between counted.
void showLong(const std::string& label, ByteView bytes, const std::string& note) {
  std::printf("  %-22s %s ...\n", label.c_str(), wa::crypto::hexEncode(bytes.first(16)).c_str());
  std::printf("  %-22s ... %s\n", "", wa::crypto::hexEncode(bytes.last(16)).c_str());
  std::printf("  %-22s %s\n", "", note.c_str());
}

void yesNo(const char* label, bool ok) { std::printf("  %-22s %s\n", label, ok ? "yes" : "NO"); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: wa-docs-media-example INFO_JSON ENCRYPTED PLAINTEXT\n");
    return 2;
  }
  namespace wc = wa::crypto;
  auto info_text = readFile(argv[1]);
  auto file = readFile(argv[2]);
  auto original = readFile(argv[3]);
  if (!info_text || !file || !original) {
    std::fprintf(stderr, "wa-docs-media-example: cannot read the inputs\n");
    return 2;
  }
  const auto info = nlohmann::json::parse(info_text->begin(), info_text->end(), nullptr, false);
  if (!info.is_object() || !info.contains("type") || !info.contains("mediaKey")) {
    std::fprintf(stderr, "wa-docs-media-example: %s: no type and mediaKey\n", argv[1]);
    return 2;
  }
  auto type = wc::parseMediaType(info["type"].get<std::string>());
  auto media_key = wc::base64Decode(info["mediaKey"].get<std::string>());
  auto file_sha256 = wc::base64Decode(info.value("fileSha256", std::string()));
  auto file_enc_sha256 = wc::base64Decode(info.value("fileEncSha256", std::string()));
  if (!type || !media_key || !file_sha256 || !file_enc_sha256 || file->size() < wc::kMinEncryptedMediaSize ||
      (file->size() - wc::kMediaMacSize) % 16 != 0) {
    std::fprintf(stderr, "wa-docs-media-example: unusable inputs\n");
    return 2;
  }
  const std::string hkdf_info(wc::mediaTypeInfo(*type).hkdf_info);
  bool ok = true;

  std::printf("inputs (%s)\n", baseName(argv[1]).c_str());
  std::printf("  %-22s %s\n", "type", std::string(wc::toString(*type)).c_str());
  show("mediaKey", *media_key, fmt::format("base64 {}", info["mediaKey"].get<std::string>()));
  std::printf("  %-22s %s, %zu bytes\n", "encrypted file", baseName(argv[2]).c_str(), file->size());

  std::printf("\n1. expanded = HKDF-SHA256(mediaKey, salt = 32 zero bytes, info = \"%s\", length 112)\n",
              hkdf_info.c_str());
  const Bytes zero_salt(32, 0);
  auto expanded = wc::hkdfSha256(*media_key, zero_salt, wc::asBytes(hkdf_info), 112);
  if (!expanded) return 1;
  const ByteView e(*expanded);
  show("iv = [0:16]", e.subspan(0, 16));
  show("cipherKey = [16:48]", e.subspan(16, 32));
  show("macKey = [48:80]", e.subspan(48, 32));
  show("refKey = [80:112]", e.subspan(80, 32), "derived, never used");

  std::printf("\n2. the file is ciphertext || mac\n");
  const ByteView f(*file);
  const ByteView ct = f.first(f.size() - wc::kMediaMacSize);
  const ByteView mac = f.last(wc::kMediaMacSize);
  showLong(fmt::format("ciphertext [0:{}]", ct.size()), ct, fmt::format("{} bytes, {} AES blocks", ct.size(), ct.size() / 16));
  show(fmt::format("mac [{}:{}]", ct.size(), f.size()), mac, "the last 10 bytes");

  std::printf("\n3. check: HMAC-SHA256(macKey, iv || ciphertext)[0:10] == mac\n");
  Bytes signed_part(e.begin(), e.begin() + 16);
  signed_part.insert(signed_part.end(), ct.begin(), ct.end());
  const wc::Sha256Digest hmac = wc::hmacSha256(e.subspan(48, 32), signed_part);
  show("HMAC-SHA256", hmac);
  const bool mac_ok = wc::constantTimeEqual(ByteView(hmac).first(wc::kMediaMacSize), mac);
  yesNo("first 10 bytes == mac", mac_ok);
  const wc::Sha256Digest enc_hash = wc::sha256(f);
  show("SHA-256(file)", enc_hash, fmt::format("base64 {}", wc::base64Encode(enc_hash)));
  const bool enc_hash_ok = wc::constantTimeEqual(enc_hash, *file_enc_sha256);
  yesNo("== fileEncSha256", enc_hash_ok);
  ok = ok && mac_ok && enc_hash_ok;

  std::printf("\n4. plaintext = AES-256-CBC-decrypt(cipherKey, iv, ciphertext), less the PKCS#7 padding\n");
  wc::Key32 cipher_key{};
  std::copy_n(e.begin() + 16, 32, cipher_key.begin());
  wc::Iv iv{};
  std::copy_n(e.begin(), 16, iv.begin());
  Bytes padded(ct.size());
  wc::Aes256CbcDecryptor decryptor(cipher_key);
  if (!decryptor.decryptBlocks(iv, ct, padded)) return 1;
  const std::size_t pad = wc::pkcs7PadLength(ByteView(padded).last(16));
  if (pad == 0) return 1;
  const ByteView plain = ByteView(padded).first(padded.size() - pad);
  show("padding", ByteView(padded).last(pad), fmt::format("{} bytes of 0x{:02x}", pad, pad));
  show("plaintext [0:16]", plain.first(16));
  std::printf("  %-22s %zu bytes; fileLength %s\n", "length", plain.size(),
              info.contains("fileLength") ? info["fileLength"].dump().c_str() : "absent");
  ok = ok && (!info.contains("fileLength") || info["fileLength"] == plain.size());

  std::printf("\n5. the output\n");
  const wc::Sha256Digest plain_hash = wc::sha256(plain);
  show("SHA-256(plaintext)", plain_hash, fmt::format("base64 {}", wc::base64Encode(plain_hash)));
  const bool hash_ok = wc::constantTimeEqual(plain_hash, *file_sha256);
  yesNo("== fileSha256", hash_ok);
  const bool same_file = std::equal(plain.begin(), plain.end(), original->begin(), original->end());
  std::printf("  %-22s %s\n", fmt::format("== {}", baseName(argv[3])).c_str(), same_file ? "yes, byte for byte" : "NO");
  bool library_ok = false;
  if (auto keys = wc::expandMediaKey(*media_key, *type))
    if (auto library = wc::decryptMedia(*keys, f))
      library_ok = std::equal(library->begin(), library->end(), plain.begin(), plain.end());
  std::printf("  %-22s %s\n", "decryptMedia()", library_ok ? "the same bytes" : "DIFFERENT");
  ok = ok && hash_ok && same_file && library_ok;
  return ok ? 0 : 1;
}
