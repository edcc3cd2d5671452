// Node JSON writer/reader, text tree and WebMessageInfo throughput on the generated mixed corpus.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "wa/testing/generator/node_corpus.h"
#include "wa/codec/view/node_json.h"
#include "wa/codec/view/text_tree.h"
#include "wa/codec/proto/web_message_info.h"

namespace {

using namespace wa;

struct Corpus {
  std::vector<codec::Node> nodes;
  std::vector<std::string> json;           // compact node JSON of each node, with proto views
  std::vector<std::string> message_bytes;  // WebMessageInfo payloads of all `message` nodes
  std::size_t json_bytes = 0;
  std::size_t proto_bytes = 0;
};

void collectMessages(const codec::Node& n, std::vector<std::string>& out) {
  if (n.description == "message" && n.content == codec::ContentKind::Bytes) out.push_back(n.data);
  for (const auto& c : n.children) collectMessages(c, out);
}

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus k;
    k.nodes = wa::testing::mixedCorpus(42, 8u << 20);
    for (const auto& n : k.nodes) {
      k.json.push_back(codec::nodeToJson(n));
      k.json_bytes += k.json.back().size();
      collectMessages(n, k.message_bytes);
    }
    for (const auto& m : k.message_bytes) k.proto_bytes += m.size();
    return k;
  }();
  return c;
}

// Writes each of `nodes` as JSON per iteration; the rate counts `counted_bytes` per iteration.
void writeNodesJson(benchmark::State& state, const std::vector<codec::Node>& nodes,
                    const codec::NodeJsonWriteOptions& options, std::size_t counted_bytes) {
  std::string out;
  for (auto _ : state)
    for (const auto& n : nodes) {
      out.clear();
      codec::appendNodeJson(out, n, options);
      benchmark::DoNotOptimize(out.data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * counted_bytes));
}

// Rates count the compact JSON bytes of the corpus, whatever the operation writes or reads.
void writeJson(benchmark::State& state, const codec::NodeJsonWriteOptions& options) {
  writeNodesJson(state, corpus().nodes, options, corpus().json_bytes);
}

void BM_NodeToJsonCompact(benchmark::State& state) { writeJson(state, {}); }

void BM_NodeToJsonCompactNoProto(benchmark::State& state) {
  codec::NodeJsonWriteOptions o;
  o.decode_proto = false;
  writeJson(state, o);
}

void BM_NodeToJsonPretty(benchmark::State& state) {
  codec::NodeJsonWriteOptions o;
  o.pretty = true;
  writeJson(state, o);
}

void BM_NodeFromJson(benchmark::State& state) {
  const auto& c = corpus();
  for (auto _ : state)
    for (const auto& j : c.json) {
      auto n = codec::nodeFromJson(j);
      benchmark::DoNotOptimize(n);
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.json_bytes));
}

void BM_RenderTextTree(benchmark::State& state) {
  const auto& c = corpus();
  std::string out;
  for (auto _ : state)
    for (const auto& n : c.nodes) {
      out.clear();
      codec::appendTextTree(out, n);
      benchmark::DoNotOptimize(out.data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.json_bytes));
}

// Rates count WebMessageInfo payload bytes.
void BM_ParseWebMessageInfo(benchmark::State& state) {
  const auto& c = corpus();
  for (auto _ : state)
    for (const auto& m : c.message_bytes) {
      auto v = codec::parseWebMessageInfo(m);
      benchmark::DoNotOptimize(v);
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.proto_bytes));
  state.counters["messages"] = static_cast<double>(c.message_bytes.size());
}

void BM_WebMessageInfoToJson(benchmark::State& state) {
  const auto& c = corpus();
  std::vector<codec::ProtoView> views;
  for (const auto& m : c.message_bytes)
    if (auto v = codec::parseWebMessageInfo(m)) views.push_back(std::move(*v));
  for (auto _ : state)
    for (const auto& v : views) {
      auto s = v.toJson();
      benchmark::DoNotOptimize(s.data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.proto_bytes));
}

// A `message` node's JSON as wadecode writes it: canonical bytes go straight from the wire.
void BM_MessageNodeToJson(benchmark::State& state) {
  const auto& c = corpus();
  std::vector<codec::Node> nodes;
  for (const auto& m : c.message_bytes) nodes.push_back(codec::makeBytesNode("message", {}, m));
  writeNodesJson(state, nodes, {}, c.proto_bytes);
}

// The same JSON through the parse and reflection (what every message took before the wire path).
void BM_MessageParseAndReflectToJson(benchmark::State& state) {
  const auto& c = corpus();
  for (auto _ : state)
    for (const auto& m : c.message_bytes) {
      auto v = codec::parseWebMessageInfo(m);
      auto s = v->toJson();
      benchmark::DoNotOptimize(s.data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.proto_bytes));
}

BENCHMARK(BM_NodeToJsonCompact)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MessageNodeToJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MessageParseAndReflectToJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NodeToJsonCompactNoProto)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NodeToJsonPretty)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NodeFromJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RenderTextTree)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseWebMessageInfo)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WebMessageInfoToJson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
