// Node JSON writer: node tree to compact or pretty JSON text, with WebMessageInfo views.
#include "wa/codec/view/node_json.h"

#include <algorithm>
#include <vector>

#include "wa/support/text/base64.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/json_tape.h"
#include "wa/support/text/json_writer.h"
#include "wa/support/text/utf8.h"
#include "proto/proto_json.h"
#include "proto/wa_messages.pb.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::codec {

namespace {

// Each writer is a template over the output: support::JsonWriter (text) or support::JsonTapeWriter
// (the same value as a tape), so that both come from this one piece of code.

template <class W>
void writeBytesObject(W& w, std::string_view bytes) {
  w.beginObject();
  w.key("b64");
  w.base64Value(bytes);
  w.endObject();
}

// A description, attribute key or value: a string, or {"b64": ...} when not UTF-8.
template <class W>
void writeStringish(W& w, std::string_view s) {
  if (support::isUtf8(s))
    w.stringValue(s);
  else
    writeBytesObject(w, s);
}

// Attributes need the list-of-pairs form when a key cannot be an object key without loss.
bool needsPairs(const std::vector<Attribute>& attributes) {
  for (const auto& a : attributes)
    if (!support::isUtf8(a.key)) return true;
  const std::size_t n = attributes.size();
  if (n < 2) return false;
  if (n <= 16) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        if (attributes[i].key == attributes[j].key) return true;
    return false;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (const auto& a : attributes) keys.emplace_back(a.key);
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

template <class W>
void writeAttributes(W& w, const std::vector<Attribute>& attributes) {
  if (!needsPairs(attributes)) {
    w.beginObject();
    for (const auto& a : attributes) {
      w.key(a.key);
      if (a.value)
        writeStringish(w, *a.value);
      else
        w.nullValue();
    }
    w.endObject();
    return;
  }
  w.beginArray();
  for (const auto& a : attributes) {
    w.beginArray();
    writeStringish(w, a.key);
    if (a.value)
      writeStringish(w, *a.value);
    else
      w.nullValue();
    w.endArray();
  }
  w.endArray();
}

std::string protoErrorText(const Error& error) {
  return "proto at offset " + std::to_string(error.offset) + ": " + error.message;
}

template <class W>
void writeMessageBytes(W& w, std::string_view bytes) {
  w.beginObject();
  w.key("b64");
  w.base64Value(bytes);
  // Most messages are canonical and are written straight from their bytes; the others are parsed,
  // which gives the same JSON, keeps unknown fields and explains malformed bytes.
  const auto mark = w.mark();
  w.key("WebMessageInfo");
  if (bytes.size() <= kMaxProtoBytes &&
      detail::writeCanonicalWireJson(w, bytes, *wa::proto::WebMessageInfo::descriptor())) {
    w.endObject();
    return;
  }
  w.rollback(mark);
  auto view = parseWebMessageInfo(bytes);
  if (view) {
    w.key("WebMessageInfo");
    detail::writeProtoJson(w, view->message());
  } else {
    w.key("error");
    w.stringValue(protoErrorText(view.error()));
  }
  w.endObject();
}

template <class W>
void writeNode(W& w, const Node& node, const NodeJsonWriteOptions& options) {
  w.beginArray();
  writeStringish(w, node.description);
  writeAttributes(w, node.attributes);
  switch (node.content) {
    case ContentKind::None: w.nullValue(); break;
    case ContentKind::Text:
      if (support::isUtf8(node.data)) {
        w.stringValue(node.data);
      } else {
        w.beginObject();
        w.key("b64");
        w.base64Value(node.data);
        w.key("text");
        w.boolValue(true);
        w.endObject();
      }
      break;
    case ContentKind::Bytes:
      if (options.decode_proto && node.description == "message")
        writeMessageBytes(w, node.data);
      else
        writeBytesObject(w, node.data);
      break;
    case ContentKind::Children:
      w.beginArray();
      for (const auto& child : node.children) writeNode(w, child, options);
      w.endArray();
      break;
  }
  w.endArray();
}

}  // namespace

void appendNodeJson(std::string& out, const Node& node, const NodeJsonWriteOptions& options) {
  support::JsonWriter w(out, options.pretty, options.indent_level);
  writeNode(w, node, options);
}

void writeNodeTape(support::JsonTapeWriter& w, const Node& node, const NodeJsonWriteOptions& options) {
  writeNode(w, node, options);
}

std::string nodeToJson(const Node& node, const NodeJsonWriteOptions& options) {
  std::string out;
  appendNodeJson(out, node, options);
  return out;
}

}  // namespace wa::codec
