// End-to-end throughput of wadecode (capture in -> decoded JSONL out) on generated pcap and HAR
// sessions, in process and as the built binary, against `tshark -r FILE -Y websocket -T ek` on the
// same pcap (tshark only deframes; wadecode also decrypts and decodes).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "wa/testing/generator/session_writers.h"
#include "wa/capture/capture_reader.h"
#include "wa/crypto/bytes.h"
#include "wa/session/capture_keys.h"
#include "wa/session/message_decoder.h"
#include "wa/session/parallel_decoder.h"
#include "support/large_capture.h"
#include "wadecode/record_printer.h"

namespace {

using namespace wa;

struct Inputs {
  std::string pcap, har;
  std::string pcap_path, har_path, keys_path;
  crypto::KeyFile keys;
};

// Eight large sessions (a few MB each), written once to files under the temp folder.
const Inputs& inputs() {
  static const Inputs in = [] {
    Inputs i;
    std::vector<testing::GeneratedSession> sessions;
    for (std::uint64_t s = 0; s < 8; ++s) {
      // The large size with more history and fewer keep-alives.
      testing::SessionOptions o = testing::withLargeSizes({});
      o.seed = 1000 + s;
      o.start_time += static_cast<double>(s) * 3600;
      o.history_chunks = 60;
      o.keepalives = 50;
      sessions.push_back(testing::generateSession(o));
    }
    std::vector<const testing::GeneratedSession*> ptrs;
    for (const auto& s : sessions) ptrs.push_back(&s);
    i.pcap = testing::toPcap(ptrs, {});
    i.har = testing::toHar(ptrs);
    std::string keys = "{\"connections\": {";
    for (std::size_t s = 0; s < sessions.size(); ++s) {
      std::string e = testing::sessionKeyFile(sessions[s].secrets);
      keys += (s ? ", " : "") + std::string("\"") + std::to_string(51000 + s) + "\": " + e + ", \"" +
              std::to_string(s + 1) + "\": " + e;
    }
    keys += "}}";
    auto dir = std::filesystem::temp_directory_path() / "wa_wadecode_bench";
    std::filesystem::create_directories(dir);
    i.pcap_path = (dir / "sessions.pcap").string();
    i.har_path = (dir / "sessions.har").string();
    i.keys_path = (dir / "sessions.keys.json").string();
    std::ofstream(i.pcap_path, std::ios::binary) << i.pcap;
    std::ofstream(i.har_path, std::ios::binary) << i.har;
    std::ofstream(i.keys_path, std::ios::binary) << keys;
    i.keys = *crypto::parseKeyFile(keys);
    return i;
  }();
  return in;
}

// The whole pipeline of `wadecode --format jsonl`, writing to /dev/null.
void runPipeline(benchmark::State& state, const std::string& bytes) {
  const auto& in = inputs();
  wadecode::DecodeOptions options;
  options.format = "jsonl";
  std::FILE* null = std::fopen("/dev/null", "w");
  std::size_t records = 0, failed = 0;
  for (auto _ : state) {
    session::KeySources sources;
    sources.file = in.keys;
    session::CaptureKeys keys(std::move(sources));
    session::MessageDecoder decoder(keys, {});
    auto printer = wadecode::makeRecordPrinter(options, false, null);
    auto reader = wa::capture::openCaptureReader(wa::capture::makeMemorySource(bytes));
    wa::capture::CaptureMessage m;
    session::Record r;
    while ((*reader)->read(m)) {
      decoder.decode(m, r);
      printer->print(r);
      ++records;
      failed += r.error ? 1 : 0;
    }
    printer->flush();
  }
  std::fclose(null);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["records"] = static_cast<double>(records) / static_cast<double>(state.iterations());
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["MB"] = static_cast<double>(bytes.size()) / 1e6;
}

void BM_EndToEndPcapInProcess(benchmark::State& state) { runPipeline(state, inputs().pcap); }
void BM_EndToEndHarInProcess(benchmark::State& state) { runPipeline(state, inputs().har); }


// Wall seconds `command` took, or -1 when it failed (exit 1, failed records, still counts: the
// in-process cases report those).
double wallSeconds(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const int rc = std::system(command.c_str());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return rc == 0 || rc == 256 ? took.count() : -1.0;
}

void runCommand(benchmark::State& state, const std::string& command, std::size_t bytes) {
  for (auto _ : state) {
    if (wallSeconds(command) < 0) {
      state.SkipWithError(("command failed: " + command).c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

// The commands timed: wadecode to JSONL with the sessions' keys, and the tshark yardstick.
std::string wadecodeCommand(const std::string& capture_path) {
  return std::string(WA_WADECODE_PATH) + " --format jsonl -k " + inputs().keys_path + " " + capture_path + " > /dev/null";
}
std::string tsharkCommand() { return "tshark -r " + inputs().pcap_path + " -Y websocket -T ek > /dev/null 2>&1"; }

bool tsharkMissing(benchmark::State& state) {
  if (std::system("command -v tshark > /dev/null 2>&1") == 0) return false;
  state.SkipWithError("tshark is not installed (apt-get install tshark)");
  return true;
}

void BM_WadecodeBinaryPcap(benchmark::State& state) {
  runCommand(state, wadecodeCommand(inputs().pcap_path), inputs().pcap.size());
}

void BM_WadecodeBinaryHar(benchmark::State& state) {
  runCommand(state, wadecodeCommand(inputs().har_path), inputs().har.size());
}

// Both tools on the same pcap in the same run; `vs_tshark` is tshark's wall time over wadecode's
// (best of 3 for wadecode, one tshark run: it takes seconds).
void BM_WadecodeVsTsharkPcap(benchmark::State& state) {
  if (tsharkMissing(state)) return;
  const auto& in = inputs();
  const std::string wadecode = wadecodeCommand(in.pcap_path);
  const std::string tshark = tsharkCommand();
  double ours = 0, theirs = 0;
  for (auto _ : state) {
    ours = 1e9;
    for (int i = 0; i < 3; ++i) ours = std::min(ours, wallSeconds(wadecode));
    theirs = wallSeconds(tshark);
    if (ours <= 0 || theirs <= 0) {
      state.SkipWithError("a command failed");
      return;
    }
  }
  state.counters["wadecode_MB_per_s"] = static_cast<double>(in.pcap.size()) / 1e6 / ours;
  state.counters["tshark_MB_per_s"] = static_cast<double>(in.pcap.size()) / 1e6 / theirs;
  state.counters["vs_tshark"] = theirs / ours;
}

void BM_TsharkEkPcap(benchmark::State& state) {
  if (tsharkMissing(state)) return;
  runCommand(state, tsharkCommand(), inputs().pcap.size());
}

// Runs `a` and `b` alternately `runs` times (both see the same machine load) and keeps the fastest
// run of each; false when a run failed.
bool bestOfAlternating(const std::string& a, const std::string& b, int runs, wa::bench::ChildRun& best_a,
                       wa::bench::ChildRun& best_b) {
  for (int i = 0; i < runs; ++i) {
    const auto ra = wa::bench::runChild(a);
    const auto rb = wa::bench::runChild(b);
    if (ra.seconds < 0 || rb.seconds < 0) return false;
    if (i == 0 || ra.seconds < best_a.seconds) best_a = ra;
    if (i == 0 || rb.seconds < best_b.seconds) best_b = rb;
  }
  return true;
}

// The counters of a -j 1 against -j N comparison: the times, the speedup and the peak memory.
void setCoresCounters(benchmark::State& state, const wa::bench::ChildRun& one, const wa::bench::ChildRun& all) {
  state.counters["j1_s"] = one.seconds;
  state.counters["jN_s"] = all.seconds;
  state.counters["cores"] = wa::session::availableCores();
  state.counters["speedup"] = one.seconds / all.seconds;
  state.counters["j1_MiB"] = static_cast<double>(one.peak_rss_kib) / 1024;
  state.counters["jN_MiB"] = static_cast<double>(all.peak_rss_kib) / 1024;
}

// Both cores against one, and tshark, on the shared 50 MB pcap in the same run: `wadecode
// --format jsonl` with -j 1 and with its default (the cores available), best of 3 each, with the
// peak resident memory of each; tshark deframing the same pcap (`-Y websocket -T ek`) once.
// Targets: -j N at least 20x tshark; peak memory at most 64 MiB; -j 1 no slower than before.
void BM_WadecodeCoresVsTshark(benchmark::State& state) {
  const auto& c = wa::bench::largeCapture();
  const std::string wadecode = std::string(WA_WADECODE_PATH) + " --format jsonl -k " + c.keys_path + " " + c.pcap_path;
  const bool have_tshark = std::system("command -v tshark > /dev/null 2>&1") == 0;
  wa::bench::ChildRun one, all, tshark;
  for (auto _ : state) {
    if (!bestOfAlternating(wadecode + " -j 1", wadecode, 3, one, all)) {
      state.SkipWithError("wadecode failed");
      return;
    }
    if (have_tshark) tshark = wa::bench::runChild("tshark -r " + c.pcap_path + " -Y websocket -T ek");
  }
  state.counters["MB"] = static_cast<double>(c.pcap_bytes) / 1e6;
  setCoresCounters(state, one, all);
  if (tshark.seconds > 0) {
    state.counters["tshark_s"] = tshark.seconds;
    state.counters["vs_tshark_j1"] = tshark.seconds / one.seconds;
    state.counters["vs_tshark_jN"] = tshark.seconds / all.seconds;
  }
}

// Plaintext nodes (the 57 MB node hex file) to JSONL on one thread and on all cores, alternately,
// each the best of 5: the speedup of -j N, and the peak memory of each.
void BM_WadecodeCoresNodeHex(benchmark::State& state) {
  const std::string& path = wa::bench::largeNodeHex();
  const std::string wadecode = std::string(WA_WADECODE_PATH) + " --format jsonl " + path;
  wa::bench::ChildRun one, all;
  for (auto _ : state) {
    if (!bestOfAlternating(wadecode + " -j 1", wadecode, 5, one, all)) {
      state.SkipWithError("wadecode failed");
      return;
    }
  }
  state.counters["MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  setCoresCounters(state, one, all);
}

// One large session as a Chrome HAR (about 50 MB) with its keys as encKey/macKey, for the Baileys
// yardstick (its HAR decoder takes one pair of keys), written once under the temp folder.
struct OneSessionHar {
  std::string dir, har_path, keys_path;
  std::size_t har_bytes = 0, messages = 0;
};

const OneSessionHar& oneSessionHar() {
  static const OneSessionHar h = [] {
    OneSessionHar o;
    testing::SessionOptions opt;
    opt.seed = 2000;
    opt.contacts = 2000;
    opt.chats = 800;
    opt.history_chunks = 840;
    opt.live_messages = 28000;
    opt.client_messages = 2800;
    opt.presences = 4000;
    opt.keepalives = 700;
    const testing::GeneratedSession session = testing::generateSession(opt);
    const std::string har = testing::toHar({&session});
    const auto dir = std::filesystem::temp_directory_path() / "wa_wadecode_bench_baileys";
    std::filesystem::create_directories(dir);
    o.dir = dir.string();
    o.har_path = (dir / "session.har").string();
    o.keys_path = (dir / "session.keys.json").string();
    o.har_bytes = har.size();
    o.messages = session.messages.size();
    const std::string enc = crypto::base64Encode(session.secrets.keys.enc_key);
    const std::string mac = crypto::base64Encode(session.secrets.keys.mac_key);
    std::ofstream(o.har_path, std::ios::binary) << har;
    std::ofstream(o.keys_path, std::ios::binary) << "{\"encKey\": \"" << enc << "\", \"macKey\": \"" << mac << "\"}\n";
    // What lib/BrowserMessageDecoding.js reads from its working folder.
    std::ofstream(dir / "browser-messages.json", std::ios::binary)
        << "{\"bundle\": {\"encKey\": \"" << enc << "\", \"macKey\": \"" << mac << "\"}, \"harFilePath\": \""
        << o.har_path << "\"}\n";
    return o;
  }();
  return h;
}

// wadecode against the HAR decoder of the Baileys 3.5.3 npm package (lib/BrowserMessageDecoding.js,
// run with node: it decrypts every message and decodes its node to JSON) on the same HAR in the
// same run, each the best of 5 runs, interleaved: wadecode with its default threads and with -j 1,
// and Baileys (whose time varies by a quarter from run to run; on a shared virtual machine both
// drift by a tenth within a minute, and more runs of each make the two minimums comparable). An optional
// yardstick: WA_BAILEYS_DIR names a folder where `npm install @adiwajshing/baileys@3.5.3` was run;
// without it, or without node, the case is skipped with a message. `baileys_errors` counts the
// messages Baileys could not decode. Target: at least 30x.
void BM_WadecodeVsBaileysHar(benchmark::State& state) {
  const char* baileys_dir = std::getenv("WA_BAILEYS_DIR");
  const std::string script = std::string(baileys_dir ? baileys_dir : "") +
                             "/node_modules/@adiwajshing/baileys/lib/BrowserMessageDecoding.js";
  if (baileys_dir == nullptr || !std::filesystem::exists(script) ||
      std::system("command -v node > /dev/null 2>&1") != 0) {
    state.SkipWithError("Baileys is not installed: install nodejs and npm, run `npm install "
                        "@adiwajshing/baileys@3.5.3` in a folder, and set WA_BAILEYS_DIR to it");
    return;
  }
  const auto& h = oneSessionHar();
  const std::string ours = std::string(WA_WADECODE_PATH) + " --format jsonl -k " + h.keys_path + " " + h.har_path + " > /dev/null";
  const std::string theirs = "cd " + h.dir + " && node " + script + " > /dev/null";
  double all = 1e9, one = 1e9, baileys = 1e9;
  for (auto _ : state) {
    for (int i = 0; i < 5; ++i) {
      all = std::min(all, wallSeconds(ours));
      one = std::min(one, wallSeconds(ours + " -j 1"));
      baileys = std::min(baileys, wallSeconds(theirs));
    }
    if (all <= 0 || one <= 0 || baileys <= 0) {
      state.SkipWithError("a command failed");
      return;
    }
  }
  std::ifstream decoded(h.dir + "/decoded-ws.json", std::ios::binary);
  const std::string out((std::istreambuf_iterator<char>(decoded)), std::istreambuf_iterator<char>());
  std::size_t errors = 0;
  for (std::size_t at = out.find("\"error\":"); at != std::string::npos; at = out.find("\"error\":", at + 1)) ++errors;
  state.counters["MB"] = static_cast<double>(h.har_bytes) / 1e6;
  state.counters["messages"] = static_cast<double>(h.messages);
  state.counters["baileys_errors"] = static_cast<double>(errors);
  state.counters["wadecode_s"] = all;
  state.counters["wadecode_j1_s"] = one;
  state.counters["baileys_s"] = baileys;
  state.counters["vs_baileys"] = baileys / all;
  state.counters["vs_baileys_j1"] = baileys / one;
}

BENCHMARK(BM_EndToEndPcapInProcess)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_EndToEndHarInProcess)->Unit(benchmark::kMillisecond)->MinTime(2);
// Child processes: wall time is the measure (the benchmark's own CPU time excludes the child).
BENCHMARK(BM_WadecodeBinaryPcap)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_WadecodeBinaryHar)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_TsharkEkPcap)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_WadecodeVsTsharkPcap)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_WadecodeCoresVsTshark)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_WadecodeCoresNodeHex)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_WadecodeVsBaileysHar)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
