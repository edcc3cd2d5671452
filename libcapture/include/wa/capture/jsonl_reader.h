// The project's capture JSONL: one WebSocket message per line (DESIGN.md, "Capture JSONL").
#pragma once

#include <memory>

#include "wa/capture/capture_reader.h"

namespace wa::capture {

/// Reads lines `{"t": 1589356438.123, "dir": "send"|"receive", "conn": "1", "op": 1|2, "text": "..."}`
/// or with `"b64": "..."` for bytes. All keys are optional: t 0, dir unknown, conn "" (a number
/// is accepted and converted), op 1 when "text" is given and 2 otherwise; unknown keys are ignored.
/// `"dir_inferred": true` and `"error": {"stage","code","offset","message"}` (what the writer emits
/// for error records) are read back. Blank lines are skipped. A malformed line (bad JSON, wrong
/// types, both text and b64, bad base64) gives an error record at its offset and reading goes on; so
/// does a line longer than 6 × limits.max_message_bytes + 64 KiB.
std::unique_ptr<CaptureReader> makeJsonlReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits = {});

}  // namespace wa::capture
