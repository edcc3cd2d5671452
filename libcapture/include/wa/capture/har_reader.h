// Chrome DevTools (and mitmproxy) HAR exports: the WebSocket messages of `_webSocketMessages`.
#pragma once

#include <memory>

#include "wa/capture/capture_reader.h"

namespace wa::capture {

/// Streams `log.entries[]._webSocketMessages[]` out of a HAR without loading the document: memory
/// stays at one chunk plus one message whatever the file size, and unrelated values (response
/// bodies, headers, timings) are skipped without being stored.
///
/// Each message object `{"type","time","opcode","data"}` (keys in any order, unknown keys ignored)
/// becomes a record: `type` "send"/"receive" gives dir; `time` (epoch seconds) gives t; opcode 1 is
/// text (data as is), any other valid opcode carries standard base64 (decoded); `conn` is the index
/// of the entry in log.entries ("0", "1", ...), so each WebSocket entry is its own connection.
/// A missing opcode is guessed as Baileys did: text when data contains ',' or starts with '!',
/// base64 otherwise.
///
/// Error records (never dropped silently): Chrome's `"type": "error"` frames ("websocket error
/// frame: <text>"), unknown types, opcodes outside RFC 6455, bad base64 (offset of the bad
/// character in the file), oversized data (LimitExceeded), and JSON syntax errors. After a syntax
/// error the reader resynchronises at the next message object that starts with
/// `{"type":"send"|"receive"|"error"` (the key order Chrome and mitmproxy write) and assumes the
/// usual nesting; the end of input or an I/O error ends the records.
std::unique_ptr<CaptureReader> makeHarReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits = {});

}  // namespace wa::capture
