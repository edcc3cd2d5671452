// mitmproxy flow files (mitmdump -w): the WebSocket messages of HTTP flows, format 12 and later.
#pragma once

#include <memory>

#include "wa/capture/capture_reader.h"

namespace wa::capture {

/// Streams the messages of a flow file: a concatenation of tnetstrings, one dict per flow. Each
/// flow is walked without loading it: only `websocket.messages[]` is descended into; other values
/// (request and response bodies) are skipped by their length prefix. Each message list
/// `[type, from_client, content, timestamp, ...]` (format 12+; extra items ignored) becomes one record:
/// type 1 text / 2 binary (other RFC 6455 opcodes kept), from_client gives dir, timestamp gives t.
/// `conn` is the index of the flow in the file ("0", "1", ...): mitmproxy writes a flow's dict in
/// reverse key order, so its "id" comes after the messages and cannot name them while streaming.
///
/// Every length is checked against the enclosing container before use (a length prefix has at most
/// 12 digits) and a message element longer than limits.max_message_bytes + 1 KiB is skipped with a
/// LimitExceeded record; nesting is at most 3 levels and never recursive. A malformed message
/// element gives an error record and the next element is read; a malformed key or length inside a
/// flow gives an error record and the reader skips to the next flow; a bad top-level length prefix
/// ends the records. A flow whose "version" is below 12 (or that has the pre-12 top-level
/// "messages" of WebSocket flows) gives an Unsupported error record at its end.
std::unique_ptr<CaptureReader> makeMitmReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits = {});

}  // namespace wa::capture
