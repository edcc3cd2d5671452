// The binary node decoder (docs/protocol.md, "Binary nodes"): strict, bounded, allocation-safe.
#include "wa/codec/node/decoder.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "node/tags.h"
#include "wa/codec/node/jid.h"
#include "wa/codec/node/tokens.h"

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

namespace {

using namespace detail;

// Two output characters per packed byte, and whether the byte is valid in that alphabet.
struct PackedTable {
  std::array<std::array<char, 2>, 256> nibble{};
  std::array<bool, 256> nibble_ok{};
  std::array<std::array<char, 2>, 256> hex{};
  PackedTable() noexcept {
    constexpr char kNibbleChars[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
                                       '8', '9', '-', '.', '?', '?', '?', '\0'};
    constexpr char kHexChars[] = "0123456789ABCDEF";
    for (unsigned b = 0; b < 256; ++b) {
      unsigned hi = b >> 4, lo = b & 15;
      nibble[b] = {kNibbleChars[hi], kNibbleChars[lo]};
      nibble_ok[b] = !(hi >= 12 && hi <= 14) && !(lo >= 12 && lo <= 14);
      hex[b] = {kHexChars[hi], kHexChars[lo]};
    }
  }
};

const PackedTable kPacked;

// Nodes and attributes that a reused tree gave up (a shorter list than last time), kept per thread
// for the next decode into any tree: a stream of differently shaped messages then stops
// allocating once every shape has been seen. Bounded: at most kMaxSpares of each, kept flat
// (a spare node holds no children) and only with strings of at most kMaxSpareString bytes of
// capacity, so the pool holds at most a few MiB whatever was decoded before.
constexpr std::size_t kMaxSpares = 4096;
constexpr std::size_t kMaxSpareString = 1024;

struct Spares {
  std::vector<Node> nodes;
  std::vector<Attribute> attributes;
};
thread_local Spares tl_spares;

bool keepable(const std::string& s) noexcept { return s.capacity() <= kMaxSpareString; }

void retireAttributes(std::vector<Attribute>& list, std::size_t keep) {
  auto& pool = tl_spares.attributes;
  while (list.size() > keep) {
    Attribute& a = list.back();
    if (pool.size() < kMaxSpares && keepable(a.key) && (!a.value || keepable(*a.value)))
      pool.push_back(std::move(a));
    list.pop_back();
  }
}

void retireNode(Node&& node) {
  for (Node& child : node.children) retireNode(std::move(child));
  node.children.clear();
  retireAttributes(node.attributes, 0);
  auto& pool = tl_spares.nodes;
  if (pool.size() < kMaxSpares && keepable(node.description) && keepable(node.data))
    pool.push_back(std::move(node));
}

// Resizes a reused list to `n` entries, taking new ones from the spares and giving the ones
// it drops back to them.
void resizeChildren(std::vector<Node>& children, std::size_t n) {
  while (children.size() > n) {
    retireNode(std::move(children.back()));
    children.pop_back();
  }
  if (children.size() == n) return;
  children.reserve(n);
  auto& pool = tl_spares.nodes;
  while (children.size() < n) {
    if (pool.empty()) {
      children.emplace_back();
    } else {
      children.push_back(std::move(pool.back()));
      pool.pop_back();
    }
  }
}

void resizeAttributes(std::vector<Attribute>& attributes, std::size_t n) {
  retireAttributes(attributes, n);
  if (attributes.size() == n) return;
  attributes.reserve(n);
  auto& pool = tl_spares.attributes;
  while (attributes.size() < n) {
    if (pool.empty()) {
      attributes.emplace_back();
    } else {
      attributes.push_back(std::move(pool.back()));
      pool.pop_back();
    }
  }
}

class Decoder {
 public:
  Decoder(ByteView bytes, const DecodeLimits& limits) noexcept
      : begin_(bytes.data()), p_(bytes.data()), end_(bytes.data() + bytes.size()), limits_(limits) {}

  Expected<void> run(Node& root) {
    if (!readNode(root, 1)) return tl::unexpected(std::move(*error_));
    if (p_ != end_)
      return makeError(ErrorCode::Invalid, Stage::Decode, offsetOf(p_),
                       fmt::format("expected the end of the node, found {} trailing bytes",
                                   static_cast<std::size_t>(end_ - p_)));
    return {};
  }

 private:
  std::size_t offsetOf(const std::uint8_t* at) const noexcept { return static_cast<std::size_t>(at - begin_); }
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }

  bool fail(ErrorCode code, const std::uint8_t* at, std::string message) {
    if (!error_) error_ = Error{code, Stage::Decode, offsetOf(at), std::move(message)};
    return false;
  }

  bool truncated(std::size_t need, const char* what) {
    return fail(ErrorCode::Truncated, p_,
                fmt::format("expected {} ({} byte{}), found {} left", what, need, need == 1 ? "" : "s", remaining()));
  }

  bool readByte(std::uint8_t& b, const char* what) {
    if (p_ == end_) return truncated(1, what);
    b = *p_++;
    return true;
  }

  // List size for a list tag at `tag_at`; any other tag fails.
  bool readListSize(std::uint8_t tag, const std::uint8_t* tag_at, std::size_t& n, const char* what) {
    switch (tag) {
      case kListEmpty: n = 0; return true;
      case kList8:
        if (remaining() < 1) return truncated(1, "the LIST_8 size");
        n = *p_++;
        return true;
      case kList16:
        if (remaining() < 2) return truncated(2, "the LIST_16 size");
        n = static_cast<std::size_t>(p_[0]) << 8 | p_[1];
        p_ += 2;
        return true;
      default:
        return fail(ErrorCode::Invalid, tag_at,
                    fmt::format("expected a list tag for {}, found {} (0x{:02x})", what, tagName(tag), tag));
    }
  }

  bool readRaw(std::size_t n, std::string& out, const char* what) {
    if (n > remaining()) return truncated(n, what);
    out.assign(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }

  bool readBinaryLength(std::uint8_t tag, std::size_t& n) {
    switch (tag) {
      case kBinary8:
        if (remaining() < 1) return truncated(1, "the BINARY_8 length");
        n = *p_++;
        return true;
      case kBinary20:
        if (remaining() < 3) return truncated(3, "the BINARY_20 length");
        n = static_cast<std::size_t>(p_[0] & 0x0F) << 16 | static_cast<std::size_t>(p_[1]) << 8 | p_[2];
        p_ += 3;
        return true;
      default:  // kBinary32
        if (remaining() < 4) return truncated(4, "the BINARY_32 length");
        n = static_cast<std::size_t>(p_[0]) << 24 | static_cast<std::size_t>(p_[1]) << 16 |
            static_cast<std::size_t>(p_[2]) << 8 | p_[3];
        p_ += 4;
        return true;
    }
  }

  bool readPacked(std::uint8_t tag, std::string& out) {
    const std::uint8_t* start_at = p_;
    std::uint8_t start = 0;
    if (!readByte(start, tag == kNibble8 ? "the NIBBLE_8 length" : "the HEX_8 length")) return false;
    std::size_t count = start & 127u;
    bool odd = (start & 128u) != 0;
    if (odd && count == 0)
      return fail(ErrorCode::Invalid, start_at, "packed string of 0 bytes has the odd-length flag set");
    if (count > remaining()) return truncated(count, tag == kNibble8 ? "NIBBLE_8 bytes" : "HEX_8 bytes");
    out.resize(count * 2);
    char* o = out.data();
    if (tag == kNibble8) {
      for (std::size_t i = 0; i < count; ++i) {
        std::uint8_t b = p_[i];
        if (!kPacked.nibble_ok[b]) {
          unsigned bad = (b >> 4) >= 12 && (b >> 4) <= 14 ? b >> 4 : b & 15u;
          return fail(ErrorCode::Invalid, p_ + i,
                      fmt::format("nibble value {} is not a digit, '-', '.' or padding", bad));
        }
        std::memcpy(o + 2 * i, kPacked.nibble[b].data(), 2);
      }
    } else {
      for (std::size_t i = 0; i < count; ++i) std::memcpy(o + 2 * i, kPacked.hex[p_[i]].data(), 2);
    }
    p_ += count;
    if (odd) out.pop_back();
    return true;
  }

  bool nestedJid(const std::uint8_t* tag_at, const char* what) {
    return fail(ErrorCode::Invalid, tag_at, fmt::format("expected {}, found a JID inside a JID", what));
  }

  // Reads a string for the tag at p_[-1] into `out` (reusing its storage); `is_null` is set for
  // tag 0 (LIST_EMPTY). Inside a JID (`in_jid`) another JID is refused, which also bounds recursion.
  bool readString(std::uint8_t tag, std::string& out, bool& is_null, const char* what, bool in_jid = false) {
    const std::uint8_t* tag_at = p_ - 1;
    is_null = false;
    if (tag >= 3 && tag <= kLastTokenTag) {
      auto token = tokenString(tag);
      if (!token)
        return fail(ErrorCode::Invalid, tag_at,
                    fmt::format("token index {} is not in the {}-entry dictionary", tag, kSingleByteTokenCount));
      out.assign(token->data(), token->size());
      return true;
    }
    switch (tag) {
      case kListEmpty: is_null = true; out.clear(); return true;
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        return readBinaryLength(tag, n) && readRaw(n, out, "string bytes");
      }
      case kNibble8:
      case kHex8: return readPacked(tag, out);
      case kJidPair: {
        if (in_jid) return nestedJid(tag_at, what);
        std::uint8_t t = 0;
        bool user_null = false, server_null = false;
        if (!readByte(t, "the JID_PAIR user tag") || !readString(t, out, user_null, "a JID user", true))
          return false;
        if (!readByte(t, "the JID_PAIR server tag")) return false;
        if (t >= 3 && t <= kLastTokenTag) {  // the usual case: the server is a token
          auto token = tokenString(t);
          if (!token) return readString(t, out, server_null, "a JID server", true);  // reports the error
          if (user_null) {
            out.assign(token->data(), token->size());
          } else {
            out += '@';
            out.append(token->data(), token->size());
          }
          return true;
        }
        std::string server;
        if (!readString(t, server, server_null, "a JID server", true)) return false;
        if (server_null) return fail(ErrorCode::Invalid, p_ - 1, "expected a JID server, found LIST_EMPTY");
        if (user_null) {
          out = std::move(server);
        } else {
          out += '@';
          out += server;
        }
        return true;
      }
      case kJidAd: {
        if (in_jid) return nestedJid(tag_at, what);
        std::uint8_t agent = 0, device = 0, t = 0;
        if (!readByte(agent, "the JID_AD agent") || !readByte(device, "the JID_AD device")) return false;
        std::string user;
        bool user_null = false;
        if (!readByte(t, "the JID_AD user tag") || !readString(t, user, user_null, "a JID_AD user", true))
          return false;
        if (user_null) return fail(ErrorCode::Invalid, p_ - 1, "expected a JID_AD user, found LIST_EMPTY");
        out = formatAdJid(user, agent, device);
        return true;
      }
      default: break;
    }
    if (tag >= kDictionary0 && tag <= kDictionary3) {
      std::uint8_t low = 0;
      if (!readByte(low, "the double-byte token index")) return false;
      unsigned dict = static_cast<unsigned>(tag - kDictionary0);
      return fail(ErrorCode::Unsupported, tag_at,
                  fmt::format("double-byte token {} of DICTIONARY_{} (index {}): no double-byte dictionary "
                              "is known",
                              low, dict, dict * 256u + low));
    }
    if (tag == 1 || tag == kStreamEnd)
      return fail(ErrorCode::Invalid, tag_at, fmt::format("expected {}, found tag {} which has no token", what, tag));
    return fail(ErrorCode::Invalid, tag_at,
                fmt::format("expected {}, found {} (0x{:02x})", what, tagName(tag), tag));
  }

  bool readNode(Node& node, std::size_t depth) {
    const std::uint8_t* node_at = p_;
    if (depth > limits_.max_depth)
      return fail(ErrorCode::LimitExceeded, node_at,
                  fmt::format("nodes nested deeper than the limit of {}", limits_.max_depth));
    if (++nodes_ > limits_.max_nodes)
      return fail(ErrorCode::LimitExceeded, node_at, fmt::format("more than {} nodes", limits_.max_nodes));
    std::uint8_t tag = 0;
    std::size_t size = 0;
    if (!readByte(tag, "a node list tag") || !readListSize(tag, node_at, size, "a node")) return false;
    if (size == 0) return fail(ErrorCode::Invalid, node_at, "node list size 0 is invalid");

    const std::uint8_t* desc_at = p_;
    if (!readByte(tag, "a node description")) return false;
    if (tag == kStreamEnd)
      return fail(ErrorCode::Invalid, desc_at, "expected a node description, found STREAM_END (2)");
    bool is_null = false;
    if (!readString(tag, node.description, is_null, "a node description")) return false;
    if (is_null || node.description.empty())
      return fail(ErrorCode::Invalid, desc_at, "expected a node description, found an empty string");

    std::size_t attr_count = (size - 1) >> 1;
    if (attr_count > 0) {
      if (attr_count * 2 > remaining())
        return fail(ErrorCode::Truncated, p_,
                    fmt::format("expected {} attributes (at least {} bytes), found {} bytes left", attr_count,
                                attr_count * 2, remaining()));
    }
    // Storage of a reused node is kept: strings and vectors are assigned, not rebuilt.
    resizeAttributes(node.attributes, attr_count);
    for (auto& attr : node.attributes) {
      const std::uint8_t* key_at = p_;
      if (!readByte(tag, "an attribute key") || !readString(tag, attr.key, is_null, "an attribute key"))
        return false;
      if (is_null) return fail(ErrorCode::Invalid, key_at, "expected an attribute key, found LIST_EMPTY");
      if (!attr.value) attr.value.emplace();
      if (!readByte(tag, "an attribute value") || !readString(tag, *attr.value, is_null, "an attribute value"))
        return false;
      if (is_null) attr.value.reset();
    }
    node.data.clear();
    if ((size & 1u) != 0) {  // odd: no content
      node.content = ContentKind::None;
      resizeChildren(node.children, 0);
      return true;
    }

    const std::uint8_t* content_at = p_;
    if (!readByte(tag, "node content")) return false;
    switch (tag) {
      case kListEmpty:
      case kList8:
      case kList16: {
        std::size_t n = 0;
        if (!readListSize(tag, content_at, n, "children")) return false;
        node.content = ContentKind::Children;
        if (n == 0) {
          resizeChildren(node.children, 0);
          return true;
        }
        if (n * 2 > remaining())  // every child takes at least 2 bytes
          return fail(ErrorCode::Truncated, p_,
                      fmt::format("expected {} child nodes (at least {} bytes), found {} bytes left", n, n * 2,
                                  remaining()));
        resizeChildren(node.children, n);
        for (auto& child : node.children)
          if (!readNode(child, depth + 1)) return false;
        return true;
      }
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        node.content = ContentKind::Bytes;
        resizeChildren(node.children, 0);
        return readBinaryLength(tag, n) && readRaw(n, node.data, "content bytes");
      }
      default:
        node.content = ContentKind::Text;
        resizeChildren(node.children, 0);
        return readString(tag, node.data, is_null, "node content");
    }
  }

  const std::uint8_t* begin_;
  const std::uint8_t* p_;
  const std::uint8_t* end_;
  DecodeLimits limits_;
  std::size_t nodes_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Expected<Node> decodeNode(ByteView bytes, const DecodeLimits& limits) {
  Node root;
  Decoder decoder(bytes, limits);
  if (auto r = decoder.run(root); !r) return tl::unexpected(std::move(r.error()));
  return root;
}

Expected<void> decodeNodeInto(ByteView bytes, Node& node, const DecodeLimits& limits) {
  Decoder decoder(bytes, limits);
  return decoder.run(node);
}

}  // namespace wa::codec
