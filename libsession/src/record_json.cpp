// Records as JSON.
#include "wa/session/record_json.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "wa/codec/view/node_json.h"
#include "wa/session/redact.h"
#include "wa/support/text/base64.h"
#include "wa/support/text/json_layout.h"
#include "wa/support/text/json_string.h"

namespace wa::session {
namespace {

// A number as fmt's "{}" writes it (doubles: shortest round trip), without parsing a format at run
// time or growing `b` a character at a time: records write several each.
template <class T>
void appendNumber(std::string& b, T v) {
  char digits[40];  // the longest: "-2.2250738585072014e-308"
  const char* end = fmt::format_to(digits, FMT_COMPILE("{}"), v);
  b.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace

void appendRecordPayloadJson(std::string& b, const Record& r, bool redact, bool pretty, std::size_t indent_level) {
  if (!redact) {
    support::appendJsonRelaid(b, r.json_text, pretty, indent_level);
    return;
  }
  auto json = nlohmann::ordered_json::parse(r.json_text, nullptr, /*allow_exceptions=*/false);
  redactJson(json);
  const std::string text = json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  support::appendJsonRelaid(b, text, pretty, indent_level);
}

void appendRecordNodeJson(std::string& b, const Record& r, const RecordJsonOptions& o) {
  codec::NodeJsonWriteOptions node_json;
  node_json.pretty = o.pretty;
  node_json.decode_proto = o.decode_proto;
  node_json.indent_level = o.indent_level;
  if (o.redact) {
    codec::Node copy = r.node;
    redactNode(copy);
    codec::appendNodeJson(b, copy, node_json);
  } else {
    codec::appendNodeJson(b, r.node, node_json);
  }
}

void appendRecordJson(std::string& b, const Record& r, const RecordJsonOptions& o) {
  const std::string_view nl = o.pretty ? "\n  " : "";
  const std::string_view sep = o.pretty ? ": " : ":";
  auto key = [&](std::string_view k, bool first = false) {
    if (!first) b += ',';
    b += nl;
    b += '"';
    b += k;
    b += '"';
    b += sep;
  };
  b += '{';
  key("i", true);
  appendNumber(b, r.index);
  key("t");
  appendNumber(b, r.message->t);
  key("dir");
  b += '"';
  b += codec::toString(r.dir);
  b += '"';
  if (r.dir_inferred) {
    key("dir_inferred");
    b += "true";
  }
  key("conn");
  support::appendJsonQuotedLossy(b, r.message->conn);
  if (!r.tag.empty()) {
    key("tag");
    support::appendJsonQuotedLossy(b, r.tag);
  }
  key("kind");
  support::appendJsonQuotedLossy(b, r.kind);
  if (r.metric) {
    key("metric");
    appendNumber(b, *r.metric);
  }
  if (r.flags) {
    key("flags");
    appendNumber(b, *r.flags);
  }
  if (r.kind == "pong") {
    key("pong_ms");
    appendNumber(b, r.pong_ms);
  }
  if (r.has_node) {
    key("node");
    appendRecordNodeJson(b, r, o);
  } else if (r.kind == "json" && !r.error) {
    key("json");
    appendRecordPayloadJson(b, r, o.redact, o.pretty, o.indent_level);
  }
  if (r.error) {
    key("error");
    fmt::format_to(std::back_inserter(b), "{{\"stage\":\"{}\",\"offset\":{},\"message\":", toString(r.error->stage),
                   r.error->offset);
    support::appendJsonQuotedLossy(b, r.error->message);
    b += '}';
    if (!o.redact) {
      key("b64");
      b += '"';
      support::appendBase64(b, r.message->payload);
      b += '"';
      if (!r.plaintext.empty()) {
        key("plaintext_b64");
        b += '"';
        support::appendBase64(b, r.plaintext);
        b += '"';
      }
    }
  }
  b += o.pretty ? "\n}" : "}";
}

}  // namespace wa::session
