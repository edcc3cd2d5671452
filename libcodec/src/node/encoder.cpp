// The binary node encoder with the server, webclient and plain styles (docs/protocol.md, "Encoding styles").
#include "wa/codec/node/encoder.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "node/tags.h"
#include "wa/support/enum_names.h"
#include "wa/codec/node/tokens.h"

namespace wa::codec {
namespace {

using namespace detail;

// Character classes for choosing a packed form in one pass.
enum : std::uint8_t { kNibbleChar = 1, kHexChar = 2, kDigit = 4 };

struct CharClasses {
  std::array<std::uint8_t, 256> cls{};
  std::array<std::uint8_t, 256> nibble_value{};
  std::array<std::uint8_t, 256> hex_value{};
  CharClasses() noexcept {
    for (char c = '0'; c <= '9'; ++c) {
      auto u = static_cast<unsigned char>(c);
      cls[u] = kNibbleChar | kHexChar | kDigit;
      nibble_value[u] = static_cast<std::uint8_t>(c - '0');
      hex_value[u] = static_cast<std::uint8_t>(c - '0');
    }
    cls[static_cast<unsigned char>('-')] = kNibbleChar;
    nibble_value[static_cast<unsigned char>('-')] = 10;
    cls[static_cast<unsigned char>('.')] = kNibbleChar;
    nibble_value[static_cast<unsigned char>('.')] = 11;
    for (char c = 'A'; c <= 'F'; ++c) {
      auto u = static_cast<unsigned char>(c);
      cls[u] = kHexChar;
      hex_value[u] = static_cast<std::uint8_t>(c - 'A' + 10);
    }
  }
};

const CharClasses kClasses;

// AND of the classes of all characters (0 for an empty string, which never packs).
std::uint8_t classify(std::string_view s) noexcept {
  if (s.empty() || s.size() > kMaxPackedChars) return 0;
  std::uint8_t all = 0xFF;
  for (char c : s) all &= kClasses.cls[static_cast<unsigned char>(c)];
  return all;
}

bool isJidServerToken(std::string_view server) noexcept {
  return server == "c.us" || server == "g.us" || server == "broadcast";
}

class Encoder {
 public:
  Encoder(EncodeStyle style, std::string& out) noexcept : style_(style), out_(out) {}

  Expected<void> node(const Node& n) {
    if (n.description.empty())
      return makeError(ErrorCode::Invalid, Stage::Encode, out_.size(), "a node needs a non-empty description");
    std::size_t attr_count = 0;
    for (const auto& a : n.attributes)
      if (keep(a)) ++attr_count;
    std::size_t size = 1 + 2 * attr_count + (n.content == ContentKind::None ? 0 : 1);
    if (size > 0xFFFF)
      return makeError(ErrorCode::LimitExceeded, Stage::Encode, out_.size(),
                       fmt::format("node '{}' has {} attributes; a list holds at most 65535 items", n.description,
                                   attr_count));
    listStart(size);
    string(n.description);
    for (const auto& a : n.attributes) {
      if (!keep(a)) continue;
      string(a.key);
      if (a.value)
        string(*a.value);
      else
        out_.push_back(static_cast<char>(kListEmpty));
    }
    switch (n.content) {
      case ContentKind::None: break;
      case ContentKind::Text: string(n.data); break;
      case ContentKind::Bytes:
        if (auto r = binary(n.data); !r) return r;
        break;
      case ContentKind::Children:
        if (n.children.size() > 0xFFFF)
          return makeError(ErrorCode::LimitExceeded, Stage::Encode, out_.size(),
                           fmt::format("node '{}' has {} children; a list holds at most 65535", n.description,
                                       n.children.size()));
        listStart(n.children.size());
        for (const auto& c : n.children)
          if (auto r = node(c); !r) return r;
        break;
    }
    return {};
  }

 private:
  bool keep(const Attribute& a) const noexcept {
    return style_ != EncodeStyle::WebClient || (a.value && !a.value->empty());
  }

  void byte(unsigned b) { out_.push_back(static_cast<char>(b)); }

  void listStart(std::size_t n) {
    if (n == 0) {
      byte(kListEmpty);
    } else if (n < 256) {
      byte(kList8);
      byte(static_cast<unsigned>(n));
    } else {
      byte(kList16);
      byte(static_cast<unsigned>(n >> 8));
      byte(static_cast<unsigned>(n & 0xFF));
    }
  }

  Expected<void> binary(std::string_view s) {
    std::size_t n = s.size();
    if (n < 256) {
      byte(kBinary8);
      byte(static_cast<unsigned>(n));
    } else if (n < (1u << 20)) {
      byte(kBinary20);
      byte(static_cast<unsigned>(n >> 16));
      byte(static_cast<unsigned>((n >> 8) & 0xFF));
      byte(static_cast<unsigned>(n & 0xFF));
    } else if (n <= 0xFFFFFFFFull) {
      byte(kBinary32);
      byte(static_cast<unsigned>(n >> 24));
      byte(static_cast<unsigned>((n >> 16) & 0xFF));
      byte(static_cast<unsigned>((n >> 8) & 0xFF));
      byte(static_cast<unsigned>(n & 0xFF));
    } else {
      return makeError(ErrorCode::LimitExceeded, Stage::Encode, out_.size(),
                       fmt::format("{} bytes do not fit BINARY_32", n));
    }
    out_.append(s.data(), s.size());
    return {};
  }

  void packed(std::uint8_t tag, std::string_view s, std::uint8_t pad) {
    const auto& values = tag == kNibble8 ? kClasses.nibble_value : kClasses.hex_value;
    std::size_t n = s.size();
    std::size_t count = (n + 1) / 2;
    byte(tag);
    byte(static_cast<unsigned>(count | ((n & 1u) ? 0x80u : 0u)));
    std::size_t at = out_.size();
    out_.resize(at + count);
    char* o = out_.data() + at;
    for (std::size_t i = 0; i + 1 < n; i += 2)
      o[i / 2] = static_cast<char>(values[static_cast<unsigned char>(s[i])] << 4 |
                                   values[static_cast<unsigned char>(s[i + 1])]);
    if (n & 1u) o[count - 1] = static_cast<char>(values[static_cast<unsigned char>(s[n - 1])] << 4 | pad);
  }

  // Writes a packed form if the style and the characters allow it; returns false otherwise.
  bool tryPacked(std::string_view s, std::uint8_t hex_pad) {
    std::uint8_t cls = classify(s);
    if (cls & kNibbleChar) {
      packed(kNibble8, s, 0xF);
      return true;
    }
    if ((cls & kHexChar) && !(cls & kDigit)) {
      packed(kHex8, s, hex_pad);
      return true;
    }
    return false;
  }

  // A JID user@server with a token server, written as JID_PAIR; false if `s` is not one.
  bool tryJid(std::string_view s) {
    auto at = s.find('@');
    if (at == std::string_view::npos || at == 0) return false;
    std::string_view user = s.substr(0, at), server = s.substr(at + 1);
    if (!isJidServerToken(server)) return false;
    auto server_token = tokenIndex(server);
    if (!server_token) return false;
    byte(kJidPair);
    if (style_ == EncodeStyle::Server) {
      string(user);
    } else {  // WebClient packs the user with 0xF padding for both alphabets
      if (!tryPacked(user, 0xF)) plainString(user);
    }
    byte(*server_token);
    return true;
  }

  void plainString(std::string_view s) {
    if (auto token = tokenIndex(s)) {
      byte(*token);
      return;
    }
    (void)binary(s);  // strings inside a node are bounded by the node's size checks
  }

  void string(std::string_view s) {
    if (auto token = tokenIndex(s)) {
      byte(*token);
      return;
    }
    switch (style_) {
      case EncodeStyle::Server:
        if (tryPacked(s, /*hex_pad=*/0x0) || tryJid(s)) return;
        break;
      case EncodeStyle::WebClient:
        if (tryJid(s)) return;
        break;
      case EncodeStyle::Plain: break;
    }
    (void)binary(s);
  }

  EncodeStyle style_;
  std::string& out_;
};

constexpr std::array<std::string_view, 3> kStyleNames = {"server", "webclient", "plain"};
static_assert(kStyleNames.size() == static_cast<std::size_t>(EncodeStyle::Plain) + 1, "a name for every style");

}  // namespace

std::string_view toString(EncodeStyle style) noexcept { return support::enumName(style, kStyleNames); }

std::optional<EncodeStyle> parseEncodeStyle(std::string_view name) noexcept {
  return support::enumNamed<EncodeStyle>(name, kStyleNames);
}

Expected<void> encodeNode(const Node& node, EncodeStyle style, std::string& out) {
  Encoder encoder(style, out);
  return encoder.node(node);
}

Expected<std::string> encodeNode(const Node& node, EncodeStyle style) {
  std::string out;
  out.reserve(256);
  if (auto r = encodeNode(node, style, out); !r) return tl::unexpected(std::move(r.error()));
  return out;
}

}  // namespace wa::codec
