// The Python module against wadecode, in the same run: read_capture over the shared 50 MB pcap
// (every record made into Python objects) against `wadecode --format jsonl` on the same file (with
// its default threads, and with -j 1); and decode_node on a small node, in nodes per second.
// Both are timed inside the interpreter, so that its start-up is left out (read_capture_s: from
// the call to the last record); the whole Python process is timed as well (python_process_s,
// ratio_process: start-up and `import wa_web` included, about 20 ms here). Targets: read_capture
// at most 1.5x the wadecode command; decode_node at least 1,000,000 nodes/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "support/large_capture.h"

namespace {

using namespace wa::bench;

#ifndef WA_PYTHON_MODULE_DIR
#define WA_PYTHON_MODULE_DIR ""
#define WA_PYTHON_EXECUTABLE ""
#endif

bool moduleMissing(benchmark::State& state) {
  if (std::string(WA_PYTHON_MODULE_DIR).empty()) {
    state.SkipWithError("the Python module is not built (apt-get install pybind11-dev python3-dev)");
    return true;
  }
  return false;
}

std::string python(const std::string& script) {
  return std::string("env PYTHONPATH=") + WA_PYTHON_MODULE_DIR + " " + WA_PYTHON_EXECUTABLE + " -c '" + script + "'";
}

// The standard output of `command`, or "" when it failed.
std::string output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return {};
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  return out;
}

void BM_ReadCaptureVsWadecode(benchmark::State& state) {
  if (moduleMissing(state)) return;
  const auto& c = largeCapture();
  const std::string ours =
      python("import time, wa_web\nt = time.perf_counter()\nn = 0\nfor r in wa_web.read_capture(\"" + c.pcap_path +
             "\", \"" + c.keys_path + "\"): n += 1\nassert n > 1000\nprint(time.perf_counter() - t)");
  const std::string wadecode = std::string(WA_WADECODE_PATH) + " --format jsonl -k " + c.keys_path + " " + c.pcap_path;
  double py = 0, process = 0, wd = 0, wd1 = 0;
  for (auto _ : state) {
    py = process = wd = wd1 = 1e9;
    // Interleaved, the best of five each: the machine's speed drifts over seconds.
    for (int i = 0; i < 5; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const double loop = std::atof(output(ours).c_str());
      const double whole = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (loop <= 0) {
        state.SkipWithError("the read_capture script failed");
        return;
      }
      py = std::min(py, loop);
      process = std::min(process, whole);
      wd = std::min(wd, wallSeconds(wadecode + " > /dev/null"));
      wd1 = std::min(wd1, wallSeconds(wadecode + " -j 1 > /dev/null"));
    }
    if (wd <= 0 || wd1 <= 0) {
      state.SkipWithError("a command failed");
      return;
    }
  }
  state.counters["MB"] = static_cast<double>(c.pcap_bytes) / 1e6;
  state.counters["read_capture_s"] = py;
  state.counters["python_process_s"] = process;
  state.counters["wadecode_s"] = wd;
  state.counters["wadecode_j1_s"] = wd1;
  state.counters["ratio"] = py / wd;
  state.counters["ratio_process"] = process / wd;
  state.counters["ratio_vs_j1"] = py / wd1;
}

void BM_DecodeNodeFromPython(benchmark::State& state) {
  if (moduleMissing(state)) return;
  // A receipt of 33 bytes, as the server sends them; a million calls, the best of three rounds.
  const std::string script =
      "import time, wa_web\n"
      "data = bytes.fromhex(\"f809475b4622faff8615550100001f5027fb063eb0aabbccdd57ff051589356450\")\n"
      "decode = wa_web.decode_node\n"
      "best = 1e9\n"
      "for _ in range(3):\n"
      "    t = time.perf_counter()\n"
      "    for _ in range(1000000): decode(data)\n"
      "    best = min(best, time.perf_counter() - t)\n"
      "print(1000000 / best)";
  double rate = 0;
  for (auto _ : state) rate = std::atof(output(python(script)).c_str());
  if (rate <= 0) {
    state.SkipWithError("the script failed");
    return;
  }
  state.counters["nodes_per_s"] = rate;
}

BENCHMARK(BM_ReadCaptureVsWadecode)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_DecodeNodeFromPython)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
