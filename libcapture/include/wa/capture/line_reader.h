// Single frames given one per line: as text, in hex or in base64 (what users copy from DevTools).
#pragma once

#include <cstdint>
#include <memory>

#include "wa/capture/capture_reader.h"

namespace wa::capture {

enum class LineFormat : std::uint8_t {
  Text,    ///< the line is the frame (text frames only: binary frames may contain '\n')
  Hex,     ///< hex digits, optional ':' or ' ' between bytes
  Base64,  ///< base64, standard or URL-safe alphabet, padding optional
};

/// One record per non-blank line (a final '\r' is dropped; hex and base64 lines are also trimmed of
/// spaces). Records have t 0, conn "" and the given `dir`. Text lines are op Text; decoded hex and
/// base64 lines get their op from the content (guessOpcode in frame/frame.h). A line that does not
/// decode gives an error record with the offset of the bad character; a line longer than
/// 2 × limits.max_message_bytes + 64 bytes gives a LimitExceeded record; reading goes on.
std::unique_ptr<CaptureReader> makeLineReader(std::unique_ptr<ByteSource> source, LineFormat format,
                                              Direction dir = Direction::Unknown, const ReaderLimits& limits = {});

}  // namespace wa::capture
