// The binary node decoder (docs/protocol.md, "Binary nodes"): the walk of node/decoder_walk.h with
// an observer that does nothing.
#include "wa/codec/node/decoder.h"

#include "node/decoder_walk.h"
#include "node/tags.h"

namespace wa::codec {
namespace detail {

const char* tagName(std::uint8_t tag) noexcept {
  switch (tag) {
    case kListEmpty: return "LIST_EMPTY";
    case kStreamEnd: return "STREAM_END";
    case kJidAd: return "JID_AD";
    case kList8: return "LIST_8";
    case kList16: return "LIST_16";
    case kJidPair: return "JID_PAIR";
    case kHex8: return "HEX_8";
    case kBinary8: return "BINARY_8";
    case kBinary20: return "BINARY_20";
    case kBinary32: return "BINARY_32";
    case kNibble8: return "NIBBLE_8";
    default: break;
  }
  if (tag >= kDictionary0 && tag <= kDictionary3) return "DICTIONARY";
  if (tag <= kLastTokenTag) return "token";
  return "unassigned tag";
}

}  // namespace detail

Expected<Node> decodeNode(ByteView bytes, const DecodeLimits& limits) {
  Node root;
  detail::NullObserver observer;
  detail::Decoder<detail::NullObserver> decoder(bytes, limits, observer);
  if (auto r = decoder.run(root); !r) return tl::unexpected(std::move(r.error()));
  return root;
}

Expected<void> decodeNodeInto(ByteView bytes, Node& node, const DecodeLimits& limits) {
  detail::NullObserver observer;
  detail::Decoder<detail::NullObserver> decoder(bytes, limits, observer);
  return decoder.run(node);
}

}  // namespace wa::codec
