// Protocol `waweb`: registration (fields, subtrees, expert infos, the key file preference), the
// heuristic on WebSocket payloads, "Decode As" by TCP port, and the dissection of one message.
#include <cstring>
#include <exception>
#include <string>

#include "dissection_state.h"
#include "epan_headers.h"
#include "fields.h"
#include "record_summary.h"
#include "record_tree.h"
#include "wa/capture/tcp_reassembler.h"
#include "wa/codec/frame/frame.h"

namespace wa::wireshark {

FieldIds hf;
SubtreeIds ett;
ExpertIds ei;

namespace {

// Everything with a destructor lives here, for the process: the state of the open capture file
// and the buffers of the dissection of one message (see epan_headers.h).
struct Plugin {
  DissectionState state;
  TreeScratch scratch;
  std::string conn, summary, keys_file_loaded, keys_file_problem;
};
Plugin* plugin = nullptr;

const char* pref_keys_file = "";
dissector_handle_t waweb_tcp_handle = nullptr;
dissector_handle_t http_handle = nullptr;
dissector_handle_t websocket_handle = nullptr;
int proto_http = -1;

// What the plugin knows of a TCP conversation (file scope, plain data).
struct ConversationInfo {
  guint32 server_port = 0;  ///< 0 until known (HTTP upgrade, Decode As, or the frames)
  gboolean claimed = FALSE;  ///< a message was recognised as this protocol's
  gboolean deflate = FALSE;  ///< the upgrade negotiated permessage-deflate
};

// Per packet: how many messages of this packet the dissector has seen so far.
constexpr guint32 kMessageCounterKey = 0;

ConversationInfo* conversationInfo(packet_info* pinfo) {
  conversation_t* conv = find_or_create_conversation(pinfo);
  auto* info = static_cast<ConversationInfo*>(conversation_get_proto_data(conv, hf.proto));
  if (info == nullptr) {
    info = wmem_new0(wmem_file_scope(), ConversationInfo);
    conversation_add_proto_data(conv, hf.proto, info);
  }
  if (info->server_port == 0 && proto_http > 0) {
    // The HTTP upgrade that started the WebSocket connection knows the server's port.
    auto* http = static_cast<http_conv_t*>(conversation_get_proto_data(conv, proto_http));
    if (http != nullptr && http->server_port != 0) {
      info->server_port = http->server_port;
      const char* extensions = http->websocket_extensions;
      info->deflate = extensions != nullptr &&
                      (std::strstr(extensions, "permessage-deflate") != nullptr ||
                       std::strstr(extensions, "x-webkit-deflate-frame") != nullptr);
    }
  }
  return info;
}

bool endpointOf(const address& addr, guint32 port, capture::IpEndpoint& out) {
  out.port = static_cast<std::uint16_t>(port);
  if (addr.type == AT_IPv4 && addr.len == 4) {
    std::memcpy(out.address.data(), addr.data, 4);
    out.v6 = false;
    return true;
  }
  if (addr.type == AT_IPv6 && addr.len == 16) {
    std::memcpy(out.address.data(), addr.data, 16);
    out.v6 = true;
    return true;
  }
  return false;
}

// The connection's name as wadecode gives it for a pcap: the client's "addr:port".
void connectionName(packet_info* pinfo, bool client_is_source, std::string& out) {
  capture::IpEndpoint endpoint;
  const address& addr = client_is_source ? pinfo->src : pinfo->dst;
  const guint32 port = client_is_source ? pinfo->srcport : pinfo->destport;
  if (endpointOf(addr, port, endpoint)) {
    out = capture::toString(endpoint);
  } else {
    out = std::to_string(port);
  }
}

// Decodes the message in `tvb` into the plugin's state; false when it is not this protocol's.
// C++ only (no epan call that can throw), so that exceptions and destructors behave.
const session::Record* decodeMessage(packet_info* pinfo, ConversationInfo* info, const guint8* bytes,
                                     unsigned length, guint32 index) noexcept {
  try {
    const std::string_view payload(reinterpret_cast<const char*>(bytes), length);
    const codec::Opcode op = codec::guessOpcode(payload);
    if (!info->claimed && codec::looksLikeFrameStart(op, payload, true) != true) return nullptr;

    MessageInput input;
    input.frame = pinfo->num;
    input.index = index;
    input.first_pass = !PINFO_FD_VISITED(pinfo);
    input.time = static_cast<double>(pinfo->abs_ts.secs) + pinfo->abs_ts.nsecs / 1e9;
    input.payload = payload;
    input.op = op;
    input.deflate = info->deflate != FALSE;
    bool client_is_source = false;
    if (info->server_port != 0) {
      input.dir = pinfo->destport == info->server_port ? codec::Direction::Send : codec::Direction::Receive;
      client_is_source = input.dir == codec::Direction::Send;
    } else {
      // No handshake seen: the frame's shape says who sent it (the rules wadecode uses too).
      codec::SplitOptions split;
      split.opcode = op;
      split.parse_json = false;
      const codec::Frame frame = codec::splitFrame(payload, split);
      if (frame.dir != codec::Direction::Unknown)
        client_is_source = frame.dir == codec::Direction::Send;
      else
        client_is_source = pinfo->srcport > pinfo->destport;  // clients use the high ports
    }
    connectionName(pinfo, client_is_source, plugin->conn);
    input.conn = plugin->conn;
    const session::Record& record = plugin->state.dissect(input);
    if (!info->claimed && !record.error) info->claimed = TRUE;
    if (!info->claimed && record.error && record.error->stage == session::Stage::Frame) return nullptr;
    return &record;
  } catch (const std::exception&) {
    return nullptr;
  }
}

gboolean dissectMessage(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
  if (plugin == nullptr) return FALSE;
  const unsigned captured = tvb_captured_length(tvb);
  if (captured < 2) return FALSE;
  const guint8* bytes = tvb_get_ptr(tvb, 0, static_cast<gint>(captured));
  ConversationInfo* info = conversationInfo(pinfo);

  const guint32 index = GPOINTER_TO_UINT(p_get_proto_data(pinfo->pool, pinfo, hf.proto, kMessageCounterKey));
  const session::Record* record = decodeMessage(pinfo, info, bytes, captured, index);
  if (record == nullptr) return FALSE;
  p_add_proto_data(pinfo->pool, pinfo, hf.proto, kMessageCounterKey, GUINT_TO_POINTER(index + 1));

  col_set_str(pinfo->cinfo, COL_PROTOCOL, "WAWeb");
  try {
    plugin->summary.clear();
    appendRecordSummary(plugin->summary, *record);
  } catch (const std::exception&) {
    plugin->summary = record->kind;
  }
  if (index == 0) {
    col_clear(pinfo->cinfo, COL_INFO);
    col_add_str(pinfo->cinfo, COL_INFO, plugin->summary.c_str());
  } else {
    col_append_sep_str(pinfo->cinfo, COL_INFO, " | ", plugin->summary.c_str());
  }
  for (const std::string& warning : plugin->state.warnings())
    expert_add_info_format(pinfo, nullptr, &ei.keys_warning, "%s", warning.c_str());
  const bool inflated = plugin->state.inflatedHere();

  if (tree != nullptr) {
    TreeContext context;
    context.keys_file_given = plugin->state.hasKeys();
    context.keys_file_problem = plugin->keys_file_problem.empty() ? nullptr : plugin->keys_file_problem.c_str();
    context.payload_captured = captured;
    context.payload_reported = tvb_reported_length(tvb);
    context.inflated_here = inflated;
    addRecordTree(tree, pinfo, tvb, *record, context, plugin->scratch);
  }
  return TRUE;
}

int dissectWebSocketPayload(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  return dissectMessage(tvb, pinfo, tree, data) ? static_cast<int>(tvb_captured_length(tvb)) : 0;
}

// "Decode As ... WAWeb" on a TCP port: that port is the server's; the HTTP upgrade goes to HTTP
// (which hands the connection to WebSocket), frames without one straight to WebSocket, whose
// payloads come back here through the heuristic.
int dissectTcp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
  ConversationInfo* info = conversationInfo(pinfo);
  if (info->server_port == 0 && (pinfo->match_uint == pinfo->srcport || pinfo->match_uint == pinfo->destport))
    info->server_port = pinfo->match_uint;
  const unsigned captured = tvb_captured_length(tvb);
  // HTTP and WebSocket reassemble PDUs over TCP segments as if TCP had called them directly.
  pinfo->can_desegment = pinfo->saved_can_desegment;
  static const char* const http_starts[] = {"GET ", "HTTP/"};
  for (const char* start : http_starts) {
    const auto n = static_cast<gint>(std::strlen(start));
    if (captured >= static_cast<unsigned>(n) && tvb_memeql(tvb, 0, reinterpret_cast<const guint8*>(start), n) == 0)
      return call_dissector(http_handle, tvb, pinfo, tree);
  }
  return call_dissector_with_data(websocket_handle, tvb, pinfo, tree, data);
}

void applyPreferences() {
  if (plugin == nullptr) return;
  const std::string path = pref_keys_file != nullptr ? pref_keys_file : "";
  if (path == plugin->keys_file_loaded && plugin->keys_file_problem.empty()) return;
  plugin->keys_file_loaded = path;
  try {
    auto problem = plugin->state.setKeysFile(path);
    plugin->keys_file_problem = problem ? *problem : std::string();
  } catch (const std::exception& e) {
    plugin->keys_file_problem = e.what();
  }
  if (!plugin->keys_file_problem.empty())
    report_failure("WAWeb: the key file was not read: %s", plugin->keys_file_problem.c_str());
}

void initCaptureFile() {
  if (plugin != nullptr) plugin->state.reset();
}

}  // namespace

void registerProtocol() {
  plugin = new Plugin();  // lives as long as the process (Wireshark unloads no plugin)

  static hf_register_info fields[] = {
      {&hf.tag, {"Tag", "waweb.tag", FT_STRING, BASE_NONE, nullptr, 0, "The frame's tag: what pairs a request with its answer", HFILL}},
      {&hf.kind, {"Kind", "waweb.kind", FT_STRING, BASE_NONE, nullptr, 0, "json, binary, keepalive, pong or empty (the words of wadecode's records)", HFILL}},
      {&hf.dir, {"Direction", "waweb.dir", FT_STRING, BASE_NONE, nullptr, 0, "send (client to server) or receive", HFILL}},
      {&hf.conn, {"Connection", "waweb.conn", FT_STRING, BASE_NONE, nullptr, 0, "The client's address and port: the connection's name in key files and wadecode's records", HFILL}},
      {&hf.metric, {"Metric", "waweb.metric", FT_UINT8, BASE_DEC, nullptr, 0, "Client binary frames: what the message is about", HFILL}},
      {&hf.flags, {"Flags", "waweb.flags", FT_UINT8, BASE_HEX, nullptr, 0, "Client binary frames: the flag bits", HFILL}},
      {&hf.pong_ms, {"Pong time", "waweb.pong_ms", FT_UINT64, BASE_DEC, nullptr, 0, "The server's time in milliseconds, in its answer to a keep-alive", HFILL}},
      {&hf.hmac, {"HMAC", "waweb.hmac", FT_BYTES, BASE_NONE, nullptr, 0, "HMAC-SHA256 of IV and ciphertext under the session's macKey", HFILL}},
      {&hf.iv, {"IV", "waweb.iv", FT_BYTES, BASE_NONE, nullptr, 0, "AES-256-CBC initialisation vector", HFILL}},
      {&hf.ciphertext, {"Ciphertext", "waweb.ciphertext", FT_BYTES, BASE_NONE, nullptr, 0, nullptr, HFILL}},
      {&hf.json, {"JSON", "waweb.json", FT_STRING, BASE_NONE, nullptr, 0, "A text frame's payload: exactly the `json` of wadecode's record", HFILL}},
      {&hf.node, {"Node", "waweb.node", FT_STRING, BASE_NONE, nullptr, 0, "The decrypted node as JSON: exactly the `node` of wadecode's record", HFILL}},
      {&hf.description, {"Node", "waweb.description", FT_STRING, BASE_NONE, nullptr, 0, "A node's description (its name)", HFILL}},
      {&hf.attr, {"Attribute", "waweb.attr", FT_STRING, BASE_NONE, nullptr, 0, "key=value", HFILL}},
      {&hf.attr_key, {"Key", "waweb.attr.key", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
      {&hf.attr_value, {"Value", "waweb.attr.value", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
      {&hf.text, {"Text", "waweb.text", FT_STRING, BASE_NONE, nullptr, 0, "A node's text content", HFILL}},
      {&hf.content, {"Content", "waweb.content", FT_BYTES, BASE_NONE, nullptr, 0, "A node's raw bytes", HFILL}},
      {&hf.deeper, {"Deeper nodes", "waweb.deeper", FT_STRING, BASE_NONE, nullptr, 0, nullptr, HFILL}},
      {&hf.msg, {"WebMessageInfo", "waweb.msg", FT_NONE, BASE_NONE, nullptr, 0, "The protobuf payload of a message node", HFILL}},
      {&hf.msg_remote_jid, {"Remote JID", "waweb.msg.remote_jid", FT_STRING, BASE_NONE, nullptr, 0, "key.remoteJid: the chat", HFILL}},
      {&hf.msg_from_me, {"From me", "waweb.msg.from_me", FT_BOOLEAN, BASE_NONE, nullptr, 0, "key.fromMe", HFILL}},
      {&hf.msg_id, {"Message id", "waweb.msg.id", FT_STRING, BASE_NONE, nullptr, 0, "key.id", HFILL}},
      {&hf.msg_conversation, {"Conversation", "waweb.msg.conversation", FT_STRING, BASE_NONE, nullptr, 0, "message.conversation: the text of a plain message", HFILL}},
      {&hf.msg_timestamp, {"Timestamp", "waweb.msg.timestamp", FT_UINT64, BASE_DEC, nullptr, 0, "messageTimestamp, seconds since 1970", HFILL}},
      {&hf.msg_status, {"Status", "waweb.msg.status", FT_STRING, BASE_NONE, nullptr, 0, "ERROR, PENDING, SERVER_ACK, DELIVERY_ACK, READ or PLAYED", HFILL}},
      {&hf.msg_field, {"Field", "waweb.msg.field", FT_STRING, BASE_NONE, nullptr, 0, "A line of the message in protobuf text format", HFILL}},
      {&hf.msg_error, {"Error", "waweb.msg.error", FT_STRING, BASE_NONE, nullptr, 0, "Why the bytes are not a WebMessageInfo", HFILL}},
      {&hf.error, {"Error", "waweb.error", FT_STRING, BASE_NONE, nullptr, 0, "Where the message failed: stage, offset, reason", HFILL}},
      {&hf.error_stage, {"Stage", "waweb.error.stage", FT_STRING, BASE_NONE, nullptr, 0, "frame, keys, hmac, decrypt, decode", HFILL}},
      {&hf.error_offset, {"Offset", "waweb.error.offset", FT_UINT64, BASE_DEC, nullptr, 0, "Byte offset of the failure (of the payload; of the plaintext for decode)", HFILL}},
  };
  static int* subtrees[] = {&ett.waweb, &ett.body, &ett.node, &ett.attr, &ett.msg, &ett.error};
  static ei_register_info experts[] = {
      {&ei.keys_missing, {"waweb.keys.missing", PI_UNDECODED, PI_WARN, "No keys for this connection", EXPFILL}},
      {&ei.keys_warning, {"waweb.keys.secret", PI_DECRYPTION, PI_WARN, "The Conn secret does not fit the private key", EXPFILL}},
      {&ei.hmac_mismatch, {"waweb.hmac.mismatch", PI_CHECKSUM, PI_ERROR, "HMAC does not match", EXPFILL}},
      {&ei.decrypt_failed, {"waweb.decrypt.failed", PI_DECRYPTION, PI_ERROR, "Decryption failed", EXPFILL}},
      {&ei.decode_failed, {"waweb.decode.failed", PI_MALFORMED, PI_ERROR, "The decrypted bytes are not a node", EXPFILL}},
      {&ei.frame_malformed, {"waweb.frame.malformed", PI_MALFORMED, PI_ERROR, "Not a frame of this protocol", EXPFILL}},
      {&ei.proto_failed, {"waweb.proto.failed", PI_MALFORMED, PI_WARN, "Not a WebMessageInfo", EXPFILL}},
      {&ei.truncated, {"waweb.truncated", PI_UNDECODED, PI_NOTE, "Message cut by the WebSocket dissector", EXPFILL}},
      {&ei.inflated, {"waweb.inflated", PI_REASSEMBLE, PI_NOTE, "Compressed message inflated by WAWeb", EXPFILL}},
  };

  hf.proto = proto_register_protocol("WhatsApp Web (legacy)", "WAWeb", "waweb");
  proto_register_field_array(hf.proto, fields, G_N_ELEMENTS(fields));
  proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
  expert_module_t* expert = expert_register_protocol(hf.proto);
  expert_register_field_array(expert, experts, G_N_ELEMENTS(experts));

  module_t* module = prefs_register_protocol(hf.proto, applyPreferences);
  prefs_register_filename_preference(
      module, "keys_file", "Key file",
      "The session's keys, in any format wadecode --keys reads: encKey and macKey, or privateKey (and the "
      "secret, or the capture's Conn message), per connection by the client's port or address:port",
      &pref_keys_file, FALSE);

  register_init_routine(initCaptureFile);
  waweb_tcp_handle = register_dissector("waweb_tcp", dissectTcp, hf.proto);
  register_dissector("waweb", dissectWebSocketPayload, hf.proto);
}

void registerHandoff() {
  http_handle = find_dissector_add_dependency("http", hf.proto);
  websocket_handle = find_dissector_add_dependency("websocket", hf.proto);
  proto_http = proto_get_id_by_filter_name("http");
  heur_dissector_add("ws", dissectMessage, "WhatsApp Web over WebSocket", "waweb_ws", hf.proto, HEURISTIC_ENABLE);
  dissector_add_for_decode_as_with_preference("tcp.port", waweb_tcp_handle);
}

}  // namespace wa::wireshark
