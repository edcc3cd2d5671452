// Frames given one per line: text as is, hex or base64 decoded.
#include "wa/capture/line_reader.h"

#include "capture/text_decode.h"
#include "line_source.h"
#include "reader_support.h"
#include "wa/codec/frame/frame.h"

namespace wa::capture {
namespace {

using detail::LineStep;

CaptureFormat captureFormat(LineFormat line_format) noexcept {
  switch (line_format) {
    case LineFormat::Text: return CaptureFormat::TextLines;
    case LineFormat::Hex: return CaptureFormat::HexLines;
    case LineFormat::Base64: return CaptureFormat::Base64Lines;
  }
  return CaptureFormat::TextLines;
}

class LineReader final : public detail::BufferedReader {
 public:
  LineReader(std::unique_ptr<ByteSource> source, LineFormat line_format, Direction dir, const ReaderLimits& limits)
      : BufferedReader(captureFormat(line_format), std::move(source), limits), line_format_(line_format), dir_(dir) {}

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
        out.error = detail::longerThanLimit("line", step.offset, max_line);
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
        out.error = detail::longerThanLimit("message", step.offset, limits_.max_message_bytes);
      }
      return true;
    }
    return false;
  }

 private:
  void reset(CaptureMessage& out, std::uint64_t offset) const {
    out.clear(offset);
    out.dir = dir_;
  }

  static bool failAt(CaptureMessage& out, std::uint64_t line_offset, Error e) {
    e.offset += line_offset;
    out.payload.clear();
    out.error = std::move(e);
    return true;
  }

  LineFormat line_format_;
  Direction dir_;
};

}  // namespace

std::unique_ptr<CaptureReader> makeLineReader(std::unique_ptr<ByteSource> source, LineFormat format, Direction dir,
                                              const ReaderLimits& limits) {
  return std::make_unique<LineReader>(std::move(source), format, dir, limits);
}

}  // namespace wa::capture
