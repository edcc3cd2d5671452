// Throughput of the text helpers with each instruction set (the portable code is the yardstick of
// the SIMD variants, in the same run), and their effect end to end: `wadecode --format jsonl` on
// the shared 52 MB pcap and on 57 MB of node hex lines, run with WA_TEXT_ISA set to each variant.
//
// The argument of each case is the variant: 0 scalar, 1 sse4.2, 2 avx2 (skipped when the CPU lacks
// it); its label names it. Rates count the input bytes of the helper.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "support/large_capture.h"
#include "wa/codec/node/encoder.h"
#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/text_isa.h"
#include "wa/support/text/utf8.h"
#include "wa/testing/generator/node_corpus.h"

namespace {

using namespace wa;
using support::TextIsa;

constexpr std::size_t kBlockBytes = 1 << 20;

// Chat-like UTF-8: words, some accented letters, euro signs and emoji, a newline or a quote now and
// then (one byte in about 150 needs escaping in JSON).
std::string chatText(std::size_t bytes) {
  std::mt19937 rng(1);
  static const char* const kWords[] = {"the",
                                       "meeting",
                                       "is",
                                       "at",
                                       "caf\xc3\xa9",
                                       "tomorrow",
                                       "\xe2\x82\xac"
                                       "20",
                                       "ok",
                                       "\xf0\x9f\x98\x80",
                                       "see",
                                       "you",
                                       "https://example.com/a/b",
                                       "\"yes\""};
  std::string s;
  while (s.size() < bytes) {
    s += kWords[rng() % std::size(kWords)];
    s += rng() % 40 == 0 ? '\n' : ' ';
  }
  s.resize(bytes);
  while (!support::isUtf8(s)) s.pop_back();  // a sequence cut by resize()
  return s;
}

std::string randomBytes(std::size_t n) {
  std::mt19937 rng(2);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

// Short strings as node JSON has them: attribute names and values, ids, jids.
const std::vector<std::string>& shortStrings() {
  static const std::vector<std::string> strings = [] {
    std::mt19937 rng(3);
    std::vector<std::string> v;
    static const char* const kSamples[] = {"type",
                                           "jid",
                                           "id",
                                           "t",
                                           "participant",
                                           "notify",
                                           "chat",
                                           "message",
                                           "3EB0C4B1F3A2D9E8C4F1",
                                           "15550123456@c.us",
                                           "Good morning \xe2\x98\x80",
                                           "relay",
                                           "last",
                                           "before",
                                           "add",
                                           "status"};
    for (int i = 0; i < 100000; ++i) v.emplace_back(kSamples[rng() % std::size(kSamples)]);
    return v;
  }();
  return strings;
}

std::size_t totalBytes(const std::vector<std::string>& strings) {
  std::size_t n = 0;
  for (const auto& s : strings) n += s.size();
  return n;
}

// Uses the variant of the case; false (the case skipped) when the CPU lacks it.
bool useVariant(benchmark::State& state) {
  const auto isa = static_cast<TextIsa>(state.range(0));
  if (!support::useTextIsa(isa)) {
    state.SkipWithError("not supported by this CPU");
    return false;
  }
  state.SetLabel(std::string(support::textIsaName(isa)));
  return true;
}

void setRate(benchmark::State& state, std::size_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_per_iteration));
}

void BM_JsonQuoteText(benchmark::State& state) {
  static const std::string text = chatText(kBlockBytes);
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    support::appendJsonQuoted(out, text);
    benchmark::DoNotOptimize(out.data());
  }
  setRate(state, text.size());
}

void BM_JsonQuoteShortStrings(benchmark::State& state) {
  const auto& strings = shortStrings();
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const auto& s : strings) support::appendJsonQuoted(out, s);
    benchmark::DoNotOptimize(out.data());
  }
  setRate(state, totalBytes(strings));
}

void BM_Utf8CheckText(benchmark::State& state) {
  static const std::string text = chatText(kBlockBytes);
  if (!useVariant(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(support::isUtf8(text));
  setRate(state, text.size());
}

void BM_Utf8CheckShortStrings(benchmark::State& state) {
  const auto& strings = shortStrings();
  if (!useVariant(state)) return;
  for (auto _ : state)
    for (const auto& s : strings) benchmark::DoNotOptimize(support::isUtf8(s));
  setRate(state, totalBytes(strings));
}

void BM_HexEncode(benchmark::State& state) {
  static const std::string bytes = randomBytes(kBlockBytes);
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    support::appendHex(out, bytes);
    benchmark::DoNotOptimize(out.data());
  }
  setRate(state, bytes.size());
}

// As wadecode reads node hex lines: separators allowed anywhere (there are none here).
void BM_HexDecode(benchmark::State& state) {
  static const std::string hex = support::toHex(randomBytes(kBlockBytes));
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(support::appendHexDecoded(out, hex, support::HexSeparators::Anywhere));
  }
  setRate(state, hex.size());
}

void BM_Base64Encode(benchmark::State& state) {
  static const std::string bytes = randomBytes(kBlockBytes);
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    support::appendBase64(out, bytes);
    benchmark::DoNotOptimize(out.data());
  }
  setRate(state, bytes.size());
}

void decodeBase64(benchmark::State& state, support::Base64Alphabet alphabet) {
  static const std::string text = support::toBase64(randomBytes(kBlockBytes));
  if (!useVariant(state)) return;
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(support::appendBase64Decoded(out, text, {alphabet}));
  }
  setRate(state, text.size());
}

// As the capture readers decode: one alphabet, the standard one.
void BM_Base64Decode(benchmark::State& state) { decodeBase64(state, support::Base64Alphabet::Standard); }

// As key files are read: either alphabet.
void BM_Base64DecodeEitherAlphabet(benchmark::State& state) { decodeBase64(state, support::Base64Alphabet::Either); }

// Node hex lines as `wa-corpus-gen nodes --count 7200 --seed 1` writes them (mixed shapes, server
// style): about 57 MB, in a file under the temp folder.
// `wadecode -j 1 --format jsonl` run as a child process with WA_TEXT_ISA set to the case's variant:
// one thread, so that the time is the per-byte work (wadecode_bench measures the threads).
void runWadecode(benchmark::State& state, const std::string& arguments, std::size_t input_bytes) {
  const auto isa = static_cast<TextIsa>(state.range(0));
  if (!support::textIsaSupported(isa)) {
    state.SkipWithError("not supported by this CPU");
    return;
  }
  state.SetLabel(std::string(support::textIsaName(isa)));
  const std::string command = "WA_TEXT_ISA=" + std::string(support::textIsaName(isa)) +
                              " " WA_WADECODE_PATH " -j 1 --format jsonl " + arguments + " > /dev/null";
  for (auto _ : state) {
    if (bench::wallSeconds(command) < 0) {
      state.SkipWithError(("command failed: " + command).c_str());
      return;
    }
  }
  state.counters["MB"] = static_cast<double>(input_bytes) / 1e6;
  setRate(state, input_bytes);
}

void BM_WadecodeJsonlPcap(benchmark::State& state) {
  const auto& capture = bench::largeCapture();
  runWadecode(state, "-k " + capture.keys_path + " " + capture.pcap_path, capture.pcap_bytes);
}

void BM_WadecodeJsonlNodeHex(benchmark::State& state) {
  const std::string& path = bench::largeNodeHex();
  runWadecode(state, path, std::filesystem::file_size(path));
}

void eachVariant(benchmark::internal::Benchmark* b) { b->Arg(0)->Arg(1)->Arg(2)->Arg(3); }

BENCHMARK(BM_JsonQuoteText)->Apply(eachVariant);
BENCHMARK(BM_JsonQuoteShortStrings)->Apply(eachVariant);
BENCHMARK(BM_Utf8CheckText)->Apply(eachVariant);
BENCHMARK(BM_Utf8CheckShortStrings)->Apply(eachVariant);
BENCHMARK(BM_HexEncode)->Apply(eachVariant);
BENCHMARK(BM_HexDecode)->Apply(eachVariant);
BENCHMARK(BM_Base64Encode)->Apply(eachVariant);
BENCHMARK(BM_Base64Decode)->Apply(eachVariant);
BENCHMARK(BM_Base64DecodeEitherAlphabet)->Apply(eachVariant);
// Child processes: wall time is the measure (the benchmark's own CPU time excludes the child).
BENCHMARK(BM_WadecodeJsonlPcap)->Apply(eachVariant)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_WadecodeJsonlNodeHex)->Apply(eachVariant)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
