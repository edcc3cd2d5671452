// Records as JSON.
#include "wa/session/record_json.h"

#include <cstring>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "wa/codec/view/node_json.h"
#include "wa/session/redact.h"
#include "wa/support/text/base64.h"
#include "wa/support/text/json_layout.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/json_tape.h"

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

// Calls write(node) with the record's node, or a redacted copy of it.
template <class Write>
void withRecordNode(const Record& r, bool redact, Write write) {
  if (!redact) return write(r.node);
  codec::Node copy = r.node;
  redactNode(copy);
  write(copy);
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
  withRecordNode(r, o.redact, [&](const codec::Node& node) { codec::appendNodeJson(b, node, node_json); });
}

namespace {

// The members of a record, in order, for either output (below): one list for both, so that the
// tape is always json.loads of the text.
template <class Out>
void writeRecord(Out& out, const Record& r, const RecordJsonOptions& o) {
  out.begin();
  out.key("i", /*first=*/true);
  out.number(r.index);
  out.key("t");
  out.number(r.message->t);
  out.key("dir");
  out.plainString(codec::toString(r.dir));
  if (r.dir_inferred) {
    out.key("dir_inferred");
    out.trueValue();
  }
  out.key("conn");
  out.lossyString(r.message->conn);
  if (!r.tag.empty()) {
    out.key("tag");
    out.lossyString(r.tag);
  }
  out.key("kind");
  out.lossyString(r.kind);
  if (r.metric) {
    out.key("metric");
    out.number(*r.metric);
  }
  if (r.flags) {
    out.key("flags");
    out.number(*r.flags);
  }
  if (r.kind == "pong") {
    out.key("pong_ms");
    out.number(r.pong_ms);
  }
  if (r.has_node) {
    out.key("node");
    out.node(r, o);
  } else if (r.kind == "json" && !r.error) {
    out.key("json");
    out.payload(r, o);
  }
  if (r.error) {
    out.key("error");
    out.error(*r.error);
    if (!o.redact) {
      out.key("b64");
      out.base64(r.message->payload);
      if (!r.plaintext.empty()) {
        out.key("plaintext_b64");
        out.base64(r.plaintext);
      }
    }
  }
  out.end();
}

// JSON text, compact or pretty (the members at "\n  ").
class RecordText {
 public:
  RecordText(std::string& b, const RecordJsonOptions& o)
      : b_(b), pretty_(o.pretty), nl_(o.pretty ? "\n  " : ""), sep_(o.pretty ? ": " : ":") {}

  void begin() { b_ += '{'; }
  void end() { b_ += pretty_ ? "\n}" : "}"; }
  // The keys are this file's names (plain ASCII literals, at most 16 bytes): written in one append,
  // compact ones copied in sizes known when compiled.
  template <std::size_t N>
  void key(const char (&k)[N], bool first = false) {
    static_assert(N - 1 <= 16);
    if (!pretty_) {
      char compact[N + 3];  // ,"k":
      compact[0] = ',';
      compact[1] = '"';
      std::memcpy(compact + 2, k, N - 1);
      compact[N + 1] = '"';
      compact[N + 2] = ':';
      b_.append(compact + (first ? 1 : 0), first ? N + 2 : N + 3);
      return;
    }
    char buffer[48];
    char* w = buffer;
    if (!first) *w++ = ',';
    w = put(w, nl_);
    *w++ = '"';
    w = put(w, k);
    *w++ = '"';
    w = put(w, sep_);
    b_.append(buffer, static_cast<std::size_t>(w - buffer));
  }
  template <class T>
  void number(T v) {
    appendNumber(b_, v);
  }
  void plainString(std::string_view s) {
    b_ += '"';
    b_ += s;
    b_ += '"';
  }
  void lossyString(std::string_view s) { support::appendJsonQuotedLossy(b_, s); }
  void trueValue() { b_ += "true"; }
  void base64(std::string_view bytes) {
    b_ += '"';
    support::appendBase64(b_, bytes);
    b_ += '"';
  }
  void node(const Record& r, const RecordJsonOptions& o) { appendRecordNodeJson(b_, r, o); }
  void payload(const Record& r, const RecordJsonOptions& o) {
    appendRecordPayloadJson(b_, r, o.redact, o.pretty, o.indent_level);
  }
  void error(const Error& e) {
    fmt::format_to(std::back_inserter(b_), "{{\"stage\":\"{}\",\"offset\":{},\"message\":", toString(e.stage),
                   e.offset);
    support::appendJsonQuotedLossy(b_, e.message);
    b_ += '}';
  }

 private:
  static char* put(char* w, std::string_view s) {
    if (!s.empty()) std::memcpy(w, s.data(), s.size());
    return w + s.size();
  }

  std::string& b_;
  bool pretty_;
  std::string_view nl_, sep_;
};

// The same value as a tape.
class RecordTape {
 public:
  explicit RecordTape(support::JsonTapeWriter& w) : w_(w) {}

  void begin() { w_.beginObject(); }
  void end() { w_.endObject(); }
  void key(std::string_view k, bool = false) { w_.key(k); }
  template <class T>
  void number(T v) {
    // Through the text, which is what says whether json.loads makes an int or a float of it.
    std::string digits;
    appendNumber(digits, v);
    w_.rawValue(digits);
  }
  void plainString(std::string_view s) { w_.stringValue(s); }
  void lossyString(std::string_view s) { w_.lossyStringValue(s); }
  void trueValue() { w_.boolValue(true); }
  void base64(std::string_view bytes) { w_.base64Value(bytes); }
  void node(const Record& r, const RecordJsonOptions& o) {
    codec::NodeJsonWriteOptions node_json;
    node_json.decode_proto = o.decode_proto;
    withRecordNode(r, o.redact, [&](const codec::Node& node) { codec::writeNodeTape(w_, node, node_json); });
  }
  void payload(const Record& r, const RecordJsonOptions& o) {
    if (!o.redact) return w_.jsonTextValue(r.json_text);
    std::string text;
    appendRecordPayloadJson(text, r, /*redact=*/true, /*pretty=*/false, 0);
    w_.jsonTextValue(text);
  }
  void error(const Error& e) {
    w_.beginObject();
    w_.key("stage");
    w_.stringValue(toString(e.stage));
    w_.key("offset");
    number(e.offset);
    w_.key("message");
    w_.lossyStringValue(e.message);
    w_.endObject();
  }

 private:
  support::JsonTapeWriter& w_;
};

}  // namespace

void appendRecordJson(std::string& b, const Record& r, const RecordJsonOptions& o) {
  RecordText text(b, o);
  writeRecord(text, r, o);
}

void appendRecordTape(std::string& out, const Record& r, const RecordJsonOptions& o) {
  thread_local support::JsonTapeBuffer tape;  // grows to the largest record's tape on each thread
  tape.clear();
  support::JsonTapeWriter w(tape);
  RecordTape writer(w);
  writeRecord(writer, r, o);
  if (!w.failed()) {
    out.append(tape.data(), tape.size());
    return;
  }
  // Nested too deep for a tape (or a number the tape does not read): as the text reads.
  std::string text;
  RecordJsonOptions compact = o;
  compact.pretty = false;
  appendRecordJson(text, r, compact);
  support::appendJsonTape(out, text);
}

}  // namespace wa::session
