// Writing capture JSONL, the interchange every reader's records can be converted to.
#pragma once

#include <iosfwd>
#include <string>

#include "wa/capture/message.h"

namespace wa::capture {

/// Appends one line (with '\n') for `message` to `out`, keys in the order t, dir, conn, op, then
/// "text" for a text message whose payload is valid UTF-8 and "b64" otherwise; "dir_inferred": true
/// when set; for an error record an "error" object {stage, code, offset, message}. t is written in
/// the shortest form that reads back to the same double. makeJsonlReader() reads it back.
void appendCaptureJsonl(const CaptureMessage& message, std::string& out);

/// The line for `message`, without the final '\n'.
std::string toCaptureJsonl(const CaptureMessage& message);

/// Writes the line (with '\n') to `out`.
void writeCaptureJsonl(std::ostream& out, const CaptureMessage& message);

}  // namespace wa::capture
