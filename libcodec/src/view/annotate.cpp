// The node annotator: the decoder's rules walked once more, recording what each byte run means.
//
// The walk follows decoder.cpp step for step (the same tags, sizes, checks and limits); where the
// bytes are invalid it stops and takes the decoder's own error, so the two cannot disagree on
// validity without the tests noticing (tests/codec/node/annotate_test.cpp compares them).
#include "wa/codec/view/annotate.h"

#include <algorithm>

#include <fmt/format.h>

#include "node/tags.h"
#include "wa/support/text/utf8.h"
#include "wa/codec/node/jid.h"
#include "wa/codec/node/tokens.h"

namespace wa::codec {
namespace {

using namespace detail;

constexpr std::size_t kMaxQuotedChars = 48;

// A string for a meaning column: quoted, control bytes escaped, bytes escaped unless the whole
// string is UTF-8, cut after kMaxQuotedChars characters.
std::string quote(std::string_view s) {
  const bool utf8 = support::isUtf8(s);
  std::string out = "\"";
  std::size_t shown = 0, i = 0;
  for (; i < s.size() && shown < kMaxQuotedChars; ++shown) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (c >= 0x80) {  // one whole UTF-8 character
      std::size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += static_cast<char>(c);
      ++i;
    }
  }
  out += '"';
  if (i < s.size()) out += fmt::format("... ({} bytes)", s.size());
  return out;
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class Annotator {
 public:
  Annotator(ByteView bytes, const DecodeLimits& limits) noexcept : bytes_(bytes), limits_(limits) {}

  // False when the walk stopped on invalid bytes.
  bool run() {
    if (!readNode(0, "node")) return false;
    return pos_ == bytes_.size();
  }

  std::vector<ByteAnnotation> takeItems() { return std::move(items_); }

 private:
  std::size_t remaining() const noexcept { return bytes_.size() - pos_; }

  bool byte(std::uint8_t& b) {
    if (pos_ >= bytes_.size()) return false;
    b = bytes_[pos_++];
    return true;
  }

  // Adds an item for the bytes [start, pos_) and returns its index.
  std::size_t add(std::size_t start, std::size_t depth, std::string role, std::string meaning) {
    items_.push_back(ByteAnnotation{start, pos_ - start, depth, std::move(role), std::move(meaning)});
    return items_.size() - 1;
  }

  bool listSize(std::uint8_t tag, std::size_t& n) {
    switch (tag) {
      case kListEmpty: n = 0; return true;
      case kList8:
        if (remaining() < 1) return false;
        n = bytes_[pos_++];
        return true;
      case kList16:
        if (remaining() < 2) return false;
        n = static_cast<std::size_t>(bytes_[pos_]) << 8 | bytes_[pos_ + 1];
        pos_ += 2;
        return true;
      default: return false;
    }
  }

  bool binaryLength(std::uint8_t tag, std::size_t& n) {
    const std::size_t width = tag == kBinary8 ? 1 : tag == kBinary20 ? 3 : 4;
    if (remaining() < width) return false;
    const std::uint8_t* p = bytes_.data() + pos_;
    if (tag == kBinary8) n = p[0];
    else if (tag == kBinary20) n = static_cast<std::size_t>(p[0] & 0x0F) << 16 | static_cast<std::size_t>(p[1]) << 8 | p[2];
    else n = static_cast<std::size_t>(p[0]) << 24 | static_cast<std::size_t>(p[1]) << 16 | static_cast<std::size_t>(p[2]) << 8 | p[3];
    pos_ += width;
    return true;
  }

  bool packed(std::uint8_t tag, std::string& out, std::string& meaning) {
    std::uint8_t start = 0;
    if (!byte(start)) return false;
    const std::size_t count = start & 127u;
    const bool odd = (start & 128u) != 0;
    if ((odd && count == 0) || count > remaining()) return false;
    static constexpr char kNibble[] = "0123456789-.???\0";
    static constexpr char kHex[] = "0123456789ABCDEF";
    out.clear();
    for (std::size_t i = 0; i < count; ++i) {
      const unsigned b = bytes_[pos_ + i];
      for (unsigned v : {b >> 4, b & 15u}) {
        if (tag == kNibble8 && v >= 12 && v <= 14) return false;
        out += tag == kNibble8 ? kNibble[v] : kHex[v];
      }
    }
    if (odd) out.pop_back();
    meaning = fmt::format("{} {}{} -> {}", tagName(tag), plural(count, "byte"),
                          odd ? fmt::format(", odd (pad {:x} dropped)", bytes_[pos_ + count - 1] & 15u) : "",
                          quote(out));
    pos_ += count;
    return true;
  }

  // Reads a tag and the string it introduces, adding items at `depth` with `role`. `out` receives
  // the decoded string and `is_null` is set for LIST_EMPTY.
  bool string(std::size_t depth, const std::string& role, std::string& out, bool& is_null, bool in_jid = false) {
    const std::size_t start = pos_;
    std::uint8_t tag = 0;
    if (!byte(tag)) return false;
    is_null = false;
    if (tag >= 3 && tag <= kLastTokenTag) {
      auto token = tokenString(tag);
      if (!token) return false;
      out.assign(token->data(), token->size());
      if (tag == kTokenUserServer)
        add(start, depth, role, fmt::format("token {} \"{}\", read as {}", tag, kSingleByteTokens[tag], quote(out)));
      else
        add(start, depth, role, fmt::format("token {} {}", tag, quote(out)));
      return true;
    }
    switch (tag) {
      case kListEmpty:
        is_null = true;
        out.clear();
        add(start, depth, role, "LIST_EMPTY -> null");
        return true;
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        if (!binaryLength(tag, n) || n > remaining()) return false;
        out.assign(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
        pos_ += n;
        add(start, depth, role, fmt::format("{} length {} -> {}", tagName(tag), n, quote(out)));
        return true;
      }
      case kNibble8:
      case kHex8: {
        std::string meaning;
        if (!packed(tag, out, meaning)) return false;
        add(start, depth, role, std::move(meaning));
        return true;
      }
      case kJidPair: {
        if (in_jid) return false;
        const std::size_t item = add(start, depth, role, "JID_PAIR");
        std::string user, server;
        bool user_null = false, server_null = false;
        if (!string(depth + 1, "user", user, user_null, true)) return false;
        if (!string(depth + 1, "server", server, server_null, true) || server_null) return false;
        out = user_null ? server : user + "@" + server;
        items_[item].meaning = fmt::format("JID_PAIR -> {}{}", quote(out), user_null ? " (no user: the server alone)" : "");
        return true;
      }
      case kJidAd: {
        if (in_jid) return false;
        std::uint8_t agent = 0, device = 0;
        if (!byte(agent) || !byte(device)) return false;
        const std::size_t item = add(start, depth, role, "JID_AD");
        std::string user;
        bool user_null = false;
        if (!string(depth + 1, "user", user, user_null, true) || user_null) return false;
        out = formatAdJid(user, agent, device);
        items_[item].meaning = fmt::format("JID_AD agent {}, device {} -> {}", agent, device, quote(out));
        return true;
      }
      default: return false;  // DICTIONARY_0..3 (no double-byte dictionary), 1, STREAM_END, unassigned
    }
  }

  bool readNode(std::size_t depth, const std::string& role) {
    if (depth + 1 > limits_.max_depth || ++nodes_ > limits_.max_nodes) return false;
    const std::size_t start = pos_;
    std::uint8_t tag = 0;
    std::size_t size = 0;
    if (!byte(tag) || !listSize(tag, size) || size == 0) return false;
    const std::size_t attr_count = (size - 1) >> 1;
    const bool has_content = (size & 1u) == 0;
    auto header_meaning = [&](std::string_view name) {
      return fmt::format("{} size {}: {}{}, {}", tagName(tag), size, name, plural(attr_count, "attribute"),
                         has_content ? "content" : "no content (odd size)");
    };
    const std::size_t header = add(start, depth, role, header_meaning(""));

    std::string description;
    bool is_null = false;
    if (!string(depth, "description", description, is_null) || is_null || description.empty()) return false;
    items_[header].meaning = header_meaning(fmt::format("<{}> with ", description));

    if (attr_count * 2 > remaining()) return false;
    for (std::size_t i = 0; i < attr_count; ++i) {
      std::string key, value;
      if (!string(depth, "attribute key", key, is_null) || is_null) return false;
      if (!string(depth, "attribute value", value, is_null)) return false;
    }
    if (!has_content) return true;

    const std::size_t content_at = pos_;
    if (!byte(tag)) return false;
    switch (tag) {
      case kListEmpty:
      case kList8:
      case kList16: {
        std::size_t n = 0;
        if (!listSize(tag, n)) return false;
        add(content_at, depth, "content",
            tag == kListEmpty ? std::string("LIST_EMPTY: no child nodes")
                              : fmt::format("{} size {}: {}", tagName(tag), n, plural(n, "child node")));
        if (n * 2 > remaining()) return false;
        for (std::size_t i = 0; i < n; ++i)
          if (!readNode(depth + 1, fmt::format("child {} of {}", i + 1, n))) return false;
        return true;
      }
      case kBinary8:
      case kBinary20:
      case kBinary32: {
        std::size_t n = 0;
        if (!binaryLength(tag, n)) return false;
        add(content_at, depth, "content", fmt::format("{} length {}: raw bytes", tagName(tag), n));
        if (n > remaining()) return false;
        if (n > 0) {
          const std::size_t data_at = pos_;
          pos_ += n;
          add(data_at, depth + 1, "bytes",
              description == "message" ? fmt::format("{} (a WebMessageInfo protobuf)", plural(n, "byte"))
                                       : plural(n, "byte"));
        }
        return true;
      }
      default: {
        pos_ = content_at;  // string() reads the tag itself
        std::string text;
        return string(depth, "content", text, is_null);
      }
    }
  }

  ByteView bytes_;
  DecodeLimits limits_;
  std::size_t pos_ = 0;
  std::size_t nodes_ = 0;
  std::vector<ByteAnnotation> items_;
};

}  // namespace

NodeAnnotation annotateNode(ByteView bytes, const DecodeLimits& limits) {
  NodeAnnotation result;
  Annotator annotator(bytes, limits);
  const bool walked = annotator.run();
  result.items = annotator.takeItems();
  auto decoded = decodeNode(bytes, limits);
  if (!decoded) {
    result.error = std::move(decoded.error());
    // Keep only what lies wholly before the failure.
    while (!result.items.empty() &&
           result.items.back().offset + result.items.back().size > result.error->offset)
      result.items.pop_back();
  } else if (!walked) {
    // Not expected: the walk follows the decoder. Say so rather than print a partial account.
    std::size_t end = result.items.empty() ? 0 : result.items.back().offset + result.items.back().size;
    result.error = Error{ErrorCode::Invalid, Stage::Decode, end,
                         "the annotator could not follow bytes the decoder accepts"};
  }
  return result;
}

std::string formatAnnotation(ByteView bytes, const NodeAnnotation& annotation, const AnnotationFormat& format) {
  const std::size_t per_line = format.bytes_per_line == 0 ? 8 : format.bytes_per_line;
  std::size_t digits = 4;
  while (digits < 16 && (bytes.size() >> (4 * digits)) != 0) ++digits;
  const std::size_t offset_width = std::max<std::size_t>(digits, 6);  // at least as wide as "offset"
  const std::size_t hex_width = per_line * 3 - 1;
  std::string out;
  // One line: the columns padded, trailing spaces dropped.
  auto line = [&](std::string_view offset, std::string_view hex, std::string_view text) {
    std::string l = fmt::format("{:<{}}  {:<{}}  {}", offset, offset_width, hex, hex_width, text);
    l.erase(l.find_last_not_of(' ') + 1);
    out += l;
    out += '\n';
  };
  auto hexRun = [&](std::size_t at, std::size_t n) {
    std::string h;
    for (std::size_t i = 0; i < n; ++i) {
      if (i) h += ' ';
      h += fmt::format("{:02x}", bytes[at + i]);
    }
    return h;
  };
  // Lines for the run [at, at + size): hex wrapped at per_line, the text on the first line.
  auto run = [&](std::size_t at, std::size_t size, const std::string& text) {
    const std::size_t shown = format.max_run_bytes > 0 ? std::min(size, format.max_run_bytes) : size;
    for (std::size_t done = 0; done < shown; done += per_line) {
      const std::size_t n = std::min(per_line, shown - done);
      line(fmt::format("{:0{}x}", at + done, digits), hexRun(at + done, n), done == 0 ? text : std::string());
    }
    if (shown < size) line("", "...", fmt::format("({} more bytes)", size - shown));
  };

  line("offset", "bytes", "meaning");
  std::size_t end = 0;
  for (const auto& item : annotation.items) {
    std::string text(item.depth * format.indent, ' ');
    text += item.role;
    text += ": ";
    text += item.meaning;
    run(item.offset, item.size, text);
    end = item.offset + item.size;
  }
  if (annotation.error) {
    const std::string text = "<?> " + describe(*annotation.error);
    if (end < bytes.size())
      run(end, bytes.size() - end, text);
    else
      line("", "", text);
  }
  return out;
}

}  // namespace wa::codec
