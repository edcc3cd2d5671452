// `tshark -T ek` output of a capture (typically TLS decrypted with a key log): WebSocket payload fields.
#pragma once

#include <memory>

#include "wa/capture/capture_reader.h"

namespace wa::capture {

/// The command whose output this reader expects (documented in wadecode --help); optional extra
/// fields `-e tcp.dstport -e websocket.mask` make the direction exact.
inline constexpr const char* kTsharkEkCommand =
    "tshark -r cap.pcapng -o tls.keylog_file:keys.log -Y websocket -T ek "
    "-e frame.time_epoch -e tcp.stream -e tcp.srcport -e websocket.opcode "
    "-e websocket.payload.text -e data.data";

/// Reads the ek lines: `{"index": ...}` lines are skipped; each `{"timestamp": ..., "layers": {...}}`
/// line is one packet. Field names are accepted with '_' (as tshark writes them) or '.'; values
/// as arrays or single strings. Per packet, the opcodes are walked in order: each opcode 1 takes the
/// next `websocket.payload.text` (a text record), each 2 the next `data.data` (hex, ':' separators
/// allowed; a binary record), each 8/9/10 gives a control record without payload. tshark puts a
/// fragmented message's reassembled payload on the packet of its last fragment: an opcode 1/2
/// without a payload left opens a fragmented message on its stream, and the next opcode 0 on that
/// stream with a payload of that kind left takes it. Payloads left over are emitted afterwards,
/// texts first. Ordering between text and binary messages of one packet is therefore best effort,
/// as tshark itself loses it.
///
/// t = frame.time_epoch (or the line's "timestamp" in ms), conn = tcp.stream. Direction: from
/// websocket.mask when present (masked = client, exact); otherwise inferred (dir_inferred) from the
/// ports: 80, 443, 8080 and 8443 are server ports; with both ports, the lower one is the server's;
/// with the source port alone, the first port seen on a stream is taken as the client's (the client
/// speaks first in a WhatsApp Web session).
///
/// Checked against tshark 4.0.17 output. Its limits carry over: in captures with
/// permessage-deflate, tshark 4.0 was seen to put the raw deflate stream of fragmented compressed
/// messages in data.data and to lose frame sync (reserved opcodes); the pcap reader handles those.
///
/// A line that is not JSON, not an object or lacks "layers" gives an error record (offset of the
/// line, or of the JSON error) and reading goes on with the next line; so does a line longer than
/// 6 × limits.max_message_bytes + 64 KiB (LimitExceeded).
std::unique_ptr<CaptureReader> makeTsharkEkReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits = {});

}  // namespace wa::capture
