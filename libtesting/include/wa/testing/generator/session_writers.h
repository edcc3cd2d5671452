// Writes generated sessions in every capture format the readers take: capture JSONL, Chrome HAR,
// mitmproxy flows and pcap/pcapng (real TCP segments and WebSocket framing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wa/testing/generator/session.h"
#include "wa/testing/pcap_writer.h"

namespace wa::testing {

/// Capture JSONL (DESIGN.md): one line per message with conn = `conn`; `with_plaintext` adds the
/// decrypted node JSON of binary frames under "node" (what wadecode --format capture can add).
std::string toCaptureJsonl(const GeneratedSession& session, const std::string& conn);

/// A Chrome DevTools HAR: one page, an ordinary GET entry, then one WebSocket entry per session
/// (entry i+1 for session i) with `_webSocketMessages`, the 101 response headers, and one Chrome
/// "error" frame in the last entry when `with_error_frame` is set.
std::string toHar(const std::vector<const GeneratedSession*>& sessions, bool with_error_frame = false);

/// mitmproxy flow file (tnetstrings, flow format 17 as mitmproxy 8 writes it): one HTTP flow per
/// session with its "websocket" state.
std::string toMitmFlows(const std::vector<const GeneratedSession*>& sessions);

/// Bytes of a direction's stream that are missing from the capture (the sender sent them).
struct PcapLoss {
  std::size_t message = 0;  ///< index in the session's messages where the loss starts
  std::size_t from = 0;     ///< first lost byte in that message's encoded frames
  std::size_t length = 0;   ///< lost bytes; may run on into the next messages of the same direction
};

struct PcapSessionOptions {
  testing::PcapWriterOptions file;          ///< link type and file format
  testing::TcpConversationOptions tcp;      ///< segmenting, retransmissions, reordering
  bool deflate = false;                   ///< negotiate permessage-deflate
  bool no_context_takeover = false;       ///< ... with both *_no_context_takeover
  std::size_t fragment_size = 0;          ///< split messages into frames of this size (0: never)
  bool ipv6 = false;
  std::uint16_t first_client_port = 51000;  ///< session i uses port first_client_port + i
  std::vector<PcapLoss> losses;           ///< of the first session
  /// The capture starts with this message of the first session: the handshake, the upgrade and
  /// everything before are not in the file (a capture started late).
  std::size_t start_at_message = 0;
  std::size_t start_offset = 0;  ///< ... this many bytes into that message's frames
};

/// A pcap of the sessions over ws:// (port 80), each its own TCP connection from client port
/// first_client_port + i: handshake, HTTP upgrade, masked client frames, then FIN.
std::string toPcap(const std::vector<const GeneratedSession*>& sessions, const PcapSessionOptions& options);

}  // namespace wa::testing
