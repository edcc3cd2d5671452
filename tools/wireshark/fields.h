// The protocol's registered ids: fields (waweb.*), subtrees and expert infos. Filled in by
// proto_register_waweb() (protocol.cpp); read by the tree builder.
#pragma once

#include "epan_headers.h"

namespace wa::wireshark {

struct FieldIds {
  int proto = -1;
  // The frame.
  int tag = -1, kind = -1, dir = -1, conn = -1, metric = -1, flags = -1, pong_ms = -1;
  int hmac = -1, iv = -1, ciphertext = -1;
  // What it says: the record's `json` and `node`, as wadecode's JSONL writes them.
  int json = -1, node = -1;
  // The node tree.
  int description = -1, attr = -1, attr_key = -1, attr_value = -1, text = -1, content = -1;
  int deeper = -1;
  // WebMessageInfo.
  int msg = -1, msg_remote_jid = -1, msg_from_me = -1, msg_id = -1, msg_conversation = -1;
  int msg_timestamp = -1, msg_status = -1, msg_field = -1, msg_error = -1;
  // A failed record.
  int error = -1, error_stage = -1, error_offset = -1;
};

struct SubtreeIds {
  int waweb = -1, body = -1, node = -1, attr = -1, msg = -1, error = -1;
};

struct ExpertIds {
  expert_field keys_missing = EI_INIT;    ///< a binary frame without keys for its connection
  expert_field keys_warning = EI_INIT;    ///< a Conn secret that does not fit the private key
  expert_field hmac_mismatch = EI_INIT;   ///< wrong keys, or bytes changed
  expert_field decrypt_failed = EI_INIT;  ///< AES-CBC padding (or the body's layout)
  expert_field decode_failed = EI_INIT;   ///< the decrypted bytes are not a node
  expert_field frame_malformed = EI_INIT; ///< not "tag,payload", or JSON that does not parse
  expert_field proto_failed = EI_INIT;    ///< a message node's bytes are not a WebMessageInfo
  expert_field truncated = EI_INIT;       ///< WebSocket handed over fewer bytes than the message has
  expert_field inflated = EI_INIT;        ///< a compressed message WebSocket handed over as it was
};

extern FieldIds hf;
extern SubtreeIds ett;
extern ExpertIds ei;

}  // namespace wa::wireshark
