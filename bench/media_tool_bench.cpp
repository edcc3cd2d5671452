// `wamedia decrypt` end to end, as a child process on a generated file, beside `openssl enc -d
// -aes-256-cbc` plus `openssl dgst -sha256 -hmac` on the same bytes in the same run; wall time, the
// children's CPU time and their peak RSS (getrusage of the child).
//
//   build/bench/media_tool_bench                      256 MiB (WA_MEDIA_BENCH_MIB to change)
//   build/bench/media_tool_bench --benchmark_filter=Rss   the 1 GiB peak-RSS runs
//
// wamedia is taken from $WAMEDIA or ../tools/wamedia next to this binary (build it first);
// openssl from $OPENSSL or the PATH. Files go to a fresh folder under $TMPDIR (or /tmp) and are
// removed at the end. Counters: bytes_per_second from wall time (manual time); cpu_GBps = bytes /
// (user + system CPU of the child), which a loaded machine disturbs much less; rss_MiB = the
// child's peak resident set; vs_openssl = wamedia's wall speed / openssl's (both in the same
// iteration, alternating).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "wa/crypto/media.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using wa::crypto::Bytes;

constexpr std::uint64_t kMiB = 1 << 20;

struct ChildRun {
  double wall = 0;  // seconds
  double cpu = 0;   // user + system seconds
  double rss_mib = 0;
  int status = -1;
};

// Runs argv with stdin/stdout redirected to files ("" = inherit), waits, and measures it.
ChildRun run(const std::vector<std::string>& argv, const std::string& in, const std::string& out) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!in.empty()) posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in.c_str(), O_RDONLY, 0);
  if (!out.empty()) posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ChildRun r;
  pid_t pid = 0;
  const auto start = std::chrono::steady_clock::now();
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return r;
  }
  rusage usage{};
  int status = 0;
  wait4(pid, &status, 0, &usage);
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  r.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  r.rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string wamediaPath() {
  if (const char* env = std::getenv("WAMEDIA")) return env;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (const char* rel : {"../tools/wamedia", "../tools/wamedia/wamedia"}) {
    const fs::path p = self.parent_path() / rel;
    if (fs::is_regular_file(p)) return fs::weakly_canonical(p).string();
  }
  return "wamedia";
}

std::string openSslPath() {
  const char* env = std::getenv("OPENSSL");
  return env ? env : "openssl";
}

// A generated encrypted file of `mib` MiB: enc (ct || mac) for wamedia and ct alone (whole blocks)
// for openssl, written chunk by chunk (nothing the size of the file in memory), in a folder
// removed when the process ends.
struct MediaFile {
  std::uint64_t plain_size = 0;
  std::string enc, ct;
  std::string key_arg;       // hex:<mediaKey> for wamedia
  std::string cipher_hex, iv_hex, mac_hex;  // for openssl
};

class Workspace {
 public:
  static Workspace& get() {
    static Workspace w;
    return w;
  }
  ~Workspace() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }

  const MediaFile& file(std::uint64_t mib) {
    auto it = files_.find(mib);
    if (it != files_.end()) return it->second;
    return files_.emplace(mib, make(mib)).first->second;
  }

 private:
  Workspace() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/wamedia-bench.XXXXXX";
    if (mkdtemp(pattern.data())) dir_ = pattern;
  }

  MediaFile make(std::uint64_t mib) const {
    MediaFile f;
    wa::crypto::Key32 media_key{};
    for (std::size_t i = 0; i < media_key.size(); ++i) media_key[i] = static_cast<std::uint8_t>(0xa0 + i);
    const auto type = wa::crypto::MediaType::Document;  // no sidecar to build while generating
    const auto keys = *wa::crypto::expandMediaKey(media_key, type);
    f.key_arg = "hex:" + wa::crypto::hexEncode(media_key);
    f.cipher_hex = wa::crypto::hexEncode(keys.cipher_key);
    f.iv_hex = wa::crypto::hexEncode(keys.iv);
    f.mac_hex = wa::crypto::hexEncode(keys.mac_key);
    f.enc = dir_ + "/" + std::to_string(mib) + "MiB.enc";
    f.ct = dir_ + "/" + std::to_string(mib) + "MiB.ct";
    f.plain_size = mib * kMiB - 1;  // not a whole block: the padding is a real partial block
    std::ofstream enc(f.enc, std::ios::binary), ct(f.ct, std::ios::binary);
    wa::crypto::MediaEncryptStream stream(keys, type);
    Bytes plain(kMiB);
    for (std::size_t i = 0; i < plain.size(); ++i) plain[i] = static_cast<std::uint8_t>(i * 131 % 251);
    Bytes out(wa::crypto::MediaEncryptStream::outputBound(kMiB));
    for (std::uint64_t left = f.plain_size; left > 0;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, kMiB));
      const std::size_t got = *stream.updateInto(wa::crypto::ByteView(plain).first(n), out);
      enc.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(got));
      ct.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(got));
      left -= n;
    }
    std::size_t tail = 0;
    (void)stream.finishInto(out, tail);
    enc.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(tail));
    ct.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(tail - wa::crypto::kMediaMacSize));
    return f;
  }

  std::string dir_;
  std::map<std::uint64_t, MediaFile> files_;
};

std::uint64_t benchMib() {
  const char* env = std::getenv("WA_MEDIA_BENCH_MIB");
  return env ? std::strtoull(env, nullptr, 10) : 256;
}

// ToStdoutVerifyFirst writes to /dev/null; ToStdoutVerifyFirstPipe to a pipe that cat drains into
// /dev/null (the pipe's copies and cat's CPU time count); StdinToStdoutVerifyFirst reads a pipe,
// so wamedia spools it into $TMPDIR before the two passes.
enum class Mode {
  ToFile,
  ToStdoutVerifyFirst,
  ToStdoutStreaming,
  PipeToFile,
  ToStdoutVerifyFirstPipe,
  StdinToStdoutVerifyFirst
};

std::vector<std::string> wamediaArgs(const MediaFile& f, Mode mode, const std::string& out) {
  std::vector<std::string> a{wamediaPath(), "decrypt", "--type", "document", "--key", f.key_arg, "--progress", "never"};
  if (mode != Mode::PipeToFile) a.push_back(f.enc);
  a.push_back("-o");
  a.push_back(mode == Mode::ToFile || mode == Mode::PipeToFile ? out : "-");
  if (mode == Mode::ToStdoutStreaming) a.push_back("--no-verify-first");
  return a;
}

// One wamedia run; the output file (if any) is removed afterwards, outside the measurement.
ChildRun runWamedia(const MediaFile& f, Mode mode) {
  const std::string out = Workspace::get().dir() + "/out.bin";
  ChildRun r;
  const std::string decrypt =
      fmt::format("'{}' decrypt --type document --key {} --progress never", wamediaPath(), f.key_arg);
  if (mode == Mode::PipeToFile) {
    // A real pipe: cat feeds stdin, wamedia reads it in order (the wall time includes cat's).
    r = run({"/bin/sh", "-c", fmt::format("cat '{}' | {} -o '{}'", f.enc, decrypt, out)}, "", "");
  } else if (mode == Mode::ToStdoutVerifyFirstPipe) {
    // pipefail: the status is wamedia's, not cat's.
    r = run({"/bin/bash", "-o", "pipefail", "-c", fmt::format("{} '{}' -o - | cat > /dev/null", decrypt, f.enc)}, "",
            "");
  } else if (mode == Mode::StdinToStdoutVerifyFirst) {
    r = run({"/bin/sh", "-c", fmt::format("cat '{}' | {} - -o - > /dev/null", f.enc, decrypt)}, "", "");
  } else {
    r = run(wamediaArgs(f, mode, out), "", mode == Mode::ToFile ? "" : "/dev/null");
  }
  std::error_code ec;
  if (r.status == 0 && (mode == Mode::ToFile || mode == Mode::PipeToFile) && fs::file_size(out, ec) != f.plain_size) {
    r.status = 99;
  }
  fs::remove(out, ec);
  return r;
}

// openssl enc -d -aes-256-cbc and openssl dgst -sha256 -hmac over the same ciphertext, one after
// the other (as a script would), summed.
ChildRun runOpenSsl(const MediaFile& f) {
  const ChildRun aes = run({openSslPath(), "enc", "-d", "-aes-256-cbc", "-K", f.cipher_hex, "-iv", f.iv_hex, "-in",
                            f.ct, "-out", "/dev/null"},
                           "", "");
  const ChildRun mac = run({openSslPath(), "dgst", "-sha256", "-hmac", f.mac_hex, f.ct}, "", "/dev/null");
  ChildRun sum;
  sum.wall = aes.wall + mac.wall;
  sum.cpu = aes.cpu + mac.cpu;
  sum.rss_mib = std::max(aes.rss_mib, mac.rss_mib);
  sum.status = aes.status != 0 ? aes.status : mac.status;
  return sum;
}

void report(benchmark::State& state, const MediaFile& f, double cpu, double rss, int runs) {
  state.SetBytesProcessed(static_cast<std::int64_t>(f.plain_size) * runs);
  state.counters["cpu_GBps"] = cpu > 0 ? static_cast<double>(f.plain_size) * runs / cpu / 1e9 : 0;
  state.counters["rss_MiB"] = rss;
}

// Times one child process per iteration (`run`, named `what` in errors) on `f`.
template <class Run>
void benchChild(benchmark::State& state, const MediaFile& f, const char* what, Run run) {
  double cpu = 0, rss = 0;
  int runs = 0;
  for (auto _ : state) {
    const ChildRun r = run();
    if (r.status != 0) {
      state.SkipWithError((std::string(what) + " exited with " + std::to_string(r.status)).c_str());
      break;
    }
    state.SetIterationTime(r.wall);
    cpu += r.cpu;
    rss = std::max(rss, r.rss_mib);
    ++runs;
  }
  report(state, f, cpu, rss, runs);
}

void benchWamedia(benchmark::State& state, Mode mode, std::uint64_t mib) {
  const MediaFile& f = Workspace::get().file(mib);
  benchChild(state, f, "wamedia", [&] { return runWamedia(f, mode); });
}

void BM_WamediaDecryptToFile(benchmark::State& state) { benchWamedia(state, Mode::ToFile, benchMib()); }
void BM_WamediaDecryptToStdout(benchmark::State& state) { benchWamedia(state, Mode::ToStdoutVerifyFirst, benchMib()); }
void BM_WamediaDecryptToStdoutNoVerifyFirst(benchmark::State& state) {
  benchWamedia(state, Mode::ToStdoutStreaming, benchMib());
}
void BM_WamediaDecryptPipeToFile(benchmark::State& state) { benchWamedia(state, Mode::PipeToFile, benchMib()); }
void BM_WamediaDecryptToStdoutPipe(benchmark::State& state) {
  benchWamedia(state, Mode::ToStdoutVerifyFirstPipe, benchMib());
}
void BM_WamediaDecryptStdinToStdout(benchmark::State& state) {
  benchWamedia(state, Mode::StdinToStdoutVerifyFirst, benchMib());
}

void BM_OpenSslAesPlusHmac(benchmark::State& state) {
  const MediaFile& f = Workspace::get().file(benchMib());
  benchChild(state, f, "openssl", [&] { return runOpenSsl(f); });
}

// wamedia (to a file) and the openssl pair alternately, so both see the same machine load.
void BM_WamediaVsOpenSsl(benchmark::State& state) {
  const MediaFile& f = Workspace::get().file(benchMib());
  double wamedia_wall = 0, openssl_wall = 0, wamedia_cpu = 0, openssl_cpu = 0;
  for (auto _ : state) {
    const ChildRun w = runWamedia(f, Mode::ToFile);
    const ChildRun o = runOpenSsl(f);
    if (w.status != 0 || o.status != 0) {
      state.SkipWithError("a child failed");
      break;
    }
    state.SetIterationTime(w.wall);
    wamedia_wall += w.wall;
    openssl_wall += o.wall;
    wamedia_cpu += w.cpu;
    openssl_cpu += o.cpu;
  }
  const double bytes = static_cast<double>(f.plain_size) * static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["wamedia_GBps"] = wamedia_wall > 0 ? bytes / wamedia_wall / 1e9 : 0;
  state.counters["openssl_GBps"] = openssl_wall > 0 ? bytes / openssl_wall / 1e9 : 0;
  state.counters["vs_openssl"] = wamedia_wall > 0 ? openssl_wall / wamedia_wall : 0;
  state.counters["cpu_vs_openssl"] = wamedia_cpu > 0 ? openssl_cpu / wamedia_cpu : 0;
}

// Peak RSS for 1 GiB in each mode (one iteration each; the file is generated once).
void BM_RssDecrypt1GiB(benchmark::State& state) {
  benchWamedia(state, static_cast<Mode>(state.range(0)), 1024);
}

BENCHMARK(BM_WamediaDecryptToFile)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_WamediaDecryptToStdout)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_WamediaDecryptToStdoutNoVerifyFirst)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_WamediaDecryptPipeToFile)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_WamediaDecryptToStdoutPipe)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_WamediaDecryptStdinToStdout)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_OpenSslAesPlusHmac)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_WamediaVsOpenSsl)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_RssDecrypt1GiB)
    ->ArgName("mode")
    ->Arg(static_cast<int>(Mode::ToFile))
    ->Arg(static_cast<int>(Mode::ToStdoutVerifyFirst))
    ->Arg(static_cast<int>(Mode::ToStdoutStreaming))
    ->Arg(static_cast<int>(Mode::PipeToFile))
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
