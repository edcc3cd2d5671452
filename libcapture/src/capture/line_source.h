// Line-by-line access to a ChunkBuffer with offsets and a length limit (private).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "chunk_buffer.h"
#include "wa/capture/error.h"

namespace wa::capture::detail {

/// One step of a line-based reader.
struct LineStep {
  enum Kind : std::uint8_t { Line, TooLong, End } kind = End;
  std::string_view text;     ///< Line: without '\n' and a final '\r'; valid until the next call
  std::uint64_t offset = 0;  ///< absolute offset of the line's first byte
};

/// Returns the next line (consumed), a too-long line (skipped, with its offset) or the end.
inline LineStep nextLine(ChunkBuffer& in, std::size_t max_line) {
  LineStep step;
  step.offset = in.offset();
  bool too_long = false;
  auto line = in.findLine(max_line, too_long);
  if (too_long) {
    in.skipLine();
    step.kind = LineStep::TooLong;
    return step;
  }
  if (!line) return step;
  std::string_view text(in.data(), line->length);
  in.consume(line->length + (line->has_newline ? 1 : 0));
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  step.kind = LineStep::Line;
  step.text = text;
  return step;
}

}  // namespace wa::capture::detail
