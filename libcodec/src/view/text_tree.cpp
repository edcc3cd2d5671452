// Text tree renderer: XML-like lines for nodes, inline text, hexdumps and WebMessageInfo text.
#include "wa/codec/view/text_tree.h"

#include <algorithm>
#include <cstdio>

#include "wa/support/text/display.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/utf8.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::codec {

namespace {

struct Palette {
  std::string_view tag, key, value, error, reset;
};
constexpr Palette kPlain{"", "", "", "", ""};
constexpr Palette kAnsi{"\x1b[1;34m", "\x1b[36m", "\x1b[32m", "\x1b[1;31m", "\x1b[0m"};

constexpr std::size_t kInlineHexMax = 16;
// Copies `s` escaping what must not reach a terminal raw (see the header).
void appendEscaped(std::string& out, std::string_view s, bool in_quotes) {
  support::appendDisplayText(out, s, support::DisplayEscapeOptions{.escape_backslash = true, .quote = in_quotes ? '"' : '\0'});
}

// UTF-8 without controls other than \t \n \r (C0, DEL and C1 count as controls).
bool isPrintableText(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return false;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<std::uint8_t>(s[i + 1]) < 0xA0) return false;
  }
  return support::isUtf8(s);
}

class Renderer {
 public:
  Renderer(std::string& out, const TextTreeOptions& options)
      : out_(out), options_(options), palette_(options.color ? kAnsi : kPlain) {}

  void node(const Node& n, std::size_t level) {
    indent(level);
    out_.push_back('<');
    tagName(n.description);
    for (const auto& a : n.attributes) {
      out_.push_back(' ');
      colored(palette_.key, a.key, /*in_quotes=*/false);
      if (!a.value) continue;
      out_.append("=\"");
      colored(palette_.value, *a.value, /*in_quotes=*/true);
      out_.push_back('"');
    }
    switch (n.content) {
      case ContentKind::None: out_.append("/>\n"); return;
      case ContentKind::Text:
        out_.push_back('>');
        appendEscaped(out_, n.data, /*in_quotes=*/false);
        break;
      case ContentKind::Children:
        out_.push_back('>');
        if (!n.children.empty()) {
          out_.push_back('\n');
          for (const auto& child : n.children) node(child, level + 1);
          indent(level);
        }
        break;
      case ContentKind::Bytes:
        out_.push_back('>');
        if (options_.decode_proto && n.description == "message")
          messageBytes(n.data, level);
        else
          bytes(n.data, level);
        break;
    }
    out_.append("</");
    tagName(n.description);
    out_.append(">\n");
  }

 private:
  void indent(std::size_t level) { out_.append(2 * level, ' '); }

  void tagName(std::string_view name) { colored(palette_.tag, name, /*in_quotes=*/false); }

  void colored(std::string_view color, std::string_view s, bool in_quotes) {
    out_.append(color);
    appendEscaped(out_, s, in_quotes);
    if (!color.empty()) out_.append(palette_.reset);
  }

  // Inline or block rendering of Bytes content; leaves `out_` where the closing tag goes.
  void bytes(std::string_view data, std::size_t level) {
    if (data.empty()) return;
    if (isPrintableText(data)) {
      std::size_t shown = std::min(data.size(), options_.max_bytes);
      while (shown < data.size() && shown > 0 && (static_cast<std::uint8_t>(data[shown]) & 0xC0) == 0x80) --shown;
      appendEscaped(out_, data.substr(0, shown), /*in_quotes=*/false);
      if (shown < data.size()) {
        out_.append("... (");
        out_.append(std::to_string(data.size() - shown));
        out_.append(" more bytes)");
      }
      return;
    }
    if (data.size() <= kInlineHexMax && data.size() <= options_.max_bytes) {
      out_.append("hex:");
      support::appendHex(out_, data);
      return;
    }
    out_.push_back('\n');
    hexdump(data, level + 1);
    indent(level);
  }

  void messageBytes(std::string_view data, std::size_t level) {
    auto view = parseWebMessageInfo(data);
    if (view) {
      const std::string text = view->toText(2 * (level + 1), options_.max_bytes, options_.proto_bytes);
      if (text.empty()) return;
      out_.push_back('\n');
      out_.append(text);
      indent(level);
      return;
    }
    out_.push_back('\n');
    indent(level + 1);
    out_.append(palette_.error);
    out_.append("<?> proto at offset ");
    out_.append(std::to_string(view.error().offset));
    out_.append(": ");
    appendEscaped(out_, view.error().message, /*in_quotes=*/false);
    if (!palette_.error.empty()) out_.append(palette_.reset);
    out_.push_back('\n');
    hexdump(data, level + 1);
    indent(level);
  }

  // Rows of 16 bytes: offset, hex in two groups of 8, printable ASCII between bars.
  void hexdump(std::string_view data, std::size_t level) {
    const std::size_t shown = std::min(data.size(), options_.max_bytes);
    const int width = data.size() > 0xFFFF ? 8 : 4;
    for (std::size_t row = 0; row < shown; row += 16) {
      indent(level);
      char offset[24];
      const int n = std::snprintf(offset, sizeof offset, "%0*zx", width, row);
      out_.append(offset, static_cast<std::size_t>(n));
      out_.append("  ");
      const std::size_t end = std::min(shown, row + 16);
      for (std::size_t i = row; i < row + 16; ++i) {
        if (i == row + 8) out_.push_back(' ');
        if (i < end) {
          out_.append(support::hexByte(static_cast<std::uint8_t>(data[i])));
          out_.push_back(' ');
        } else {
          out_.append("   ");
        }
      }
      out_.append(" |");
      for (std::size_t i = row; i < end; ++i) {
        const auto b = static_cast<std::uint8_t>(data[i]);
        out_.push_back(b >= 0x20 && b < 0x7F ? static_cast<char>(b) : '.');
      }
      out_.append("|\n");
    }
    if (shown < data.size()) {
      indent(level);
      out_.append("... ");
      out_.append(std::to_string(data.size() - shown));
      out_.append(" more bytes\n");
    }
  }

  std::string& out_;
  const TextTreeOptions& options_;
  Palette palette_;
};

}  // namespace

void appendTextTree(std::string& out, const Node& node, const TextTreeOptions& options) {
  Renderer(out, options).node(node, options.indent_level);
}

std::string renderTextTree(const Node& node, const TextTreeOptions& options) {
  std::string out;
  appendTextTree(out, node, options);
  return out;
}

}  // namespace wa::codec
