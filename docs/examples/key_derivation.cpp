// Prints the session key derivation step by step for docs/protocol/keys.md (the worked example).
//
// Usage: wa-docs-key-derivation KEY_FILE CAPTURE
// The private key comes from KEY_FILE, the `secret` from the Conn message in CAPTURE (any capture
// format wadecode reads). Every value is computed with wa::crypto's primitives, then checked against
// deriveSessionKeys() and the key file's encKey/macKey. Exit status 0 when all agree, 1 otherwise,
// 2 on bad arguments or unreadable inputs.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/frame/frame.h"
#include "wa/crypto/crypto.h"

namespace {

using wa::crypto::ByteView;
using wa::crypto::Bytes;

// Hex in lines of 32 bytes, continuation lines indented to `indent`.
std::string hexLines(ByteView bytes, std::size_t indent) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 32) {
    if (i > 0) out += "\n" + std::string(indent, ' ');
    out += wa::crypto::hexEncode(bytes.subspan(i, std::min<std::size_t>(32, bytes.size() - i)));
  }
  return out;
}

void show(const char* label, ByteView bytes) {
  std::printf("  %-22s %s\n", label, hexLines(bytes, 25).c_str());
}

// The base64 `secret` of the first Conn message in the capture.
std::optional<std::string> connSecret(const std::string& path) {
  auto source = wa::capture::openFileSource(path);
  if (!source) return std::nullopt;
  auto reader = wa::capture::openCaptureReader(std::move(*source));
  if (!reader) return std::nullopt;
  wa::capture::CaptureMessage message;
  while ((*reader)->read(message)) {
    if (message.error || message.op != wa::codec::Opcode::Text) continue;
    auto frame = wa::capture::splitFrame(message);
    const auto& j = frame.json;
    if (j.is_array() && j.size() >= 2 && j[0] == "Conn" && j[1].is_object() && j[1].contains("secret") &&
        j[1]["secret"].is_string())
      return j[1]["secret"].get<std::string>();
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: wa-docs-key-derivation KEY_FILE CAPTURE\n");
    return 2;
  }
  namespace wc = wa::crypto;
  auto keys_file = wc::readKeyFile(argv[1]);
  if (!keys_file || !keys_file->private_key) {
    std::fprintf(stderr, "wa-docs-key-derivation: %s: no privateKey\n", argv[1]);
    return 2;
  }
  auto secret_b64 = connSecret(argv[2]);
  if (!secret_b64) {
    std::fprintf(stderr, "wa-docs-key-derivation: %s: no Conn message with a secret\n", argv[2]);
    return 2;
  }
  auto secret = wc::base64Decode(*secret_b64);
  if (!secret || secret->size() != wc::kSecretSize) {
    std::fprintf(stderr, "wa-docs-key-derivation: the Conn secret is not 144 bytes of base64\n");
    return 2;
  }
  const wc::Key32& private_key = *keys_file->private_key;
  const ByteView s(*secret);
  bool ok = true;

  std::printf("inputs\n");
  show("privateKey", private_key);
  std::printf("  %-22s %zu bytes of base64 in the Conn message\n", "secret", secret->size());
  show("secret", s);

  std::printf("\n1. the client's public key (sent in the QR code): X25519(privateKey, 9)\n");
  const wc::Key32 public_key = wc::x25519PublicKey(private_key);
  show("publicKey", public_key);
  std::printf("  %-22s %s\n", "publicKey (base64)", wc::base64Encode(public_key).c_str());

  std::printf("\n2. the secret in three parts\n");
  show("secret[0:32]", s.subspan(0, 32));
  std::printf("  %-22s the server's X25519 public key\n", "");
  show("secret[32:64]", s.subspan(32, 32));
  std::printf("  %-22s an HMAC-SHA256 over the other two parts\n", "");
  show("secret[64:144]", s.subspan(64, 80));
  std::printf("  %-22s the encrypted keys: 5 AES blocks\n", "");

  std::printf("\n3. shared = X25519(privateKey, secret[0:32])\n");
  wc::Key32 server_public{};
  std::copy_n(s.begin(), 32, server_public.begin());
  auto shared = wc::x25519(private_key, server_public);
  if (!shared) return 1;
  show("shared", *shared);

  std::printf("\n4. sse = HKDF-SHA256(shared, salt = 32 zero bytes, info = \"\", length 80)\n");
  const Bytes zero_salt(32, 0);
  auto sse = wc::hkdfSha256(*shared, zero_salt, {}, 80);
  if (!sse) return 1;
  const ByteView e(*sse);
  show("sse[0:32]", e.subspan(0, 32));
  std::printf("  %-22s AES-256 key for the keys\n", "");
  show("sse[32:64]", e.subspan(32, 32));
  std::printf("  %-22s HMAC key for the check\n", "");
  show("sse[64:80]", e.subspan(64, 16));
  std::printf("  %-22s AES-CBC IV for the keys\n", "");

  std::printf("\n5. check: HMAC-SHA256(sse[32:64], secret[0:32] || secret[64:144]) == secret[32:64]\n");
  Bytes signed_part(s.begin(), s.begin() + 32);
  signed_part.insert(signed_part.end(), s.begin() + 64, s.end());
  const wc::Sha256Digest check = wc::hmacSha256(e.subspan(32, 32), signed_part);
  show("HMAC", check);
  const bool hmac_ok = wc::constantTimeEqual(check, s.subspan(32, 32));
  std::printf("  %-22s %s\n", "equals secret[32:64]", hmac_ok ? "yes" : "NO: wrong private key for this secret");
  ok = ok && hmac_ok;

  std::printf("\n6. keys = AES-256-CBC-decrypt(key sse[0:32], iv sse[64:80], secret[64:144])\n");
  wc::Key32 aes_key{};
  std::copy_n(e.begin(), 32, aes_key.begin());
  wc::Iv iv{};
  std::copy_n(e.begin() + 64, 16, iv.begin());
  Bytes padded(80);
  wc::Aes256CbcDecryptor decryptor(aes_key);
  if (!decryptor.decryptBlocks(iv, s.subspan(64, 80), padded)) return 1;
  show("decrypted", padded);
  std::printf("  %-22s the last block is PKCS#7 padding (16 bytes of 0x10): 64 bytes remain\n", "");
  show("encKey = keys[0:32]", ByteView(padded).subspan(0, 32));
  show("macKey = keys[32:64]", ByteView(padded).subspan(32, 32));

  std::printf("\n7. the same through the library, and as the key file has them (base64)\n");
  auto derived = wc::deriveSessionKeys(private_key, s);
  if (!derived) {
    std::printf("  deriveSessionKeys failed: %s\n", derived.error().message.c_str());
    return 1;
  }
  const bool steps_agree = std::equal(derived->enc_key.begin(), derived->enc_key.end(), padded.begin()) &&
                           std::equal(derived->mac_key.begin(), derived->mac_key.end(), padded.begin() + 32);
  std::printf("  %-22s %s\n", "encKey", wc::base64Encode(derived->enc_key).c_str());
  std::printf("  %-22s %s\n", "macKey", wc::base64Encode(derived->mac_key).c_str());
  std::printf("  %-22s %s\n", "deriveSessionKeys()", steps_agree ? "the same keys as steps 1-6" : "DIFFERENT");
  const bool file_agrees = keys_file->enc_key == derived->enc_key && keys_file->mac_key == derived->mac_key;
  std::printf("  %-22s %s\n", "key file", file_agrees ? "the same encKey and macKey" : "DIFFERENT");
  ok = ok && steps_agree && file_agrees;

  std::printf("\n8. what else the keys sign\n");
  std::printf("  %-22s %s\n", "logout token", wc::logoutToken(*derived).c_str());
  std::printf("  %-22s base64(HMAC-SHA256(macKey, encKey))\n", "");
  const char* challenge = "AAECAwQFBgcICQoLDA0ODw==";
  auto answer = wc::answerChallengeBase64(derived->mac_key, challenge);
  if (!answer) return 1;
  std::printf("  %-22s %s (the bytes 00 01 .. 0f)\n", "challenge", challenge);
  std::printf("  %-22s %s\n", "challenge answer", answer->c_str());
  std::printf("  %-22s base64(HMAC-SHA256(macKey, challenge bytes))\n", "");
  return ok ? 0 : 1;
}
