// Throughput of the streaming HAR reader on a generated ~50 MB Chrome export (mostly base64 binary
// messages), and of the base64 decoder and frame splitter it feeds.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "wa/capture/har_reader.h"
#include "wa/support/text/base64.h"
#include "wa/codec/frame/frame.h"

namespace {

using namespace wa::capture;

// A Chrome-shaped HAR: a page entry with a 1 MB body to skip, then WebSocket entries whose
// messages are 90% binary (base64 of `tag,` + 48..4 KiB) and 10% text, until `target` bytes.
std::string makeHar(std::size_t target) {
  std::mt19937_64 rng(42);
  std::string har = R"({"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[)";
  har += R"({"request":{"method":"GET","url":"https://web.whatsapp.com/"},"response":{"status":200,"content":{"text":")";
  for (int i = 0; i < (1 << 20) / 16; ++i) har += "<div>x\\\"y</div>";
  har += R"("}}})";
  std::string frame;
  int entry = 0;
  while (har.size() < target) {
    har += R"(,{"_resourceType":"websocket","request":{"url":"wss://web.whatsapp.com/ws"},"response":{"status":101},"_webSocketMessages":[)";
    for (int m = 0; m < 2000 && har.size() < target; ++m) {
      if (m != 0) har += ',';
      double t = 1589356438.0 + entry * 1000 + m * 0.25;
      if (rng() % 10 == 0) {
        har += R"({"type":"send","time":)" + std::to_string(t) +
               R"(,"opcode":1,"data":"1589356438.--)" + std::to_string(m) +
               R"(,[\"query\",\"exist\",\"15550001234@c.us\"]"})";
        continue;
      }
      std::size_t n = 48 + 16 * (1 + rng() % 250);
      frame = "1589356439-" + std::to_string(m) + ",";
      for (std::size_t i = 0; i < n; ++i) frame.push_back(static_cast<char>(rng()));
      har += R"({"type":"receive","time":)" + std::to_string(t) + R"(,"opcode":2,"data":")";
      wa::support::appendBase64(har, frame);
      har += "\"}";
    }
    har += "]}";
    ++entry;
  }
  har += "]}}\n";
  return har;
}

// Produces a HAR of `total` bytes on the fly (one WebSocket entry repeating a 1 MiB block of
// messages), so reading it shows the reader's own memory, not the input's.
class GeneratedHarSource final : public ByteSource {
 public:
  explicit GeneratedHarSource(std::uint64_t total) {
    head_ = R"({"log":{"entries":[{"_webSocketMessages":[)";
    std::mt19937_64 rng(3);
    std::string frame;
    while (block_.size() < (1u << 20)) {
      frame = "1589356439-1,";
      for (int i = 0; i < 48 + 16 * 60; ++i) frame.push_back(static_cast<char>(rng()));
      block_ += R"({"type":"receive","time":1589356439.5,"opcode":2,"data":")";
      wa::support::appendBase64(block_, frame);
      block_ += "\"},";
    }
    tail_ = R"({"type":"send","time":1589356440,"opcode":1,"data":"?,,"}]}]}})";
    blocks_ = total / block_.size();
  }
  Expected<std::size_t> read(std::span<char> into) override {
    for (;;) {
      const std::string& part = stage_ == 0 ? head_ : stage_ == 1 ? block_ : tail_;
      if (pos_ < part.size()) {
        std::size_t n = std::min(into.size(), part.size() - pos_);
        std::memcpy(into.data(), part.data() + pos_, n);
        pos_ += n;
        produced_ += n;
        return n;
      }
      pos_ = 0;
      if (stage_ == 0) stage_ = 1;
      else if (stage_ == 1 && ++done_blocks_ >= blocks_) stage_ = 2;
      else if (stage_ == 2) return std::size_t{0};
    }
  }
  [[nodiscard]] std::uint64_t produced() const { return produced_; }

 private:
  std::string head_, block_, tail_;
  std::uint64_t blocks_ = 0, done_blocks_ = 0, produced_ = 0;
  int stage_ = 0;
  std::size_t pos_ = 0;
};

// Reads a 1 GiB HAR that never exists in memory; max_rss_MB shows the whole process's peak
// (run it alone: --benchmark_filter=BM_HarReadGenerated).
void BM_HarReadGenerated1GiB(benchmark::State& state) {
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    auto source = std::make_unique<GeneratedHarSource>(std::uint64_t{1} << 30);
    auto* counted = source.get();
    auto reader = makeHarReader(std::move(source));
    CaptureMessage m;
    std::size_t errors = 0;
    while (reader->read(m)) errors += m.error ? 1 : 0;
    if (errors != 0) state.SkipWithError("unexpected error record");
    bytes += counted->produced();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["max_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_HarReadGenerated1GiB)->Unit(benchmark::kMillisecond)->Iterations(1);

const std::string& har50() {
  static const std::string har = makeHar(50u << 20);
  return har;
}

void BM_HarRead(benchmark::State& state) {
  const std::string& har = har50();
  std::size_t records = 0, payload = 0;
  for (auto _ : state) {
    auto reader = makeHarReader(makeMemorySource(har));
    CaptureMessage m;
    while (reader->read(m)) {
      ++records;
      payload += m.payload.size();
      if (m.error) state.SkipWithError("unexpected error record");
    }
    benchmark::DoNotOptimize(payload);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * har.size()));
  state.counters["records"] = static_cast<double>(records) / static_cast<double>(state.iterations());
  state.counters["input_MB"] = static_cast<double>(har.size()) / 1e6;
}
BENCHMARK(BM_HarRead)->Unit(benchmark::kMillisecond);

// The same, with the frame splitter run on every record (no JSON parsing).
void BM_HarReadAndSplit(benchmark::State& state) {
  const std::string& har = har50();
  std::size_t tags = 0;
  for (auto _ : state) {
    auto reader = makeHarReader(makeMemorySource(har));
    CaptureMessage m;
    while (reader->read(m)) tags += splitFrame(m, /*parse_json=*/false).tag.size();
    benchmark::DoNotOptimize(tags);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * har.size()));
}
BENCHMARK(BM_HarReadAndSplit)->Unit(benchmark::kMillisecond);

void BM_Base64Decode(benchmark::State& state) {
  std::mt19937_64 rng(7);
  std::string bytes(static_cast<std::size_t>(state.range(0)), '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  const std::string b64 = wa::support::toBase64(bytes);
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto r = wa::support::appendBase64Decoded(out, b64);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * b64.size()));
}
BENCHMARK(BM_Base64Decode)->Arg(1024)->Arg(1 << 20);

}  // namespace

BENCHMARK_MAIN();
