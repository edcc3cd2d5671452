// Prints one binary frame of a capture taken apart step by step, for docs/protocol/connection-and-frames.md.
//
// Usage: wa-docs-frame-example KEY_FILE CAPTURE RECORD
// RECORD is the message's index in capture order (wadecode's `#i`). The frame is split with
// wa::codec's frame grammar, its HMAC computed and compared and its ciphertext decrypted with
// wa::crypto's primitives, and the result is checked against FrameCipher and decodeNode(). Exit
// status 0 when all agree, 1 otherwise, 2 on bad arguments, unreadable inputs or a record that is
// not a binary frame.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/frame/frame.h"
#include "wa/codec/frame/metric.h"
#include "wa/codec/node/decoder.h"
#include "wa/crypto/crypto.h"

namespace {

using wa::crypto::ByteView;
using wa::crypto::Bytes;

ByteView bytesOf(std::string_view s) { return wa::crypto::asBytes(s); }

// Hex with a space between bytes, 16 bytes a line, continuation lines indented to `indent`.
std::string hexLines(ByteView bytes, std::size_t indent) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out += i % 16 == 0 ? "\n" + std::string(indent, ' ') : " ";
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

void show(const std::string& label, ByteView bytes, const std::string& note = {}) {
  std::printf("  %-24s %s\n", label.c_str(), hexLines(bytes, 27).c_str());
  if (!note.empty()) std::printf("  %-24s %s\n", "", note.c_str());
}

std::optional<wa::capture::CaptureMessage> record(const std::string& path, long index) {
  auto source = wa::capture::openFileSource(path);
  if (!source) return std::nullopt;
  auto reader = wa::capture::openCaptureReader(std::move(*source));
  if (!reader) return std::nullopt;
  wa::capture::CaptureMessage message;
  for (long i = 0; (*reader)->read(message); ++i)
    if (i == index) return message;
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: wa-docs-frame-example KEY_FILE CAPTURE RECORD\n");
    return 2;
  }
  namespace wc = wa::crypto;
  namespace cc = wa::codec;
  auto keys_file = wc::readKeyFile(argv[1]);
  if (!keys_file) {
    std::fprintf(stderr, "wa-docs-frame-example: %s: %s\n", argv[1], keys_file.error().message.c_str());
    return 2;
  }
  auto session_keys = keys_file->sessionKeys();
  if (!session_keys) {
    std::fprintf(stderr, "wa-docs-frame-example: %s: %s\n", argv[1], session_keys.error().message.c_str());
    return 2;
  }
  const wc::SessionKeys& keys = *session_keys;
  const long index = std::strtol(argv[3], nullptr, 10);
  auto message = record(argv[2], index);
  if (!message || message->error || message->op != cc::Opcode::Binary) {
    std::fprintf(stderr, "wa-docs-frame-example: %s: record %ld is not a binary message\n", argv[2], index);
    return 2;
  }
  const std::string& payload = message->payload;
  const cc::Frame frame = wa::capture::splitFrame(*message);
  if (frame.error || frame.kind != cc::FrameKind::Binary) {
    std::fprintf(stderr, "wa-docs-frame-example: record %ld does not split as a binary frame\n", index);
    return 2;
  }
  const bool client = frame.metric.has_value();
  bool ok = true;

  std::printf("record #%ld: a binary WebSocket message %s, %zu bytes\n", index,
              client ? "the client sent" : "the server sent", payload.size());
  show("message", bytesOf(payload));

  std::printf("\n1. the frame: the tag, up to the first comma, then the body\n");
  show("tag", bytesOf(frame.tag), fmt::format("\"{}\"", frame.tag));
  show("comma", bytesOf(std::string_view(payload).substr(frame.tag.size(), 1)));
  std::size_t at = frame.tag.size() + 1;
  if (client) {
    std::printf("  %-24s %02x  %s\n", "metric", *frame.metric, std::string(cc::metricName(*frame.metric)).c_str());
    std::printf("  %-24s %02x  %s\n", "flags", *frame.flags, cc::describeFlags(*frame.flags).c_str());
    at += 2;
  } else {
    std::printf("  %-24s none: a server frame has no metric and flags bytes\n", "metric, flags");
  }
  const ByteView body = bytesOf(std::string_view(payload).substr(at));
  const ByteView hmac = body.subspan(0, wc::kFrameHmacSize);
  const ByteView iv_bytes = body.subspan(wc::kFrameHmacSize, wc::kFrameIvSize);
  const ByteView ciphertext = body.subspan(wc::kFrameHeaderSize);
  show("HMAC (32 bytes)", hmac);
  show("IV (16 bytes)", iv_bytes);
  show(fmt::format("ciphertext ({} bytes)", ciphertext.size()), ciphertext,
       fmt::format("{} AES blocks", ciphertext.size() / 16));

  std::printf("\n2. check: HMAC-SHA256(macKey, IV || ciphertext) == HMAC\n");
  show("macKey", keys.mac_key);
  const wc::Sha256Digest computed = wc::hmacSha256(keys.mac_key, body.subspan(wc::kFrameHmacSize));
  show("HMAC-SHA256", computed);
  const bool hmac_ok = wc::constantTimeEqual(computed, hmac);
  std::printf("  %-24s %s\n", "equals the frame's HMAC", hmac_ok ? "yes" : "NO");
  ok = ok && hmac_ok;

  std::printf("\n3. decrypt: AES-256-CBC(encKey, IV, ciphertext), then drop the PKCS#7 padding\n");
  show("encKey", keys.enc_key);
  wc::Iv iv{};
  std::copy_n(iv_bytes.begin(), iv.size(), iv.begin());
  Bytes padded(ciphertext.size());
  wc::Aes256CbcDecryptor decryptor(keys.enc_key);
  if (!decryptor.decryptBlocks(iv, ciphertext, padded)) return 1;
  const std::size_t pad = wc::pkcs7PadLength(ByteView(padded).last(16));
  if (pad == 0) return 1;
  const ByteView node_bytes = ByteView(padded).first(padded.size() - pad);
  show("padding", ByteView(padded).last(pad), fmt::format("{} bytes of 0x{:02x}", pad, pad));
  show(fmt::format("node ({} bytes)", node_bytes.size()), node_bytes);

  std::printf("\n4. the same through the library\n");
  wc::FrameCipher cipher(keys);
  const bool same = client ? [&] {
    auto f = cipher.decryptClientBody(bytesOf(std::string_view(payload).substr(frame.tag.size() + 1)));
    return f && f->metric == *frame.metric && f->flags == *frame.flags &&
           std::equal(f->plaintext.begin(), f->plaintext.end(), node_bytes.begin(), node_bytes.end());
  }()
                           : [&] {
                               auto p = cipher.decryptServerBody(body);
                               return p && std::equal(p->begin(), p->end(), node_bytes.begin(), node_bytes.end());
                             }();
  std::printf("  %-24s %s\n", client ? "decryptClientBody()" : "decryptServerBody()",
              same ? "the same node bytes" : "DIFFERENT");
  auto node = cc::decodeNode(node_bytes);
  std::printf("  %-24s %s\n", "decodeNode()",
              node ? fmt::format("<{}> with {} attributes", node->description, node->attributes.size()).c_str()
                   : "FAILED");
  ok = ok && same && node.has_value();
  return ok ? 0 : 1;
}
