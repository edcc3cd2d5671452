// Frames given one per line: text as is, hex or base64 decoded.
#include "wa/capture/line_reader.h"

#include <fmt/format.h>

#include "chunk_buffer.h"
#include "line_source.h"
#include "capture/text_decode.h"
#include "wa/codec/frame/frame.h"

namespace wa::capture {
namespace {

using detail::ChunkBuffer;
using detail::LineStep;

class LineReader final : public CaptureReader {
 public:
  LineReader(std::unique_ptr<ByteSource> source, LineFormat line_format, Direction dir, const ReaderLimits& limits)
      : in_(std::move(source), limits.chunk_bytes), line_format_(line_format), dir_(dir), limits_(limits) {}

  [[nodiscard]] CaptureFormat format() const noexcept override {
    switch (line_format_) {
      case LineFormat::Text: return CaptureFormat::TextLines;
      case LineFormat::Hex: return CaptureFormat::HexLines;
      case LineFormat::Base64: return CaptureFormat::Base64Lines;
    }
    return CaptureFormat::TextLines;
  }

  bool read(CaptureMessage& out) override {
    while (!done_) {
      const std::size_t max_line = limits_.max_message_bytes * 2 + 64;
      LineStep step = detail::nextLine(in_, max_line);
      if (step.kind == LineStep::End) {
        done_ = true;
        if (!in_.ioError()) return false;
        reset(out, in_.ioError()->offset);
        out.error = *in_.ioError();
        return true;
      }
      reset(out, step.offset);
      if (step.kind == LineStep::TooLong) {
        out.error = Error{ErrorCode::LimitExceeded, Stage::Capture, step.offset,
                          fmt::format("line longer than the limit of {} bytes", max_line)};
        return true;
      }
      std::string_view text = step.text;
      std::uint64_t offset = step.offset;
      if (line_format_ != LineFormat::Text) {
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1), ++offset;
      }
      if (text.empty()) continue;
      switch (line_format_) {
        case LineFormat::Text:
          out.op = Opcode::Text;
          out.payload.assign(text);
          break;
        case LineFormat::Hex: {
          auto bytes = detail::decodeHex(text, /*allow_separators=*/true);
          if (!bytes) return failAt(out, offset, std::move(bytes.error()));
          out.payload = std::move(*bytes);
          out.op = codec::guessOpcode(out.payload);
          break;
        }
        case LineFormat::Base64: {
          auto r = detail::appendBase64Decoded(text, out.payload, /*url_safe=*/true);
          if (!r) return failAt(out, offset, std::move(r.error()));
          out.op = codec::guessOpcode(out.payload);
          break;
        }
      }
      if (out.payload.size() > limits_.max_message_bytes) {
        out.payload.clear();
        out.error = Error{ErrorCode::LimitExceeded, Stage::Capture, step.offset,
                          fmt::format("message longer than the limit of {} bytes", limits_.max_message_bytes)};
      }
      return true;
    }
    return false;
  }

 private:
  void reset(CaptureMessage& out, std::uint64_t offset) const {
    out.t = 0;
    out.dir = dir_;
    out.dir_inferred = false;
    out.conn.clear();
    out.op = Opcode::Binary;
    out.payload.clear();
    out.source_offset = offset;
    out.error.reset();
  }

  static bool failAt(CaptureMessage& out, std::uint64_t line_offset, Error e) {
    e.offset += line_offset;
    out.payload.clear();
    out.error = std::move(e);
    return true;
  }

  ChunkBuffer in_;
  LineFormat line_format_;
  Direction dir_;
  ReaderLimits limits_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<CaptureReader> makeLineReader(std::unique_ptr<ByteSource> source, LineFormat format, Direction dir,
                                              const ReaderLimits& limits) {
  return std::make_unique<LineReader>(std::move(source), format, dir, limits);
}

}  // namespace wa::capture
