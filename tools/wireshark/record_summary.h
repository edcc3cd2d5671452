// One line per message for Wireshark's Info column: the tag, and what the message is.
#pragma once

#include <cstddef>
#include <string>

#include "wa/session/record.h"

namespace wa::wireshark {

/// Appends a display-safe summary of `record` of at most about `max_bytes` bytes:
///   `s1 ["Conn",{"ref":"1@FS+T0…`                         (a JSON frame, its text as sent)
///   `1589356466-5 <action add="relay"> 1 child: message`  (a decrypted node)
///   `? keep-alive`, `!1589363694621 pong`, `tag binary: hmac at offset 12`
void appendRecordSummary(std::string& out, const session::Record& record, std::size_t max_bytes = 160);

}  // namespace wa::wireshark
