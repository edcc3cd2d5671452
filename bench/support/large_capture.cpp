// The shared large capture of the end-to-end benchmarks.
#include "large_capture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "wa/codec/node/encoder.h"
#include "wa/support/text/hex.h"
#include "wa/testing/generator/node_corpus.h"
#include "wa/testing/generator/session_writers.h"

namespace wa::bench {

const LargeCapture& largeCapture(std::size_t min_bytes) {
  static const LargeCapture capture = [min_bytes] {
    std::vector<testing::GeneratedSession> sessions;
    std::string pcap;
    // Each session adds about 3 MB of pcap: the sizes of `wa-corpus-gen session --size large`.
    while (pcap.size() < min_bytes) {
      testing::SessionOptions o = testing::withLargeSizes({});
      o.seed = 1000 + sessions.size();
      o.start_time += static_cast<double>(sessions.size()) * 3600;
      sessions.push_back(testing::generateSession(o));
      std::vector<const testing::GeneratedSession*> ptrs;
      for (const auto& s : sessions) ptrs.push_back(&s);
      if (sessions.size() % 4 == 0 || sessions.size() > 12) pcap = testing::toPcap(ptrs, {});
    }
    std::string keys = "{\"connections\": {";
    for (std::size_t s = 0; s < sessions.size(); ++s)
      keys += (s ? ", \"" : "\"") + std::to_string(51000 + s) + "\": " + testing::sessionKeyFile(sessions[s].secrets);
    keys += "}}";
    const auto dir = std::filesystem::temp_directory_path() / "wa_bench_large";
    std::filesystem::create_directories(dir);
    LargeCapture c;
    c.pcap_path = (dir / "sessions.pcap").string();
    c.keys_path = (dir / "sessions.keys.json").string();
    c.pcap_bytes = pcap.size();
    c.sessions = sessions.size();
    std::ofstream(c.pcap_path, std::ios::binary) << pcap;
    std::ofstream(c.keys_path, std::ios::binary) << keys;
    using std::filesystem::perms;
    std::filesystem::permissions(dir, perms::owner_all | perms::group_read | perms::group_exec | perms::others_read |
                                          perms::others_exec);
    for (const auto& p : {c.pcap_path, c.keys_path})
      std::filesystem::permissions(p, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
    return c;
  }();
  return capture;
}

const std::string& largeNodeHex() {
  static const std::string path = [] {
    testing::NodeGenerator generator(1);
    std::string hex;
    for (int i = 0; i < 7200; ++i) {
      support::appendHex(hex, *codec::encodeNode(generator.mixed(), codec::EncodeStyle::Server));
      hex += '\n';
    }
    const auto dir = std::filesystem::temp_directory_path() / "wa_bench_large";
    std::filesystem::create_directories(dir);
    const auto file = (dir / "nodes.hex").string();
    std::ofstream(file, std::ios::binary) << hex;
    return file;
  }();
  return path;
}

double wallSeconds(const std::string& command) {
  const auto start = std::chrono::steady_clock::now();
  const int rc = std::system(command.c_str());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return rc == 0 ? took.count() : -1.0;
}

ChildRun runChild(const std::string& program) {
  ChildRun run;
  static const bool have_time = access("/usr/bin/time", X_OK) == 0;
  const auto report = std::filesystem::temp_directory_path() / "wa_bench_time.txt";
  const std::string command = have_time ? "/usr/bin/time -f %M -o " + report.string() + " " + program + " > /dev/null"
                                        : program + " > /dev/null";
  const auto start = std::chrono::steady_clock::now();
  const int rc = std::system(command.c_str());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  run.exit_status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  run.seconds = run.exit_status == 0 ? took.count() : -1;
  if (have_time) {
    std::ifstream in(report);
    in >> run.peak_rss_kib;
  }
  return run;
}

std::string asUnprivileged(const std::string& command) {
  static const std::string home = [] {
    const auto dir = std::filesystem::temp_directory_path() / "wa_bench_home";
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir, std::filesystem::perms::all);
    return dir.string();
  }();
  if (geteuid() != 0) return "env HOME=" + home + " " + command;
  return "setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=" + home + " " + command;
}

}  // namespace wa::bench
