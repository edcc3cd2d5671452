// Decoder and encoder throughput on the generated mixed corpus and on small nodes.
#include <benchmark/benchmark.h>

#include "wa/testing/generator/node_corpus.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/node/encoder.h"

namespace {

using namespace wa;

struct EncodedCorpus {
  std::vector<codec::Node> nodes;
  std::vector<std::string> bytes;
  std::size_t total_bytes = 0;
  std::size_t total_nodes = 0;
};

EncodedCorpus makeCorpus(std::vector<codec::Node> nodes, codec::EncodeStyle style) {
  EncodedCorpus c;
  c.nodes = std::move(nodes);
  for (const auto& n : c.nodes) {
    c.bytes.push_back(*codec::encodeNode(n, style));
    c.total_bytes += c.bytes.back().size();
    c.total_nodes += codec::countNodes(n);
  }
  return c;
}

const EncodedCorpus& mixed() {
  static const EncodedCorpus c = makeCorpus(testing::mixedCorpus(42, 32u << 20), codec::EncodeStyle::Server);
  return c;
}

const EncodedCorpus& small() {
  static const EncodedCorpus c = makeCorpus(testing::smallNodes(42, 200000), codec::EncodeStyle::Server);
  return c;
}

void reportRates(benchmark::State& state, const EncodedCorpus& c) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.total_bytes));
  state.counters["nodes/s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.total_nodes),
                                                 benchmark::Counter::kIsRate);
  state.counters["avg_bytes"] = static_cast<double>(c.total_bytes) / static_cast<double>(c.bytes.size());
}

void BM_DecodeMixed(benchmark::State& state) {
  const auto& c = mixed();
  for (auto _ : state)
    for (const auto& b : c.bytes) {
      auto n = codec::decodeNode(codec::asBytes(b));
      benchmark::DoNotOptimize(n);
    }
  reportRates(state, c);
}

// The streaming path: each message decoded into one reused tree, as wadecode does.
void BM_DecodeMixedReuse(benchmark::State& state) {
  const auto& c = mixed();
  codec::Node node;
  for (auto _ : state)
    for (const auto& b : c.bytes) {
      auto r = codec::decodeNodeInto(codec::asBytes(b), node);
      benchmark::DoNotOptimize(r);
    }
  reportRates(state, c);
}

void BM_DecodeSmallReuse(benchmark::State& state) {
  const auto& c = small();
  codec::Node node;
  for (auto _ : state)
    for (const auto& b : c.bytes) {
      auto r = codec::decodeNodeInto(codec::asBytes(b), node);
      benchmark::DoNotOptimize(r);
    }
  reportRates(state, c);
}

void BM_DecodeSmall(benchmark::State& state) {
  const auto& c = small();
  for (auto _ : state)
    for (const auto& b : c.bytes) {
      auto n = codec::decodeNode(codec::asBytes(b));
      benchmark::DoNotOptimize(n);
    }
  reportRates(state, c);
}

void BM_EncodeMixed(benchmark::State& state) {
  const auto& c = mixed();
  std::string out;
  out.reserve(1 << 20);
  for (auto _ : state)
    for (const auto& n : c.nodes) {
      out.clear();
      auto r = codec::encodeNode(n, codec::EncodeStyle::Server, out);
      benchmark::DoNotOptimize(r);
    }
  reportRates(state, c);
}

void BM_EncodeSmall(benchmark::State& state) {
  const auto& c = small();
  std::string out;
  out.reserve(1 << 10);
  for (auto _ : state)
    for (const auto& n : c.nodes) {
      out.clear();
      auto r = codec::encodeNode(n, codec::EncodeStyle::Server, out);
      benchmark::DoNotOptimize(r);
    }
  reportRates(state, c);
}

BENCHMARK(BM_DecodeMixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeSmall)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeMixedReuse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeSmallReuse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeMixed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncodeSmall)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
