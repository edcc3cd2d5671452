// Fuzz target: the TCP reassembler on arbitrary segment scripts. Each record is
// [flags][side: bit0 direction, bit1 second client port][seq:4][ack:4][length][missing] + payload.
// Every handler checks that each side's stream is delivered contiguously, gaps included.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "wa/capture/tcp_reassembler.h"

namespace {
using namespace wa::capture;
struct Checker final : TcpStreamHandler {
  std::uint64_t next[2] = {0, 0};
  void check(TcpSide s, std::uint64_t at, std::uint64_t n) {
    if (at != next[static_cast<int>(s)]) __builtin_trap();
    next[static_cast<int>(s)] += n;
  }
  void onData(TcpSide s, ByteView d, const TcpChunkInfo& i) override { check(s, i.stream_offset, d.size()); }
  void onGap(TcpSide s, std::uint64_t n, const TcpChunkInfo& i) override { check(s, i.stream_offset, n); }
  void onEnd(TcpSide, const TcpChunkInfo&) override {}
  void onClose(TcpCloseReason, const TcpChunkInfo&) override {}
};
struct Sink final : TcpConnectionSink {
  std::unique_ptr<TcpStreamHandler> onOpen(const TcpConnectionInfo&) override { return std::make_unique<Checker>(); }
  void onError(const IpEndpoint&, const IpEndpoint&, double, Error) override {}
};
std::uint32_t be32(const std::uint8_t* p) { return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3]; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Sink sink;
  TcpReassembler tcp(sink, TcpReassemblerOptions{.max_buffered_per_direction = 4096, .max_connections = 3});
  const IpEndpoint server = *parseIpEndpoint("10.0.0.2", 80);
  for (std::size_t at = 0; at + 12 <= size;) {
    const std::uint8_t* r = data + at;
    TcpSegment s;
    const IpEndpoint client = *parseIpEndpoint("10.0.0.1", (r[1] & 2) != 0 ? 1001 : 1000);
    s.src = (r[1] & 1) != 0 ? server : client;
    s.dst = (r[1] & 1) != 0 ? client : server;
    s.flags = r[0];
    s.seq = be32(r + 2);
    s.ack = be32(r + 6);
    const std::size_t n = std::min<std::size_t>(r[10], size - at - 12);
    s.payload = ByteView(r + 12, n);
    s.missing_tail = r[11] % 16;
    tcp.process(s);
    at += 12 + n;
  }
  tcp.finish(0);
  return 0;
}
