// A record as JSON: the object `wadecode --format jsonl` writes per message (DESIGN.md,
// "Decoded record"), which the Wireshark plugin and the Python module give as they are.
#pragma once

#include <string>

#include "wa/session/record.h"

namespace wa::session {

struct RecordJsonOptions {
  bool pretty = false;        ///< 2-space indent (wadecode --format json) instead of one line
  bool decode_proto = true;   ///< show WebMessageInfo payloads of message nodes in place
  bool redact = false;        ///< strip keys and tokens (redact.h), and leave out the raw bytes
  /// Indent level of the object's members when pretty (1: the object starts a document).
  std::size_t indent_level = 1;
};

/// Appends `{"i","t","dir",["dir_inferred"],"conn",["tag"],"kind",["metric","flags"],
/// ["pong_ms"],"json"|"node",["error",raw "b64",["plaintext_b64"]]}` and, when pretty, a newline
/// before the closing brace. A JSON payload keeps the sender's key order and number spelling.
/// Nothing else: no trailing newline.
void appendRecordJson(std::string& out, const Record& record, const RecordJsonOptions& options = {});

/// The same record as a JSON tape (support/text/json_tape.h: what json.loads of that text gives,
/// pretty aside), appended to `out`, for a consumer that makes objects of it (the Python module):
/// no text is written or read on the way.
void appendRecordTape(std::string& out, const Record& record, const RecordJsonOptions& options = {});

/// The node of a record as wadecode writes it (appendNodeJson with the record's options).
void appendRecordNodeJson(std::string& out, const Record& record, const RecordJsonOptions& options = {});

/// The JSON payload of a record as wadecode writes it (the sender's tokens, redacted if asked).
void appendRecordPayloadJson(std::string& out, const Record& record, bool redact, bool pretty,
                             std::size_t indent_level);

}  // namespace wa::session
