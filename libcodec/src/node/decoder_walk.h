// The binary node decoder's one walk (docs/protocol.md, "Binary nodes"), generic over an observer
// that sees each run of bytes it consumes; private to the codec (decodeNode() and annotateNode()).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "node/tags.h"
#include "wa/codec/error.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/node/jid.h"
#include "wa/codec/node/node.h"
#include "wa/codec/node/tokens.h"
#include "wa/support/byte_reader.h"

namespace wa::codec::detail {

/// Resizes the lists of a reused tree. The nodes and attributes a shorter list gives up go to a
/// bounded per-thread pool (decoder.cpp) that longer lists draw from, so a stream of differently
/// shaped messages decoded into one tree stops allocating once its shapes have been seen.
void resizeChildrenSlow(std::vector<Node>& children, std::size_t n);
void resizeAttributesSlow(std::vector<Attribute>& attributes, std::size_t n);
inline void resizeChildren(std::vector<Node>& children, std::size_t n) {
  if (children.size() != n) resizeChildrenSlow(children, n);
}
inline void resizeAttributes(std::vector<Attribute>& attributes, std::size_t n) {
  if (attributes.size() != n) resizeAttributesSlow(attributes, n);
}

/// What a string is in its node.
enum class StringRole : std::uint8_t {
  Description,     ///< the node's name
  AttributeKey,    ///< an attribute's name
  AttributeValue,  ///< an attribute's value (LIST_EMPTY is a null value)
  Content,         ///< text content
  JidUser,         ///< the user part of a JID_PAIR or JID_AD
  JidServer,       ///< the server part of a JID_PAIR
};

/// Where the walk reads a string: its role, and its name in error messages ("a node description").
struct StringSite {
  StringRole role;
  const char* what;
};

inline constexpr StringSite kDescriptionSite{StringRole::Description, "a node description"};
inline constexpr StringSite kKeySite{StringRole::AttributeKey, "an attribute key"};
inline constexpr StringSite kValueSite{StringRole::AttributeValue, "an attribute value"};
inline constexpr StringSite kContentSite{StringRole::Content, "node content"};
inline constexpr StringSite kJidUserSite{StringRole::JidUser, "a JID user"};
inline constexpr StringSite kJidServerSite{StringRole::JidServer, "a JID server"};
inline constexpr StringSite kJidAdUserSite{StringRole::JidUser, "a JID_AD user"};

/// A node's list header: the list tag and its size bytes.
struct NodeHeaderRun {
  std::size_t offset = 0;       ///< of the list tag, from the start of the input
  ByteView bytes;               ///< the tag and its size bytes
  std::uint8_t tag = 0;         ///< LIST_8 or LIST_16 (a size of 0 fails before the hook)
  std::size_t size = 0;         ///< the list size: 1 + 2 * attributes, + 1 when there is content
  std::size_t depth = 0;        ///< 0 for the root, + 1 per child list
  std::size_t child_index = 0;  ///< 0-based among its siblings; 0 for the root
  std::size_t child_count = 0;  ///< the siblings, itself included; 0 for the root
};

/// A string: its tag and everything the tag takes, decoded. A JID_PAIR or JID_AD is not one run
/// but a JidRun around the strings of its parts.
struct StringRun {
  std::size_t offset = 0;  ///< of the tag
  ByteView bytes;          ///< the tag and what it takes (length bytes, string bytes)
  std::uint8_t tag = 0;
  StringRole role = StringRole::Description;
  std::size_t depth = 0;   ///< of the node the string belongs to
  std::string_view value;  ///< decoded ("c.us" for token 80); empty for LIST_EMPTY; valid during the call
  bool is_null = false;    ///< LIST_EMPTY
};

/// The opening of a JID_PAIR (its tag) or a JID_AD (its tag, agent and device byte).
struct JidRun {
  std::size_t offset = 0;  ///< of the tag
  ByteView bytes;
  std::uint8_t tag = 0;                       ///< JID_PAIR or JID_AD
  StringRole role = StringRole::Description;  ///< of the JID as a whole
  std::size_t depth = 0;                      ///< of the node the JID belongs to
  std::uint8_t agent = 0;                     ///< JID_AD only
  std::uint8_t device = 0;                    ///< JID_AD only
};

/// A content header (a child list tag and its size, or a BINARY_* tag and its length) or the raw
/// content bytes that follow a BINARY_* header.
struct ContentRun {
  std::size_t offset = 0;
  ByteView bytes;
  std::uint8_t tag = 0;          ///< the content tag (for the raw bytes too)
  std::size_t count = 0;         ///< child nodes, or content bytes
  std::size_t depth = 0;         ///< of the node the content belongs to
  std::string_view description;  ///< of that node; valid during the call
};

/// An observer that does nothing: the plain decoder, whose calls inline away.
///
/// Every observer has these members. Each is called once the run it describes has been read and
/// checked as far as the run itself goes (a node header before its size is checked against the
/// bytes left, a string once it has decoded); checks that span runs (an empty description, a null
/// key, trailing bytes) fail after the hook, so on failure the runs seen may end after the error
/// offset. Offsets count from the start of the input; views are valid during the call only.
struct NullObserver {
  void nodeHeader(const NodeHeaderRun&) noexcept {}
  void string(const StringRun&) noexcept {}
  /// After the JID's opening bytes, before the strings of its parts.
  void jidBegin(const JidRun&) noexcept {}
  /// After the strings of its parts, once the JID is valid; `value` is what it decodes to.
  void jidEnd(const JidRun&, std::string_view /*value*/, bool /*user_null*/) noexcept {}
  /// A child list header, before its count is checked against the bytes left.
  void childrenHeader(const ContentRun&) noexcept {}
  /// A BINARY_* content header, before its length is checked against the bytes left.
  void binaryHeader(const ContentRun&) noexcept {}
  /// The raw content bytes after a binaryHeader() (possibly none).
  void binaryContent(const ContentRun&) noexcept {}
};

// Two output characters per packed byte, and whether the byte is valid in that alphabet.
struct PackedTable {
  std::array<std::array<char, 2>, 256> nibble{};
  std::array<bool, 256> nibble_ok{};
  std::array<std::array<char, 2>, 256> hex{};
};

constexpr PackedTable makePackedTable() noexcept {
  constexpr char kNibbleChars[16] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '.', '?', '?', '?', '\0'};
  constexpr char kHexChars[] = "0123456789ABCDEF";
  PackedTable t;
  for (unsigned b = 0; b < 256; ++b) {
    const unsigned hi = b >> 4, lo = b & 15;
    t.nibble[b] = {kNibbleChars[hi], kNibbleChars[lo]};
    t.nibble_ok[b] = !(hi >= 12 && hi <= 14) && !(lo >= 12 && lo <= 14);
    t.hex[b] = {kHexChars[hi], kHexChars[lo]};
  }
  return t;
}

inline constexpr PackedTable kPacked = makePackedTable();

/// Decodes one node from untrusted bytes through the codec's cursor, telling `Observer` (see
/// NullObserver) about each run of bytes as it goes. The rules, limits, error codes, offsets and
/// messages are those documented for decodeNode().
template <class Observer>
class Decoder {
 public:
  Decoder(ByteView bytes, const DecodeLimits& limits, Observer& observer) noexcept
      : reader_(bytes, Stage::Decode), limits_(limits), observer_(observer) {}

  /// Decodes into `root` (reusing its storage); the first error, or trailing bytes, fail.
  Expected<void> run(Node& root) {
    if (!readNode(root, 0, 0, 0)) return tl::unexpected(std::move(*reader_.takeError()));
    if (!reader_.atEnd())
      return makeError(ErrorCode::Invalid, Stage::Decode, reader_.offset(),
                       fmt::format("expected the end of the node, found {} trailing bytes", reader_.remaining()));
    return {};
  }

 private:
  bool fail(ErrorCode code, std::size_t at, std::string message) { return reader_.fail(code, at, std::move(message)); }

  // The reads below check need() first and return its answer: the read's own check is then the
  // same test on the same values, which the compiler drops, and no ok() test follows.
  bool readByte(std::uint8_t& b, std::string_view what) {
    if (!reader_.need(1, what)) return false;
    b = reader_.u8(what);
    return true;
  }

  // List size for a list tag at `tag_at`; any other tag fails.
  bool readListSize(std::uint8_t tag, std::size_t tag_at, std::size_t& n, std::string_view what) {
    switch (tag) {
      case kListEmpty:
        n = 0;
        return true;
      case kList8:
        if (!reader_.need(1, "the LIST_8 size")) return false;
        n = reader_.u8();
        return true;
      case kList16:
        if (!reader_.need(2, "the LIST_16 size")) return false;
        n = reader_.u16be();
        return true;
      default:
        return fail(ErrorCode::Invalid, tag_at,
                    fmt::format("expected a list tag for {}, found {} (0x{:02x})", what, tagName(tag), tag));
    }
  }

  bool readRaw(std::size_t n, std::string& out, std::string_view what) {
    if (!reader_.need(n, what)) return false;
    const ByteView raw = reader_.bytes(n);
    out.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
    return true;
  }

  bool readBinaryLength(std::uint8_t tag, std::size_t& n) {
    switch (tag) {
      case kBinary8:
        if (!reader_.need(1, "the BINARY_8 length")) return false;
        n = reader_.u8();
        return true;
      case kBinary20: {
        if (!reader_.need(3, "the BINARY_20 length")) return false;
        const ByteView b = reader_.bytes(3);
        n = static_cast<std::size_t>(b[0] & 0x0F) << 16 | static_cast<std::size_t>(b[1]) << 8 | b[2];
        return true;
      }
      default:  // kBinary32
        if (!reader_.need(4, "the BINARY_32 length")) return false;
        n = reader_.u32be();
        return true;
    }
  }

  // Inlined into readString(), its one caller: GCC 12 leaves it out of line here, which costs
  // BM_DecodeSmallReuse about 3% more instructions (bench/codec_bench.cpp).
  [[gnu::always_inline]] bool readPacked(std::uint8_t tag, std::string& out) {
    const std::size_t start_at = reader_.offset();
    std::uint8_t start = 0;
    if (!readByte(start, tag == kNibble8 ? "the NIBBLE_8 length" : "the HEX_8 length")) return false;
    const std::size_t count = start & 127u;
    const bool odd = (start & 128u) != 0;
    if (odd && count == 0)
      return fail(ErrorCode::Invalid, start_at, "packed string of 0 bytes has the odd-length flag set");
    const std::size_t packed_at = reader_.offset();
    if (!reader_.need(count, tag == kNibble8 ? "NIBBLE_8 bytes" : "HEX_8 bytes")) return false;
    const ByteView packed = reader_.bytes(count);
    out.resize(count * 2);
    char* o = out.data();
    if (tag == kNibble8) {
      for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t b = packed[i];
        if (!kPacked.nibble_ok[b]) {
          const unsigned bad = (b >> 4) >= 12 && (b >> 4) <= 14 ? b >> 4 : b & 15u;
          return fail(ErrorCode::Invalid, packed_at + i,
                      fmt::format("nibble value {} is not a digit, '-', '.' or padding", bad));
        }
        std::memcpy(o + 2 * i, kPacked.nibble[b].data(), 2);
      }
    } else {
      for (std::size_t i = 0; i < count; ++i) std::memcpy(o + 2 * i, kPacked.hex[packed[i]].data(), 2);
    }
    if (odd) out.pop_back();
    return true;
  }

  bool nestedJid(std::size_t tag_at, const char* what) {
    return fail(ErrorCode::Invalid, tag_at, fmt::format("expected {}, found a JID inside a JID", what));
  }

  // Tells the observer about the string whose tag was at `tag_at` and which ends at the cursor.
  void seeString(std::size_t tag_at, std::uint8_t tag, StringRole role, std::size_t depth, std::string_view value,
                 bool is_null) {
    observer_.string(StringRun{tag_at, reader_.readSince(tag_at), tag, role, depth, value, is_null});
  }

  // Reads a string for the tag just read into `out` (reusing its storage); `is_null` is set for
  // tag 0 (LIST_EMPTY). Inside a JID (role JidUser or JidServer) another JID is refused, which
  // also bounds recursion.
  bool readString(std::uint8_t tag, std::string& out, bool& is_null, const StringSite& site, std::size_t depth) {
    const std::size_t tag_at = reader_.offset() - 1;
    const StringRole role = site.role;
    const char* const what = site.what;
    const bool in_jid = role == StringRole::JidUser || role == StringRole::JidServer;
    is_null = false;
    if (tag >= 3 && tag <= kLastTokenTag) {
      auto token = tokenString(tag);
      if (!token)
        return fail(ErrorCode::Invalid, tag_at,
                    fmt::format("token index {} is not in the {}-entry dictionary", tag, kSingleByteTokenCount));
      out.assign(token->data(), token->size());
      seeString(tag_at, tag, role, depth, *token, false);
      return true;
    }
    switch (tag) {
      case kListEmpty:
        is_null = true;
        out.clear();
        seeString(tag_at, tag, role, depth, {}, true);
        return true;
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        if (!readBinaryLength(tag, n) || !readRaw(n, out, "string bytes")) return false;
        seeString(tag_at, tag, role, depth, out, false);
        return true;
      }
      case kNibble8:
      case kHex8:
        if (!readPacked(tag, out)) return false;
        seeString(tag_at, tag, role, depth, out, false);
        return true;
      case kJidPair: {
        if (in_jid) return nestedJid(tag_at, what);
        const JidRun jid{tag_at, reader_.readSince(tag_at), tag, role, depth};
        observer_.jidBegin(jid);
        std::uint8_t t = 0;
        bool user_null = false, server_null = false;
        if (!readByte(t, "the JID_PAIR user tag") || !readString(t, out, user_null, kJidUserSite, depth)) return false;
        if (!readByte(t, "the JID_PAIR server tag")) return false;
        if (t >= 3 && t <= kLastTokenTag) {  // the usual case: the server is a token
          auto token = tokenString(t);
          if (!token)  // reports the error
            return readString(t, out, server_null, kJidServerSite, depth);
          seeString(reader_.offset() - 1, t, StringRole::JidServer, depth, *token, false);
          if (user_null) {
            out.assign(token->data(), token->size());
          } else {
            out += '@';
            out.append(token->data(), token->size());
          }
          observer_.jidEnd(jid, out, user_null);
          return true;
        }
        std::string server;
        if (!readString(t, server, server_null, kJidServerSite, depth)) return false;
        if (server_null)
          return fail(ErrorCode::Invalid, reader_.offset() - 1, "expected a JID server, found LIST_EMPTY");
        if (user_null) {
          out = std::move(server);
        } else {
          out += '@';
          out += server;
        }
        observer_.jidEnd(jid, out, user_null);
        return true;
      }
      case kJidAd: {
        if (in_jid) return nestedJid(tag_at, what);
        std::uint8_t agent = 0, device = 0, t = 0;
        if (!readByte(agent, "the JID_AD agent") || !readByte(device, "the JID_AD device")) return false;
        const JidRun jid{tag_at, reader_.readSince(tag_at), tag, role, depth, agent, device};
        observer_.jidBegin(jid);
        std::string user;
        bool user_null = false;
        if (!readByte(t, "the JID_AD user tag") || !readString(t, user, user_null, kJidAdUserSite, depth)) return false;
        if (user_null)
          return fail(ErrorCode::Invalid, reader_.offset() - 1, "expected a JID_AD user, found LIST_EMPTY");
        out = formatAdJid(user, agent, device);
        observer_.jidEnd(jid, out, false);
        return true;
      }
      default:
        break;
    }
    if (tag >= kDictionary0 && tag <= kDictionary3) {
      std::uint8_t low = 0;
      if (!readByte(low, "the double-byte token index")) return false;
      const unsigned dict = static_cast<unsigned>(tag - kDictionary0);
      return fail(ErrorCode::Unsupported, tag_at,
                  fmt::format("double-byte token {} of DICTIONARY_{} (index {}): no double-byte dictionary "
                              "is known",
                              low, dict, dict * 256u + low));
    }
    if (tag == 1 || tag == kStreamEnd)
      return fail(ErrorCode::Invalid, tag_at, fmt::format("expected {}, found tag {} which has no token", what, tag));
    return fail(ErrorCode::Invalid, tag_at, fmt::format("expected {}, found {} (0x{:02x})", what, tagName(tag), tag));
  }

  // `depth` is 0 for the root; the limit counts the root as 1.
  bool readNode(Node& node, std::size_t depth, std::size_t child_index, std::size_t child_count) {
    const std::size_t node_at = reader_.offset();
    if (depth + 1 > limits_.max_depth)
      return fail(ErrorCode::LimitExceeded, node_at,
                  fmt::format("nodes nested deeper than the limit of {}", limits_.max_depth));
    if (++nodes_ > limits_.max_nodes)
      return fail(ErrorCode::LimitExceeded, node_at, fmt::format("more than {} nodes", limits_.max_nodes));
    std::uint8_t tag = 0;
    std::size_t size = 0;
    if (!readByte(tag, "a node list tag") || !readListSize(tag, node_at, size, "a node")) return false;
    if (size == 0) return fail(ErrorCode::Invalid, node_at, "node list size 0 is invalid");
    observer_.nodeHeader(
        NodeHeaderRun{node_at, reader_.readSince(node_at), tag, size, depth, child_index, child_count});

    const std::size_t desc_at = reader_.offset();
    if (!readByte(tag, "a node description")) return false;
    if (tag == kStreamEnd)
      return fail(ErrorCode::Invalid, desc_at, "expected a node description, found STREAM_END (2)");
    bool is_null = false;
    if (!readString(tag, node.description, is_null, kDescriptionSite, depth)) return false;
    if (is_null || node.description.empty())
      return fail(ErrorCode::Invalid, desc_at, "expected a node description, found an empty string");

    const std::size_t attr_count = (size - 1) >> 1;
    if (attr_count > 0 && attr_count * 2 > reader_.remaining())
      return fail(ErrorCode::Truncated, reader_.offset(),
                  fmt::format("expected {} attributes (at least {} bytes), found {} bytes left", attr_count,
                              attr_count * 2, reader_.remaining()));
    // Storage of a reused node is kept: strings and vectors are assigned, not rebuilt.
    resizeAttributes(node.attributes, attr_count);
    for (auto& attr : node.attributes) {
      const std::size_t key_at = reader_.offset();
      if (!readByte(tag, "an attribute key") || !readString(tag, attr.key, is_null, kKeySite, depth)) return false;
      if (is_null) return fail(ErrorCode::Invalid, key_at, "expected an attribute key, found LIST_EMPTY");
      if (!attr.value) attr.value.emplace();
      if (!readByte(tag, "an attribute value") || !readString(tag, *attr.value, is_null, kValueSite, depth))
        return false;
      if (is_null) attr.value.reset();
    }
    node.data.clear();
    if ((size & 1u) != 0) {  // odd: no content
      node.content = ContentKind::None;
      resizeChildren(node.children, 0);
      return true;
    }

    const std::size_t content_at = reader_.offset();
    if (!readByte(tag, "node content")) return false;
    switch (tag) {
      case kListEmpty:
      case kList8:
      case kList16: {
        std::size_t n = 0;
        if (!readListSize(tag, content_at, n, "children")) return false;
        observer_.childrenHeader(
            ContentRun{content_at, reader_.readSince(content_at), tag, n, depth, node.description});
        node.content = ContentKind::Children;
        if (n == 0) {
          resizeChildren(node.children, 0);
          return true;
        }
        if (n * 2 > reader_.remaining())  // every child takes at least 2 bytes
          return fail(ErrorCode::Truncated, reader_.offset(),
                      fmt::format("expected {} child nodes (at least {} bytes), found {} bytes left", n, n * 2,
                                  reader_.remaining()));
        resizeChildren(node.children, n);
        for (std::size_t i = 0; i < n; ++i)
          if (!readNode(node.children[i], depth + 1, i, n)) return false;
        return true;
      }
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        node.content = ContentKind::Bytes;
        resizeChildren(node.children, 0);
        if (!readBinaryLength(tag, n)) return false;
        observer_.binaryHeader(ContentRun{content_at, reader_.readSince(content_at), tag, n, depth, node.description});
        const std::size_t data_at = reader_.offset();
        if (!readRaw(n, node.data, "content bytes")) return false;
        observer_.binaryContent(ContentRun{data_at, reader_.readSince(data_at), tag, n, depth, node.description});
        return true;
      }
      default:
        node.content = ContentKind::Text;
        resizeChildren(node.children, 0);
        return readString(tag, node.data, is_null, kContentSite, depth);
    }
  }

  support::ByteReader<Stage> reader_;
  DecodeLimits limits_;
  Observer& observer_;
  std::size_t nodes_ = 0;
};

}  // namespace wa::codec::detail
