// A decoded record as Wireshark's protocol tree: the frame's parts, the record's `json` and
// `node` as wadecode writes them, the node as a tree for people, WebMessageInfo fields, and
// expert info for what failed.
#pragma once

#include <string>

#include "epan_headers.h"
#include "message_fields.h"
#include "wa/session/record.h"

namespace wa::wireshark {

/// Buffers the tree builder reuses. They live outside the builder's stack frames: an epan call
/// may longjmp out (too many items, a bounds error), and nothing on those frames needs a destructor.
struct TreeScratch {
  std::string value, label, json;
  MessageFields message;
};

/// What the record tree needs to know besides the record.
struct TreeContext {
  bool keys_file_given = false;     ///< for the missing-keys hint
  const char* keys_file_problem = nullptr;  ///< why the key file was not read (nullptr: it was)
  unsigned payload_reported = 0;    ///< bytes in the WebSocket message
  unsigned payload_captured = 0;    ///< bytes handed over (fewer when WebSocket cut the unmasking)
  /// WebSocket handed over the message compressed (fragmented, permessage-deflate) and the plugin
  /// inflated it: the record's offsets are those of the inflated bytes.
  bool inflated_here = false;
};

/// Adds the WAWeb subtree for `record` under `tree` and the expert infos of its failures; `tvb` is
/// the WebSocket payload the record came from. The decrypted plaintext, when there is one, becomes
/// a data source of its own ("Decrypted node"). Does nothing costly for fields nobody asked for.
void addRecordTree(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, const session::Record& record,
                   const TreeContext& context, TreeScratch& scratch);

}  // namespace wa::wireshark
