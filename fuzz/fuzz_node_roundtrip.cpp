// Differential fuzz target: whatever decodes must encode (every style) and decode to the same tree
// (webclient drops empty attributes, so it is compared after the same drop).
#include <cstddef>
#include <cstdint>

#include "wa/codec/node/decoder.h"
#include "wa/codec/node/encoder.h"

namespace {

using namespace wa::codec;

void dropEmptyAttributes(Node& n) {
  std::erase_if(n.attributes, [](const Attribute& a) { return !a.value || a.value->empty(); });
  for (auto& c : n.children) dropEmptyAttributes(c);
}

// Text content that a style writes as BINARY reads back as Bytes: compare content bytes only.
bool sameIgnoringTextKind(const Node& a, const Node& b) {
  auto kind = [](ContentKind k) { return k == ContentKind::Text ? ContentKind::Bytes : k; };
  if (a.description != b.description || a.attributes != b.attributes || kind(a.content) != kind(b.content) ||
      a.data != b.data || a.children.size() != b.children.size())
    return false;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    if (!sameIgnoringTextKind(a.children[i], b.children[i])) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto node = decodeNode(ByteView(data, size), DecodeLimits{.max_depth = 32});
  if (!node) return 0;
  for (auto style : {EncodeStyle::Server, EncodeStyle::WebClient, EncodeStyle::Plain}) {
    Node expected = *node;
    if (style == EncodeStyle::WebClient) dropEmptyAttributes(expected);
    auto bytes = encodeNode(expected, style);
    if (!bytes) __builtin_trap();
    auto again = decodeNode(asBytes(*bytes), DecodeLimits{.max_depth = 32});
    if (!again || !sameIgnoringTextKind(*again, expected)) __builtin_trap();
  }
  return 0;
}
