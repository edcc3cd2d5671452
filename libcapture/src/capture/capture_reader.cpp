// Opening a capture reader: detection over a replayed head, then the reader for the format.
#include "wa/capture/capture_reader.h"

#include <fmt/format.h>

#include "wa/capture/har_reader.h"
#include "wa/capture/jsonl_reader.h"
#include "wa/capture/line_reader.h"
#include "wa/capture/mitm_reader.h"
#include "wa/capture/pcap_reader.h"
#include "wa/capture/tshark_reader.h"

namespace wa::capture {

namespace {

// The first `want` bytes of `source` (fewer at its end).
Expected<std::string> readHead(ByteSource& source, std::size_t want) {
  std::string head(want, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    auto n = source.read(std::span<char>(head.data() + got, head.size() - got));
    if (!n) return Unexpected(std::move(n.error()));
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  return head;
}

// The reader of an input without a byte.
class EmptyReader final : public CaptureReader {
 public:
  explicit EmptyReader(CaptureFormat format) : format_(format) {}
  bool read(CaptureMessage&) override { return false; }
  [[nodiscard]] CaptureFormat format() const noexcept override { return format_; }

 private:
  CaptureFormat format_;
};

}  // namespace

Expected<DetectedSource> detectSource(std::unique_ptr<ByteSource> source) {
  auto head = readHead(*source, kDetectHeadBytes);
  if (!head) return Unexpected(std::move(head.error()));
  DetectedSource out;
  out.format = detectCaptureFormat(*head);
  out.empty = head->empty();
  out.source = makePrefixedSource(std::move(*head), std::move(source));
  return out;
}

Expected<std::unique_ptr<CaptureReader>> openCaptureReader(std::unique_ptr<ByteSource> source, CaptureFormat format,
                                                           const ReaderOptions& options) {
  if (format == CaptureFormat::Unknown) {
    auto detected = detectSource(std::move(source));
    if (!detected) return Unexpected(std::move(detected.error()));
    if (detected->empty) return std::unique_ptr<CaptureReader>(std::make_unique<EmptyReader>(format));
    format = detected->format;
    source = std::move(detected->source);
    if (format == CaptureFormat::Unknown)
      return makeError(ErrorCode::Unsupported, Stage::Capture, 0, "cannot tell the capture format from the first bytes");
  } else {
    auto first = readHead(*source, 1);
    if (!first) return Unexpected(std::move(first.error()));
    if (first->empty()) return std::unique_ptr<CaptureReader>(std::make_unique<EmptyReader>(format));
    source = makePrefixedSource(std::move(*first), std::move(source));
  }
  const ReaderLimits& limits = options.limits;
  switch (format) {
    case CaptureFormat::Har: return makeHarReader(std::move(source), limits);
    case CaptureFormat::MitmFlow: return makeMitmReader(std::move(source), limits);
    case CaptureFormat::TsharkEk: return makeTsharkEkReader(std::move(source), limits);
    case CaptureFormat::CaptureJsonl: return makeJsonlReader(std::move(source), limits);
    case CaptureFormat::TextLines:
      return makeLineReader(std::move(source), LineFormat::Text, options.line_direction, limits);
    case CaptureFormat::HexLines:
      return makeLineReader(std::move(source), LineFormat::Hex, options.line_direction, limits);
    case CaptureFormat::Base64Lines:
      return makeLineReader(std::move(source), LineFormat::Base64, options.line_direction, limits);
    case CaptureFormat::Pcap:
    case CaptureFormat::PcapNg: {
      PcapReaderOptions pcap;
      pcap.max_message_size = limits.max_message_bytes;
      pcap.max_inflated_size = limits.max_message_bytes;
      pcap.check_frame = options.check_frame;
      auto reader = PcapReader::open(std::move(source), pcap);
      if (!reader) return Unexpected(std::move(reader.error()));
      return std::unique_ptr<CaptureReader>(std::move(*reader));
    }
    case CaptureFormat::Unknown: break;
  }
  return makeError(ErrorCode::Unsupported, Stage::Capture, 0, "cannot tell the capture format from the first bytes");
}

}  // namespace wa::capture
