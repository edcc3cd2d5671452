// A consumer of the installed libraries: decodes a node with wa::codec and derives keys with
// wa::crypto, printing what it got (tests/install/consumer_test.sh checks the output).
#include <cstdio>
#include <string>

#include "wa/codec/node/decoder.h"
#include "wa/codec/node/encoder.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/session.h"

int main() {
  // <action type="set" epoch="1"/> as the server writes it.
  const unsigned char bytes[] = {0xf8, 0x05, 9, 91, 82, 107, 0xff, 0x81, 0x1f};
  auto node = wa::codec::decodeNode(wa::codec::ByteView(bytes, sizeof bytes));
  if (!node) return 1;
  auto again = wa::codec::encodeNode(*node, wa::codec::EncodeStyle::Server);
  if (!again || *again != std::string(reinterpret_cast<const char*>(bytes), sizeof bytes)) return 1;
  std::printf("%s %s=%s %s=%s\n", node->description.c_str(), node->attributes[0].key.c_str(),
              node->attributes[0].value->c_str(), node->attributes[1].key.c_str(), node->attributes[1].value->c_str());

  // A mock server's secret for a client key, and the client's derivation of it.
  wa::crypto::Key32 client_private{};
  client_private[0] = 0x40;
  const auto client_public = wa::crypto::x25519PublicKey(client_private);
  wa::crypto::SessionKeys keys;
  keys.enc_key[0] = 1;
  keys.mac_key[0] = 2;
  wa::crypto::Key32 server_private{};
  server_private[0] = 0x50;
  auto handshake = wa::crypto::makeServerHandshake(client_public, server_private, keys);
  if (!handshake) return 1;
  auto derived = wa::crypto::deriveSessionKeys(client_private, handshake->secret);
  if (!derived || !(*derived == keys)) return 1;
  std::printf("secret %zu bytes, keys derived back\n", handshake->secret.size());
  return 0;
}
