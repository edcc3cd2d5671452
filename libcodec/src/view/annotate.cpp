// The node annotator: an observer of the decoder's own walk (node/decoder_walk.h) that records
// what each run of bytes means, so that the annotation and the decoder cannot disagree.
#include "wa/codec/view/annotate.h"

#include <algorithm>

#include <fmt/format.h>

#include "node/decoder_walk.h"
#include "node/tags.h"
#include "wa/codec/node/tokens.h"
#include "wa/support/text/utf8.h"

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

std::string_view roleName(StringRole role) noexcept {
  switch (role) {
    case StringRole::Description: return "description";
    case StringRole::AttributeKey: return "attribute key";
    case StringRole::AttributeValue: return "attribute value";
    case StringRole::Content: return "content";
    case StringRole::JidUser: return "user";
    case StringRole::JidServer: return "server";
  }
  return "string";
}

// The parts of a JID are shown one level below the JID.
std::size_t displayDepth(StringRole role, std::size_t depth) noexcept {
  return role == StringRole::JidUser || role == StringRole::JidServer ? depth + 1 : depth;
}

// An observer of the decoder's walk (node/decoder_walk.h) that gives each run of bytes one item.
// Items that need what comes later (a node header needs its description, a JID its value) are
// added with what is known and completed when the rest has been read.
class Annotator {
 public:
  std::vector<ByteAnnotation> takeItems() { return std::move(items_); }

  void nodeHeader(const NodeHeaderRun& run) {
    header_ = run;
    header_item_ = add(run.offset, run.bytes.size(), run.depth,
                       run.child_count == 0 ? std::string("node")
                                            : fmt::format("child {} of {}", run.child_index + 1, run.child_count),
                       headerMeaning(""));
  }

  void string(const StringRun& run) {
    add(run.offset, run.bytes.size(), displayDepth(run.role, run.depth), std::string(roleName(run.role)),
        stringMeaning(run));
    if (run.role == StringRole::Description) describeNode(run.value);
  }

  void jidBegin(const JidRun& run) {
    jid_item_ = add(run.offset, run.bytes.size(), displayDepth(run.role, run.depth), std::string(roleName(run.role)),
                    run.tag == kJidPair ? "JID_PAIR" : "JID_AD");
  }

  void jidEnd(const JidRun& run, std::string_view value, bool user_null) {
    items_[jid_item_].meaning =
        run.tag == kJidPair
            ? fmt::format("JID_PAIR -> {}{}", quote(value), user_null ? " (no user: the server alone)" : "")
            : fmt::format("JID_AD agent {}, device {} -> {}", run.agent, run.device, quote(value));
    if (run.role == StringRole::Description) describeNode(value);
  }

  void childrenHeader(const ContentRun& run) {
    add(run.offset, run.bytes.size(), run.depth, "content",
        run.tag == kListEmpty
            ? std::string("LIST_EMPTY: no child nodes")
            : fmt::format("{} size {}: {}", tagName(run.tag), run.count, plural(run.count, "child node")));
  }

  void binaryHeader(const ContentRun& run) {
    add(run.offset, run.bytes.size(), run.depth, "content",
        fmt::format("{} length {}: raw bytes", tagName(run.tag), run.count));
  }

  void binaryContent(const ContentRun& run) {
    if (run.bytes.empty()) return;
    add(run.offset, run.bytes.size(), run.depth + 1, "bytes",
        run.description == "message" ? fmt::format("{} (a WebMessageInfo protobuf)", plural(run.count, "byte"))
                                     : plural(run.count, "byte"));
  }

 private:
  std::size_t add(std::size_t offset, std::size_t size, std::size_t depth, std::string role, std::string meaning) {
    items_.push_back(ByteAnnotation{offset, size, depth, std::move(role), std::move(meaning)});
    return items_.size() - 1;
  }

  std::string headerMeaning(std::string_view name) const {
    const std::size_t attr_count = (header_.size - 1) >> 1;
    const bool has_content = (header_.size & 1u) == 0;
    return fmt::format("{} size {}: {}{}, {}", tagName(header_.tag), header_.size, name,
                       plural(attr_count, "attribute"), has_content ? "content" : "no content (odd size)");
  }

  // Names the node in its header item once its description is known to be valid (not empty).
  void describeNode(std::string_view description) {
    if (description.empty()) return;  // the walk fails next, and the header keeps no name
    items_[header_item_].meaning = headerMeaning(fmt::format("<{}> with ", description));
  }

  static std::string stringMeaning(const StringRun& run) {
    const std::uint8_t tag = run.tag;
    if (tag == kListEmpty) return "LIST_EMPTY -> null";
    if (tag == kTokenUserServer)
      return fmt::format("token {} \"{}\", read as {}", tag, kSingleByteTokens[tag], quote(run.value));
    if (tag >= 3 && tag <= kLastTokenTag) return fmt::format("token {} {}", tag, quote(run.value));
    if (tag == kNibble8 || tag == kHex8) {
      // The run is the tag, the start byte (bit 7: odd, drop the last character) and the bytes.
      const std::size_t count = run.bytes[1] & 127u;
      const bool odd = (run.bytes[1] & 128u) != 0;
      return fmt::format("{} {}{} -> {}", tagName(tag), plural(count, "byte"),
                         odd ? fmt::format(", odd (pad {:x} dropped)", run.bytes.back() & 15u) : "", quote(run.value));
    }
    return fmt::format("{} length {} -> {}", tagName(tag), run.value.size(), quote(run.value));  // BINARY_*
  }

  std::vector<ByteAnnotation> items_;
  NodeHeaderRun header_;  // of the node being read (its description comes next)
  std::size_t header_item_ = 0;
  std::size_t jid_item_ = 0;  // JIDs do not nest
};

}  // namespace

NodeAnnotation annotateNode(ByteView bytes, const DecodeLimits& limits) {
  NodeAnnotation result;
  Annotator annotator;
  Node root;
  auto walked = Decoder<Annotator>(bytes, limits, annotator).run(root);
  result.items = annotator.takeItems();
  if (!walked) {
    result.error = std::move(walked.error());
    // Keep only what lies wholly before the failure: a run the walk read but then refused (an
    // empty description, a null key, JID server or JID_AD user) ends after the error offset.
    while (!result.items.empty() &&
           result.items.back().offset + result.items.back().size > result.error->offset)
      result.items.pop_back();
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
