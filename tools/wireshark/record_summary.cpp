// The Info column's line for a record.
#include "record_summary.h"

#include <fmt/format.h>

#include "wa/support/text/display.h"

namespace wa::wireshark {
namespace {

// Cuts `out` back to `limit` bytes at a character boundary and marks the cut.
void cut(std::string& out, std::size_t limit) {
  if (out.size() <= limit) return;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;
  out.resize(end);
  out += "\u2026";
}

void appendNodeHead(std::string& out, const codec::Node& node) {
  out += '<';
  support::appendDisplayText(out, node.description);
  for (const auto& a : node.attributes) {
    out += ' ';
    support::appendDisplayText(out, a.key);
    if (!a.value) continue;
    out += "=\"";
    support::appendDisplayText(out, *a.value, {.escape_backslash = false, .quote = '"'});
    out += '"';
  }
  out += '>';
  switch (node.content) {
    case codec::ContentKind::Children: {
      fmt::format_to(std::back_inserter(out), " {} {}", node.children.size(),
                     node.children.size() == 1 ? "child" : "children");
      // The kinds of children, in order, each once: "message", "contact, chat".
      std::size_t shown = 0;
      for (std::size_t i = 0; i < node.children.size() && shown < 3; ++i) {
        bool seen = false;
        for (std::size_t j = 0; j < i && !seen; ++j) seen = node.children[j].description == node.children[i].description;
        if (seen) continue;
        out += shown++ ? ", " : ": ";
        support::appendDisplayText(out, node.children[i].description);
      }
      break;
    }
    case codec::ContentKind::Text: out += " text"; break;
    case codec::ContentKind::Bytes: fmt::format_to(std::back_inserter(out), " {} bytes", node.data.size()); break;
    case codec::ContentKind::None: break;
  }
}

}  // namespace

void appendRecordSummary(std::string& out, const session::Record& record, std::size_t max_bytes) {
  const std::size_t start = out.size();
  if (!record.tag.empty()) {
    support::appendDisplayText(out, record.tag);
    out += ' ';
  }
  if (record.error) {
    fmt::format_to(std::back_inserter(out), "{}: {} at offset {}", record.kind, toString(record.error->stage),
                   record.error->offset);
  } else if (record.kind == "json") {
    support::appendDisplayText(out, record.json_text.substr(0, max_bytes));
  } else if (record.kind == "binary" && record.has_node) {
    appendNodeHead(out, record.node);
  } else if (record.kind == "keepalive") {
    out += "keep-alive";
  } else {
    out += record.kind;
  }
  if (out.size() - start > max_bytes) {
    std::string tail = out.substr(start);
    cut(tail, max_bytes);
    out.resize(start);
    out += tail;
  }
}

}  // namespace wa::wireshark
