// The common parts of a WebMessageInfo (the protobuf payload of `message` nodes) as the plugin's
// fields show them: who, which message, its text, when, and its status. Free of Wireshark's headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wa::wireshark {

/// What readMessageFields() found. Strings are display-safe (control bytes and invalid UTF-8
/// escaped, support/text/display.h): they come from the capture.
struct MessageFields {
  bool parsed = false;
  std::string error;  ///< when !parsed: "proto at offset N: ..." (the codec's description)
  std::optional<std::string> remote_jid, id, conversation, status;
  std::optional<bool> from_me;
  std::optional<std::uint64_t> timestamp;  ///< messageTimestamp, seconds since the epoch
  /// The whole message in protobuf text format, one field per line, strings cut at 256 bytes.
  std::string text;

  void clear();
};

/// Parses `bytes` as a WebMessageInfo into `out` (cleared first; reused between calls). Never
/// throws on hostile bytes: a failure leaves parsed false and error set.
void readMessageFields(std::string_view bytes, MessageFields& out);

}  // namespace wa::wireshark
