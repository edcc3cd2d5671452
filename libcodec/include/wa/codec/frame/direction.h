// Inferring a frame's direction when the capture does not carry it (docs/protocol.md, "Frames").
#pragma once

#include <string_view>

#include "wa/codec/frame/opcode.h"

namespace wa::codec {

/// The 16-byte rule for binary frames. `body` is everything after the tag's first ','. A server
/// frame is HMAC[32] ‖ IV[16] ‖ AES-CBC ciphertext (a whole number of 16-byte blocks, at least one),
/// so (len - 48) % 16 == 0; a client frame has the metric and flags bytes first, so
/// (len - 50) % 16 == 0; a metric-less client frame (`tag,,` + HMAC ...) has (len - 49) % 16 == 0
/// and starts with ','. The three residues differ, so at most one rule matches; Unknown when none
/// does (truncated frames, unencrypted payloads). The rule is only as good as its premise: a frame
/// that is not HMAC+IV+CBC, or is cut, can match the wrong side.
Direction inferBinaryDirection(std::string_view body) noexcept;

/// Rules for text frames, first match wins: `?,,` send; `!<ms>` receive; two commas after the tag
/// send (WA-Web's client style); a JSON array whose first element is "admin", "query" or "action"
/// send; an array starting with a capitalised string ("Conn", "Cmd", "Stream", "Props", "Pong",
/// "Msg", "Presence", ...) or an object (a reply) receive; a server-made tag (`s<n>`, `preempt-...`,
/// `<digits>-<digits>`) receive; otherwise Unknown. Client tags (`<ts>.--<n>`) decide nothing: the
/// server's replies reuse them.
Direction inferTextDirection(std::string_view payload) noexcept;

}  // namespace wa::codec
