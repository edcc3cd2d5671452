// tshark with the plugin waweb.so against tshark without it, on the shared 50 MB capture, in the
// same run: the plugin's target is at most 1.5x tshark's own time. Three ways of reading:
//   Summary  `tshark -r FILE`: one line per packet (the plugin decrypts and decodes every message
//            for the Info column; no tree)
//   Filter   `-Y waweb` against `-Y websocket`: a filter builds the protocol tree
//   Fields   `-T fields -e waweb.node` against `-e websocket.payload`: the records' node JSON
// Each case times both commands (best of 3) and reports `ratio` = with / without.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "support/large_capture.h"

namespace {

using namespace wa::bench;

#ifndef WA_WIRESHARK_PLUGIN_DIR
#define WA_WIRESHARK_PLUGIN_DIR ""  // the plugin is not built (tools/wireshark was skipped)
#endif

bool tsharkMissing(benchmark::State& state) {
  if (std::string(WA_WIRESHARK_PLUGIN_DIR).empty()) {
    state.SkipWithError("the plugin waweb.so is not built (apt-get install wireshark-dev libglib2.0-dev)");
    return true;
  }
  if (std::system("command -v tshark > /dev/null 2>&1") == 0) return false;
  state.SkipWithError("tshark is not installed (apt-get install tshark)");
  return true;
}

std::string tshark(bool plugin, const std::string& args) {
  // Without the plugin: an empty plugin folder (Wireshark's own plugins still load).
  static const std::string empty = [] {
    auto dir = std::filesystem::temp_directory_path() / "wa_bench_no_plugins";
    std::filesystem::create_directories(dir);
    return dir.string();
  }();
  const auto& c = largeCapture();
  std::string cmd = "env WIRESHARK_PLUGIN_DIR=" + (plugin ? std::string(WA_WIRESHARK_PLUGIN_DIR) : empty) +
                    " tshark -n -r " + c.pcap_path;
  if (plugin) cmd += " -o waweb.keys_file:" + c.keys_path;
  return asUnprivileged(cmd + " " + args + " > /dev/null 2>&1");
}

void compare(benchmark::State& state, const std::string& with_args, const std::string& without_args) {
  if (tsharkMissing(state)) return;
  const auto& c = largeCapture();
  double with = 0, without = 0;
  for (auto _ : state) {
    with = without = 1e9;
    for (int i = 0; i < 3; ++i) {
      without = std::min(without, wallSeconds(tshark(false, without_args)));
      with = std::min(with, wallSeconds(tshark(true, with_args)));
    }
    if (with <= 0 || without <= 0) {
      state.SkipWithError("a tshark command failed");
      return;
    }
  }
  state.counters["MB"] = static_cast<double>(c.pcap_bytes) / 1e6;
  state.counters["without_s"] = without;
  state.counters["with_s"] = with;
  state.counters["ratio"] = with / without;
  state.counters["with_MB_per_s"] = static_cast<double>(c.pcap_bytes) / 1e6 / with;
}

void BM_TsharkSummary(benchmark::State& state) { compare(state, "", ""); }
void BM_TsharkFilter(benchmark::State& state) { compare(state, "-Y waweb", "-Y websocket"); }
void BM_TsharkFields(benchmark::State& state) {
  compare(state, "-T fields -e waweb.tag -e waweb.node", "-T fields -e websocket.payload");
}

// Wall time of child processes is the measure.
BENCHMARK(BM_TsharkSummary)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_TsharkFilter)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_TsharkFields)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
