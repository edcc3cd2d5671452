// libpcap-driven reader: packets -> TCP reassembly -> WebSocket connection decoders -> records.
#include "wa/capture/pcap_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>

#include <fcntl.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <fmt/format.h>

#include "capture/pcap_library.h"
#include "capture/pcap_offset_tap.h"
#include "wa/capture/pcap_packet.h"
#include "wa/codec/frame/frame.h"
#include "wa/support/read_buffer.h"

namespace wa::capture {
namespace {

/// One connection's handler: maps TCP sides onto the WebSocket decoder's sides.
class WsTcpHandler final : public TcpStreamHandler {
 public:
  WsTcpHandler(const TcpConnectionInfo& info, MessageQueue& out, WsConnectionCounters& counters,
               const WsConnectionOptions& options)
      : decoder_(toString(info.initiator), toString(info.responder), out, counters, options) {}

  void onData(TcpSide side, ByteView data, const TcpChunkInfo& info) override {
    decoder_.data(map(side), data, WsChunkInfo{info.t, info.source_offset});
  }
  void onGap(TcpSide side, std::uint64_t length, const TcpChunkInfo& info) override {
    decoder_.gap(map(side), length, WsChunkInfo{info.t, info.source_offset});
  }
  void onStartMissing(TcpSide side, const TcpChunkInfo&) override { decoder_.startMissing(map(side)); }
  void onEnd(TcpSide side, const TcpChunkInfo& info) override {
    decoder_.end(map(side), WsChunkInfo{info.t, info.source_offset});
  }
  void onClose(TcpCloseReason, const TcpChunkInfo& info) override {
    decoder_.finish(WsChunkInfo{info.t, info.source_offset});
  }
  [[nodiscard]] bool wantsData() const override { return decoder_.wantsData(); }

 private:
  static StreamSide map(TcpSide side) noexcept { return side == TcpSide::Initiator ? StreamSide::A : StreamSide::B; }
  WsConnectionDecoder decoder_;
};

}  // namespace

struct PcapReader::Impl final : TcpConnectionSink {
  explicit Impl(const PcapReaderOptions& o)
      : options(o),
        reassembler(*this, TcpReassemblerOptions{.max_buffered_per_direction = o.max_buffered_per_direction,
                                                 .max_connections = o.max_connections}) {
    ws_options.max_message_size = o.max_message_size;
    ws_options.max_inflated_size = o.max_inflated_size;
    ws_options.max_pending = o.max_buffered_per_direction;
    // After a loss, candidate frames must look like this protocol's (and pass the caller's check).
    ws_options.check_frame = [user = o.check_frame](std::string_view conn, Direction dir, Opcode op,
                                                    ByteView payload, bool complete) {
      const auto start = codec::looksLikeFrameStart(op, asChars(payload), complete);
      if (start && !*start) return FrameCheck::Fail;
      if (user) {
        const FrameCheck r = user(conn, dir, op, payload, complete);
        if (r != FrameCheck::Unknown) return r;
      }
      return start ? FrameCheck::Pass : FrameCheck::Unknown;
    };
  }
  ~Impl() override {
    if (pcap != nullptr) lib->close(pcap);  // also closes `file`
    else if (file != nullptr) std::fclose(file);
    if (owned_fd >= 0) ::close(owned_fd);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // --- input, seen by libpcap through a stdio cookie -------------------------------------------
  static constexpr std::size_t kStdioBufferSize = std::size_t{256} << 10;
  support::ReadBuffer stdio_buffer;  // freed after ~Impl's body has closed the stream
  ByteView memory;
  std::size_t memory_pos = 0;
  std::unique_ptr<ByteSource> source;
  int fd = -1;
  int owned_fd = -1;
  std::optional<Error> io_error;
  detail::PcapOffsetTap tap;

  static ssize_t cookieRead(void* cookie, char* buf, std::size_t size) {
    auto* self = static_cast<Impl*>(cookie);
    std::size_t n = 0;
    if (self->source) {
      auto got = self->source->read(std::span<char>(buf, size));
      if (!got) {
        self->io_error = std::move(got.error());
        return -1;
      }
      n = *got;
    } else if (self->fd >= 0) {
      ssize_t r;
      do {
        r = ::read(self->fd, buf, size);
      } while (r < 0 && errno == EINTR);
      if (r < 0) {
        self->io_error = Error{ErrorCode::Io, Stage::Capture, self->tap.position(),
                               fmt::format("read failed: {}", std::strerror(errno))};
        return -1;
      }
      n = static_cast<std::size_t>(r);
    } else {
      n = std::min(size, self->memory.size() - self->memory_pos);
      if (n != 0) std::memcpy(buf, self->memory.data() + self->memory_pos, n);
      self->memory_pos += n;
    }
    self->tap.feed(reinterpret_cast<const std::uint8_t*>(buf), n);
    return static_cast<ssize_t>(n);
  }

  // --- decoding ---------------------------------------------------------------------------------
  PcapReaderOptions options;
  WsConnectionOptions ws_options;
  std::FILE* file = nullptr;
  const detail::PcapLibrary* lib = nullptr;  // set before pcap
  pcap_t* pcap = nullptr;
  int dlt = 0;
  CaptureFormat format = CaptureFormat::Pcap;
  TcpReassembler reassembler;
  PcapReadStats stats;
  MessageQueue queue;
  std::uint64_t frame_number = 0;
  bool frame_numbers = false;
  bool done = false;
  double last_t = 0;

  std::unique_ptr<TcpStreamHandler> onOpen(const TcpConnectionInfo& info) override {
    return std::make_unique<WsTcpHandler>(info, queue, stats.websocket, ws_options);
  }

  void onError(const IpEndpoint& from, const IpEndpoint&, double t, Error error) override {
    CaptureMessage& m = queue.push();
    m.t = t;
    m.conn = toString(from);
    m.source_offset = error.offset;
    m.error = std::move(error);
    ++stats.websocket.error_records;
  }

  void finishAll() {
    reassembler.finish(last_t, tap.position());
    done = true;
  }

  void step() {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int r = lib->next_ex(pcap, &header, &data);
    if (r == 1) {
      packet(*header, data);
      return;
    }
    if (r != PCAP_ERROR_BREAK) {
      CaptureMessage& m = queue.push();
      m.t = last_t;
      m.source_offset = tap.position();
      if (io_error) {
        m.error = *io_error;
        m.error->offset = tap.position();
      } else {
        const std::string why = lib->geterr(pcap);
        const bool truncated = why.find("truncated") != std::string::npos;
        m.error = Error{truncated ? ErrorCode::Truncated : ErrorCode::Invalid, Stage::Capture, tap.position(),
                        fmt::format("capture file unreadable after {} packets: {}", frame_number, why)};
      }
      ++stats.websocket.error_records;
    }
    finishAll();
  }

  void packet(const pcap_pkthdr& header, const u_char* data) {
    ++frame_number;
    ++stats.packets;
    stats.bytes += header.caplen;
    std::uint64_t data_offset = frame_number;
    if (!frame_numbers) {
      const auto at = tap.pop();
      if (at) {
        data_offset = *at;
      } else {
        frame_numbers = true;
      }
    }
    const double t = static_cast<double>(header.ts.tv_sec) + static_cast<double>(header.ts.tv_usec) * 1e-9;
    last_t = t;
    TcpSegment segment;
    const ByteView frame(data, header.caplen);
    switch (decodePacket(dlt, frame, header.len, segment)) {
      case PacketKind::Tcp:
        segment.t = t;
        segment.source_offset =
            frame_numbers ? frame_number : data_offset + static_cast<std::uint64_t>(segment.payload.data() - data);
        reassembler.process(segment);
        break;
      case PacketKind::NotIp: ++stats.not_ip; break;
      case PacketKind::NotTcp: ++stats.not_tcp; break;
      case PacketKind::Fragment: ++stats.ip_fragments; break;
      case PacketKind::Truncated: ++stats.truncated_packets; break;
      case PacketKind::Malformed: ++stats.malformed_packets; break;
      case PacketKind::UnsupportedLink: ++stats.malformed_packets; break;
    }
  }
};

PcapReader::PcapReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PcapReader::~PcapReader() = default;

Expected<std::unique_ptr<PcapReader>> PcapReader::start(std::unique_ptr<Impl> impl) {
  auto lib = detail::pcapLibrary();
  if (!lib) return makeError(ErrorCode::Unsupported, Stage::Capture, 0, lib.error());
  impl->lib = *lib;
  cookie_io_functions_t io{};
  io.read = &Impl::cookieRead;
  impl->file = fopencookie(impl.get(), "r", io);
  if (impl->file == nullptr)
    return makeError(ErrorCode::Io, Stage::Capture, 0, fmt::format("cannot create a stream: {}", std::strerror(errno)));
  // A large stdio buffer, given explicitly: glibc ignores the size when the buffer is null (and
  // then reads 8 KiB at a time). It lives in Impl, which closes the stream before freeing it.
  // Aligned: the reads into it are kernel copies (ReadBuffer says why that matters).
  impl->stdio_buffer.resize(Impl::kStdioBufferSize);
  std::setvbuf(impl->file, impl->stdio_buffer.chars(), _IOFBF, Impl::kStdioBufferSize);
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  impl->pcap = impl->lib->fopen_offline_with_tstamp_precision(impl->file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (impl->pcap == nullptr) {
    if (impl->io_error) return tl::unexpected(std::move(*impl->io_error));
    return makeError(ErrorCode::Invalid, Stage::Capture, 0,
                     fmt::format("not a readable pcap or pcapng file: {}", errbuf));
  }
  impl->dlt = impl->lib->datalink(impl->pcap);
  if (!isSupportedLinkType(impl->dlt)) {
    const char* name = impl->lib->datalink_val_to_name(impl->dlt);
    return makeError(ErrorCode::Unsupported, Stage::Capture, 0,
                     fmt::format("link type {} ({}) is not supported", impl->dlt, name != nullptr ? name : "unknown"));
  }
  impl->format = impl->tap.kind() == detail::PcapOffsetTap::Kind::Pcapng ? CaptureFormat::PcapNg : CaptureFormat::Pcap;
  return std::unique_ptr<PcapReader>(new PcapReader(std::move(impl)));
}

Expected<std::unique_ptr<PcapReader>> PcapReader::open(std::unique_ptr<ByteSource> source,
                                                       const PcapReaderOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  impl->source = std::move(source);
  return start(std::move(impl));
}

Expected<std::unique_ptr<PcapReader>> PcapReader::openMemory(ByteView bytes, const PcapReaderOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  impl->memory = bytes;
  return start(std::move(impl));
}

Expected<std::unique_ptr<PcapReader>> PcapReader::openFile(const std::string& path, const PcapReaderOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  if (path == "-") {
    impl->fd = STDIN_FILENO;
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return makeError(ErrorCode::Io, Stage::Capture, 0, fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    impl->fd = fd;
    impl->owned_fd = fd;
  }
  return start(std::move(impl));
}

bool PcapReader::read(CaptureMessage& out) {
  Impl& s = *impl_;
  while (s.queue.empty()) {
    if (s.done) return false;
    s.step();
  }
  return s.queue.pop(out);
}

CaptureFormat PcapReader::format() const noexcept { return impl_->format; }
int PcapReader::linkType() const noexcept { return impl_->dlt; }
bool PcapReader::offsetsAreFrameNumbers() const noexcept { return impl_->frame_numbers; }

const PcapReadStats& PcapReader::stats() const noexcept {
  impl_->stats.tcp = impl_->reassembler.stats();
  return impl_->stats;
}

std::vector<std::string> PcapReader::warnings() const {
  const PcapReadStats& s = stats();
  std::vector<std::string> out;
  auto add = [&](std::uint64_t n, std::string_view what) {
    if (n != 0) out.push_back(fmt::format("{} {}", n, what));
  };
  add(s.ip_fragments, "ip fragments ignored (not reassembled)");
  add(s.truncated_packets, "packets ignored: headers cut by the snapshot length");
  add(s.malformed_packets, "malformed packets ignored");
  add(s.tcp.implausible_segments, "tcp segments ignored: sequence numbers far beyond their stream");
  add(s.tcp.forced_gaps, "tcp holes given up because the out-of-order buffer limit was reached");
  add(s.websocket.non_websocket_connections, "tcp connections skipped: not websocket");
  add(s.websocket.refused_upgrades, "websocket upgrades refused by the server");
  add(s.websocket.incomplete_handshakes, "websocket upgrade requests without a response in the capture");
  add(s.websocket.accept_mismatches, "websocket upgrades with a wrong Sec-WebSocket-Accept");
  return out;
}

}  // namespace wa::capture
