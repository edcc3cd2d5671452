// The binary node decoder (docs/protocol.md, "Binary nodes"): the walk of node/decoder_walk.h with
// an observer that does nothing.
#include "wa/codec/node/decoder.h"

#include <algorithm>
#include <string>
#include <vector>

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


// The spare pool of resizeChildren()/resizeAttributes(). Bounded: at most kMaxSpares of each,
// kept flat (a spare node holds no children) and only with strings of at most kMaxSpareString
// bytes of capacity, except the content of at most kMaxLargeSpares nodes (up to kMaxSpareData
// bytes each: message bodies, which would otherwise be allocated again whenever the tree changes
// shape), so it holds at most a few MiB whatever was decoded before.
namespace {

constexpr std::size_t kMaxSpares = 4096;
constexpr std::size_t kMaxSpareString = 1024;
constexpr std::size_t kMaxLargeSpares = 32;
constexpr std::size_t kMaxSpareData = 64 * 1024;

struct Spares {
  std::vector<Node> nodes;
  std::vector<Attribute> attributes;
  std::size_t large_nodes = 0;  // nodes in `nodes` whose content is past kMaxSpareString
};
thread_local Spares tl_spares;

bool keepable(const std::string& s) noexcept { return s.capacity() <= kMaxSpareString; }

// Only storage on the heap is worth keeping: a string within the small-string buffer costs
// nothing to make again, and moving it to the pool and back would cost more than that.
const std::size_t kInlineCapacity = std::string().capacity();
bool onHeap(const std::string& s) noexcept { return s.capacity() > kInlineCapacity; }
bool worthKeeping(const Attribute& a) noexcept { return onHeap(a.key) || (a.value && onHeap(*a.value)); }

void retireAttributes(std::vector<Attribute>& list, std::size_t keep) {
  auto& pool = tl_spares.attributes;
  while (list.size() > keep) {
    Attribute& a = list.back();
    if (pool.size() < kMaxSpares && worthKeeping(a) && keepable(a.key) && (!a.value || keepable(*a.value)))
      pool.push_back(std::move(a));
    list.pop_back();
  }
}

void retireNode(Node&& node) {
  for (Node& child : node.children) retireNode(std::move(child));
  node.children.clear();
  retireAttributes(node.attributes, 0);
  auto& pool = tl_spares.nodes;
  const bool holds_memory = onHeap(node.description) || onHeap(node.data) || node.attributes.capacity() > 0 ||
                            node.children.capacity() > 0;
  if (!holds_memory || pool.size() >= kMaxSpares || !keepable(node.description)) return;
  if (!keepable(node.data)) {
    if (node.data.capacity() > kMaxSpareData || tl_spares.large_nodes >= kMaxLargeSpares) return;
    ++tl_spares.large_nodes;
  }
  pool.push_back(std::move(node));
}

bool isLarge(const Node& n) noexcept { return !keepable(n.data); }
bool isLarge(const Attribute&) noexcept { return false; }

template <class T>
void growFromPool(std::vector<T>& list, std::size_t n, std::vector<T>& pool) {
  // Geometric, as push_back grows: lists of slowly growing length reallocate only now and then.
  if (n > list.capacity()) list.reserve(std::max(n, 2 * list.capacity()));
  while (list.size() < n && !pool.empty()) {
    if (isLarge(pool.back())) --tl_spares.large_nodes;
    list.push_back(std::move(pool.back()));
    pool.pop_back();
  }
  list.resize(n);
}

}  // namespace

void resizeChildrenSlow(std::vector<Node>& children, std::size_t n) {
  while (children.size() > n) {
    retireNode(std::move(children.back()));
    children.pop_back();
  }
  growFromPool(children, n, tl_spares.nodes);
}

void resizeAttributesSlow(std::vector<Attribute>& attributes, std::size_t n) {
  retireAttributes(attributes, n);
  growFromPool(attributes, n, tl_spares.attributes);
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
