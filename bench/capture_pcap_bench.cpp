// Throughput of the pcap path (libpcap -> TCP reassembly -> WebSocket deframing [-> inflate]) on
// captures generated in memory with the project's writers. Run: capture_pcap_bench
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include "wa/capture/pcap_reader.h"
#include "wa/testing/pcap_writer.h"
#include "wa/capture/ws/handshake.h"
#include "wa/testing/ws_encoder.h"

namespace {

using namespace wa::capture;
using namespace wa::testing;

constexpr std::size_t kCaptureBytes = std::size_t{48} << 20;
constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";

struct Rng {
  std::uint64_t s = 0x9e3779b97f4a7c15ull;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

/// A WA-like message: mostly JSON-ish text of a few hundred bytes, some binary, a few large ones
/// (or, with `small`, only 40..400 bytes).
std::string message(Rng& rng, bool& binary, bool small) {
  static const char* words[] = {"\"action\"", "\"add\":\"relay\"", "\"message\"", "null", "\"jid\":\"",
                                "@c.us\"", "\"status\":200", "\"t\":\"1700000000\"", "[", "]", "{", "}", ","};
  const std::size_t roll = rng.below(100);
  const std::size_t size = small       ? 40 + rng.below(360)
                           : roll < 70 ? 64 + rng.below(960)
                           : roll < 95 ? 1024 + rng.below(7168)
                                       : 16384 + rng.below(49152);
  binary = rng.below(3) == 0;
  std::string out = std::to_string(1700000000 + rng.below(100000)) + ".--" + std::to_string(rng.below(1000)) + ",";
  if (binary) {
    while (out.size() < size) out.push_back(static_cast<char>(rng.next()));
  } else {
    while (out.size() < size) out += words[rng.below(sizeof words / sizeof *words)] + std::to_string(rng.below(1000000));
  }
  return out;
}

/// About `bytes` of capture: one WebSocket connection, messages in both directions, client frames
/// masked, 1460-byte segments, an ACK after each message; optionally compressed and disordered.
std::string makeCapture(std::size_t bytes, bool deflate, bool disorder, bool small = false) {
  PcapWriter writer;
  TcpConversationOptions tcp;
  if (disorder) {
    tcp.reorder_every = 7;
    tcp.retransmit_every = 11;
  }
  TcpConversationWriter conn(writer, *parseIpEndpoint("192.168.1.10", 51000), *parseIpEndpoint("203.0.113.5", 80), tcp);
  WsEncoderOptions client_options;
  client_options.mask = true;
  client_options.deflate = deflate;
  WsEncoderOptions server_options;
  server_options.deflate = deflate;
  WsEncoder client(client_options);
  WsEncoder server(server_options);
  double t = 1700000000.0;
  conn.open(t);
  conn.send(true, buildUpgradeRequest("web.example.test", "/ws", kKey, deflate ? "permessage-deflate" : ""), t);
  conn.send(false, buildUpgradeResponse(kKey, deflate ? "permessage-deflate" : ""), t);
  Rng rng;
  while (writer.bytes().size() < bytes) {
    bool binary = false;
    const std::string m = message(rng, binary, small);
    const bool from_client = rng.below(3) == 0;
    WsEncoder& enc = from_client ? client : server;
    conn.send(from_client, enc.encode(binary ? Opcode::Binary : Opcode::Text, asBytes(m)), t += 0.001);
  }
  conn.close(t);
  return writer.take();
}

void readAll(benchmark::State& state, const std::string& file) {
  std::size_t messages = 0;
  std::size_t payload = 0;
  for (auto _ : state) {
    auto reader = PcapReader::openMemory(asBytes(file));
    if (!reader) {
      state.SkipWithError(reader.error().message.c_str());
      return;
    }
    CaptureMessage m;
    messages = 0;
    payload = 0;
    while ((*reader)->read(m)) {
      if (m.error) {
        state.SkipWithError(m.error->message.c_str());
        return;
      }
      ++messages;
      payload += m.payload.size();
      benchmark::DoNotOptimize(m.payload.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file.size()));
  state.counters["messages"] = static_cast<double>(messages);
  state.counters["msg/s"] = benchmark::Counter(static_cast<double>(messages * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["payload_MB"] = static_cast<double>(payload) / 1e6;
  state.counters["capture_MB"] = static_cast<double>(file.size()) / 1e6;
}

void BM_ReadPcapPlain(benchmark::State& state) {
  static const std::string file = makeCapture(kCaptureBytes, false, false);
  readAll(state, file);
}
BENCHMARK(BM_ReadPcapPlain)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_ReadPcapDeflate(benchmark::State& state) {
  static const std::string file = makeCapture(kCaptureBytes, true, false);
  readAll(state, file);
}
BENCHMARK(BM_ReadPcapDeflate)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_ReadPcapSmallMessages(benchmark::State& state) {
  static const std::string file = makeCapture(kCaptureBytes / 2, false, false, /*small=*/true);
  readAll(state, file);
}
BENCHMARK(BM_ReadPcapSmallMessages)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_ReadPcapReorderedRetransmitted(benchmark::State& state) {
  static const std::string file = makeCapture(kCaptureBytes, false, true);
  readAll(state, file);
}
BENCHMARK(BM_ReadPcapReorderedRetransmitted)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
