// The pull interface every capture reader implements, and opening a reader for any input.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "wa/capture/byte_source.h"
#include "wa/capture/detect.h"
#include "wa/capture/message.h"
#include "wa/capture/error.h"
#include "wa/capture/ws/connection_decoder.h"

namespace wa::capture {

/// Bounds that keep a reader's memory independent of the input size.
struct ReaderLimits {
  /// Largest message payload (decoded bytes) a reader builds; a longer one becomes an error record
  /// (LimitExceeded) and is skipped. Encoded forms (base64, escaped JSON, hex) may use up to
  /// 6 times this much plus a little while being read.
  std::size_t max_message_bytes = 64u << 20;
  /// Bytes read from the source at a time.
  std::size_t chunk_bytes = 256u << 10;
  /// Nesting depth allowed in skipped JSON values.
  std::size_t max_depth = 256;
};

/// Yields the WebSocket messages of one capture, in file order, one record per call.
///
/// Nothing is dropped silently: what a reader cannot turn into a message becomes a record with
/// `error` set (stage Capture, absolute byte offset in the input), and the reader goes on with the
/// next message when the format lets it resynchronise; otherwise the error record is the last one.
/// Readers never throw on malformed input.
class CaptureReader {
 public:
  virtual ~CaptureReader() = default;
  CaptureReader() = default;
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  /// Overwrites `out` with the next record (reusing its string capacity) and returns true, or
  /// returns false at the end of the input.
  virtual bool read(CaptureMessage& out) = 0;

  /// The next record, or nullopt at the end of the input.
  std::optional<CaptureMessage> next() {
    CaptureMessage m;
    if (read(m)) return m;
    return std::nullopt;
  }

  [[nodiscard]] virtual CaptureFormat format() const noexcept = 0;

  /// What the reader skipped or found wrong outside the records, one line per kind with its
  /// count (for a pcap: "2 tcp connections skipped: not websocket"); empty when nothing needs
  /// saying. Complete once read() returned false.
  [[nodiscard]] virtual std::vector<std::string> warnings() const { return {}; }
};

/// Options of openCaptureReader() beyond the limits.
struct ReaderOptions {
  ReaderLimits limits;
  /// Direction given to records of the line formats, whose input carries none (Unknown lets the
  /// frame layer infer it).
  Direction line_direction = Direction::Unknown;
  /// Pcap and pcapng: the caller's check of candidate frames after a loss of frame boundaries
  /// (for example their HMAC under the connection's keys); see WsFrameCheck.
  WsFrameCheck check_frame;
};

/// A source after detection: the format and a source that still yields every byte.
struct DetectedSource {
  CaptureFormat format = CaptureFormat::Unknown;
  std::unique_ptr<ByteSource> source;
  bool empty = false;  ///< the source ended before its first byte
};

/// Reads up to kDetectHeadBytes from `source`, detects the format, and returns a source that
/// replays those bytes first. Fails only on an I/O error.
Expected<DetectedSource> detectSource(std::unique_ptr<ByteSource> source);

/// Opens a reader for `format` over `source`; CaptureFormat::Unknown detects it first. An input of
/// no bytes at all, in any format, gives a reader with no records (what wadecode reports as
/// "empty input: no records"). Pcap and pcapng go to PcapReader (pcap_reader.h) with
/// max_message_bytes as its message and inflate limits.
/// Fails with Unsupported for an undetectable input, with Io when the source fails, and as
/// PcapReader::open does for a pcap it refuses.
Expected<std::unique_ptr<CaptureReader>> openCaptureReader(std::unique_ptr<ByteSource> source,
                                                           CaptureFormat format = CaptureFormat::Unknown,
                                                           const ReaderOptions& options = {});

}  // namespace wa::capture
