// The protocol tree of one record. No function here keeps a local with a destructor alive across
// an epan call (see epan_headers.h): strings are built in TreeScratch, then handed to epan, which
// copies them.
#include "record_tree.h"

#include <fmt/format.h>

#include "fields.h"
#include "record_summary.h"
#include "wa/codec/frame/metric.h"
#include "wa/session/record_json.h"
#include "wa/support/text/display.h"

namespace wa::wireshark {
namespace {

// Node levels shown as subtrees; deeper ones are in waweb.node. Real nodes nest four or five deep.
constexpr unsigned kMaxShownDepth = 16;
// Longest node label (Wireshark cuts labels at 240 bytes anyway).
constexpr std::size_t kMaxLabel = 200;

const char* setDisplay(std::string& out, std::string_view bytes) {
  out.clear();
  support::appendDisplayText(out, bytes);
  return out.c_str();
}

bool anyReferenced(proto_tree* tree, std::initializer_list<int> ids) {
  for (int id : ids)
    if (proto_field_is_referenced(tree, id)) return true;
  return false;
}

void cutLabel(std::string& label) {
  if (label.size() <= kMaxLabel) return;
  std::size_t end = kMaxLabel;
  while (end > 0 && (static_cast<unsigned char>(label[end]) & 0xC0) == 0x80) --end;
  label.resize(end);
  label += "\u2026";
}

void addMessageInfo(proto_tree* node_tree, packet_info* pinfo, tvbuff_t* ptvb, const codec::Node& node,
                    TreeScratch& s) {
  readMessageFields(node.data, s.message);
  const MessageFields& m = s.message;
  proto_item* mi = proto_tree_add_item(node_tree, hf.msg, ptvb, 0, -1, ENC_NA);
  proto_tree* mt = proto_item_add_subtree(mi, ett.msg);
  if (!m.parsed) {
    proto_item* e = proto_tree_add_string(mt, hf.msg_error, ptvb, 0, -1, m.error.c_str());
    expert_add_info_format(pinfo, e, &ei.proto_failed, "WebMessageInfo: %s", m.error.c_str());
    return;
  }
  if (m.remote_jid) proto_tree_add_string(mt, hf.msg_remote_jid, ptvb, 0, 0, m.remote_jid->c_str());
  if (m.from_me) proto_tree_add_boolean(mt, hf.msg_from_me, ptvb, 0, 0, *m.from_me);
  if (m.id) proto_tree_add_string(mt, hf.msg_id, ptvb, 0, 0, m.id->c_str());
  if (m.conversation) proto_tree_add_string(mt, hf.msg_conversation, ptvb, 0, 0, m.conversation->c_str());
  if (m.timestamp) proto_tree_add_uint64(mt, hf.msg_timestamp, ptvb, 0, 0, *m.timestamp);
  if (m.status) proto_tree_add_string(mt, hf.msg_status, ptvb, 0, 0, m.status->c_str());
  if (m.remote_jid || m.id)
    proto_item_append_text(mi, ": %s %s", m.remote_jid ? m.remote_jid->c_str() : "?", m.id ? m.id->c_str() : "?");
  // Every field, for people: the text format, a line each.
  std::string_view text = m.text;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    s.label.assign(line);
    proto_tree_add_string_format(mt, hf.msg_field, ptvb, 0, 0, s.label.c_str(), "%s", s.label.c_str());
  }
}

void addNode(proto_tree* parent, packet_info* pinfo, tvbuff_t* ptvb, const codec::Node& node, unsigned depth,
             TreeScratch& s) {
  setDisplay(s.value, node.description);
  s.label.clear();
  s.label += '<';
  s.label += s.value;
  for (const auto& a : node.attributes) {
    s.label += ' ';
    support::appendDisplayText(s.label, a.key);
    if (!a.value) continue;
    s.label += "=\"";
    support::appendDisplayText(s.label, *a.value, {.escape_backslash = false, .quote = '"'});
    s.label += '"';
  }
  s.label += '>';
  cutLabel(s.label);
  if (node.content == codec::ContentKind::Children)
    fmt::format_to(std::back_inserter(s.label), " ({} {})", node.children.size(),
                   node.children.size() == 1 ? "child" : "children");
  proto_item* ni = proto_tree_add_string_format(parent, hf.description, ptvb, 0, -1, s.value.c_str(), "%s",
                                                s.label.c_str());
  proto_tree* nt = proto_item_add_subtree(ni, ett.node);

  for (const auto& a : node.attributes) {
    s.value.clear();
    support::appendDisplayText(s.value, a.key);
    s.value += '=';
    if (a.value) support::appendDisplayText(s.value, *a.value);
    proto_item* ai = proto_tree_add_string(nt, hf.attr, ptvb, 0, -1, s.value.c_str());
    proto_tree* at = proto_item_add_subtree(ai, ett.attr);
    proto_tree_add_string(at, hf.attr_key, ptvb, 0, -1, setDisplay(s.value, a.key));
    if (a.value)
      proto_tree_add_string(at, hf.attr_value, ptvb, 0, -1, setDisplay(s.value, *a.value));
    else
      proto_tree_add_string_format_value(at, hf.attr_value, ptvb, 0, -1, "", "(absent: LIST_EMPTY on the wire)");
  }

  switch (node.content) {
    case codec::ContentKind::None: break;
    case codec::ContentKind::Text:
      proto_tree_add_string(nt, hf.text, ptvb, 0, -1, setDisplay(s.value, node.data));
      break;
    case codec::ContentKind::Bytes:
      proto_tree_add_bytes_with_length(nt, hf.content, ptvb, 0, -1,
                                       reinterpret_cast<const guint8*>(node.data.data()),
                                       static_cast<gint>(node.data.size()));
      if (node.description == "message") addMessageInfo(nt, pinfo, ptvb, node, s);
      break;
    case codec::ContentKind::Children:
      if (depth + 1 >= kMaxShownDepth) {
        proto_tree_add_string_format(nt, hf.deeper, ptvb, 0, -1, "",
                                     "%zu children nested deeper than %u levels: see waweb.node",
                                     node.children.size(), kMaxShownDepth);
        break;
      }
      for (const auto& child : node.children) addNode(nt, pinfo, ptvb, child, depth + 1, s);
      break;
  }
}

expert_field* expertFor(session::Stage stage) {
  switch (stage) {
    case session::Stage::Keys: return &ei.keys_missing;
    case session::Stage::Hmac: return &ei.hmac_mismatch;
    case session::Stage::Decrypt: return &ei.decrypt_failed;
    case session::Stage::Decode: return &ei.decode_failed;
    case session::Stage::Proto: return &ei.proto_failed;
    default: return &ei.frame_malformed;
  }
}

void addError(proto_tree* t, packet_info* pinfo, tvbuff_t* tvb, tvbuff_t* ptvb, const session::Record& record,
              const TreeContext& context, TreeScratch& s) {
  const session::Error& error = *record.error;
  s.value = support::describe(error);
  proto_item* ei_item = proto_tree_add_string(t, hf.error, tvb, 0, 0, s.value.c_str());
  proto_item_set_generated(ei_item);
  proto_tree* et = proto_item_add_subtree(ei_item, ett.error);
  proto_item_set_generated(proto_tree_add_string(et, hf.error_stage, tvb, 0, 0, session::toString(error.stage).data()));
  proto_item_set_generated(proto_tree_add_uint64(et, hf.error_offset, tvb, 0, 0, error.offset));

  // The expert item sits on the byte that failed: of the plaintext for a decode error.
  tvbuff_t* where = error.stage == session::Stage::Decode && ptvb != nullptr ? ptvb : tvb;
  const unsigned length = tvb_captured_length(where);
  const gint at = error.offset < length ? static_cast<gint>(error.offset) : static_cast<gint>(length);
  const gint size = error.offset < length ? 1 : 0;

  if (error.stage == session::Stage::Keys) {
    if (context.keys_file_problem != nullptr)
      s.label = fmt::format("no keys: the key file in waweb.keys_file could not be read ({})", context.keys_file_problem);
    else if (!context.keys_file_given)
      s.label = "no keys: give a key file in the preference waweb.keys_file (Protocols \u203a WAWeb)";
    else
      s.label = error.message;
  } else if (error.stage == session::Stage::Hmac) {
    s.label = fmt::format("{} (wrong keys for connection {}?)", s.value, record.message ? record.message->conn : "");
  } else {
    s.label = s.value;
  }
  if (context.payload_captured < context.payload_reported)
    fmt::format_to(std::back_inserter(s.label), "; WebSocket handed over {} of the message's {} bytes (websocket.max_unmasked_len)",
                   context.payload_captured, context.payload_reported);
  proto_tree_add_expert_format(t, pinfo, expertFor(error.stage), where, at, size, "%s", s.label.c_str());
}

}  // namespace

void addRecordTree(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, const session::Record& record,
                   const TreeContext& context, TreeScratch& s) {
  proto_item* ti = proto_tree_add_item(tree, hf.proto, tvb, 0, -1, ENC_NA);
  s.label.clear();
  appendRecordSummary(s.label, record, 120);
  proto_item_append_text(ti, ", %s", s.label.c_str());
  proto_tree* t = proto_item_add_subtree(ti, ett.waweb);
  if (context.inflated_here && record.message != nullptr) {
    // The frame's parts below are at offsets of the inflated message: show it as a data source.
    const std::string& inflated = record.message->payload;
    auto* copy = static_cast<guint8*>(wmem_memdup(pinfo->pool, inflated.data(), inflated.size()));
    const auto size = static_cast<guint>(inflated.size());
    tvbuff_t* itvb = tvb_new_child_real_data(tvb, copy, size, static_cast<gint>(size));
    add_new_data_source(pinfo, itvb, "Inflated message");
    proto_tree_add_expert_format(
        t, pinfo, &ei.inflated, tvb, 0, 0,
        "WebSocket handed over this fragmented message compressed (Wireshark 4.0 inflates unfragmented messages "
        "only); WAWeb inflated it with the history of the messages before it. With context takeover WebSocket's "
        "own inflater now lacks this message: later messages of this direction may fail there (\"Decompression "
        "failed\") and never reach WAWeb; wadecode reads them");
    tvb = itvb;
  }

  const unsigned captured = tvb_captured_length(tvb);

  if (!record.tag.empty()) {
    const gint tag_len = static_cast<gint>(std::min<std::size_t>(record.tag.size(), captured));
    proto_tree_add_string(t, hf.tag, tvb, 0, tag_len, setDisplay(s.value, record.tag));
  }
  proto_item_set_generated(proto_tree_add_string(t, hf.kind, tvb, 0, 0, record.kind.c_str()));
  s.value.assign(codec::toString(record.dir));
  if (record.dir_inferred) s.value += " (inferred from the frame)";
  proto_item_set_generated(proto_tree_add_string(t, hf.dir, tvb, 0, 0, s.value.c_str()));
  if (record.message)
    proto_item_set_generated(proto_tree_add_string(t, hf.conn, tvb, 0, 0, setDisplay(s.value, record.message->conn)));

  const gint after_tag = static_cast<gint>(record.tag.size() + 1);
  if (record.metric) {
    s.value.assign(codec::metricName(*record.metric));
    proto_tree_add_uint_format_value(t, hf.metric, tvb, after_tag, 1, *record.metric, "%u (%s)", *record.metric,
                                     s.value.empty() ? "unknown" : s.value.c_str());
  }
  if (record.flags) {
    s.value = codec::describeFlags(*record.flags);
    proto_tree_add_uint_format_value(t, hf.flags, tvb, after_tag + 1, 1, *record.flags, "0x%02x (%s)", *record.flags,
                                     s.value.c_str());
  }
  if (record.kind == "pong") proto_tree_add_uint64(t, hf.pong_ms, tvb, 0, static_cast<gint>(captured), record.pong_ms);

  if (record.kind == "binary" && record.body_offset + 48 <= captured) {
    const gint body = static_cast<gint>(record.body_offset);
    proto_tree_add_item(t, hf.hmac, tvb, body, 32, ENC_NA);
    proto_tree_add_item(t, hf.iv, tvb, body + 32, 16, ENC_NA);
    proto_tree_add_item(t, hf.ciphertext, tvb, body + 48, static_cast<gint>(captured) - body - 48, ENC_NA);
  }

  if (record.kind == "json" && !record.error && proto_field_is_referenced(t, hf.json)) {
    s.json.clear();
    session::appendRecordPayloadJson(s.json, record, false, false, 1);
    const gint body = static_cast<gint>(std::min<std::size_t>(record.body_offset, captured));
    proto_tree_add_string(t, hf.json, tvb, body, static_cast<gint>(captured) - body, s.json.c_str());
  }

  tvbuff_t* ptvb = nullptr;
  if (!record.plaintext.empty()) {
    auto* copy = static_cast<guint8*>(wmem_memdup(pinfo->pool, record.plaintext.data(), record.plaintext.size()));
    const auto size = static_cast<guint>(record.plaintext.size());
    ptvb = tvb_new_child_real_data(tvb, copy, size, static_cast<gint>(size));
    add_new_data_source(pinfo, ptvb, "Decrypted node");
  }

  if (record.has_node) {
    if (proto_field_is_referenced(t, hf.node)) {
      s.json.clear();
      session::appendRecordNodeJson(s.json, record);
      proto_item_set_generated(proto_tree_add_string(t, hf.node, ptvb, 0, -1, s.json.c_str()));
    }
    if (anyReferenced(t, {hf.description, hf.attr, hf.attr_key, hf.attr_value, hf.text, hf.content, hf.msg,
                          hf.msg_remote_jid, hf.msg_from_me, hf.msg_id, hf.msg_conversation, hf.msg_timestamp,
                          hf.msg_status, hf.msg_field, hf.msg_error}))
      addNode(t, pinfo, ptvb, record.node, 0, s);
  }

  if (record.error) addError(t, pinfo, tvb, ptvb, record, context, s);
}

}  // namespace wa::wireshark
