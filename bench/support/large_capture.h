// The large capture the end-to-end benchmarks share: generated sessions in one pcap of at least
// 50 MB, with a key file that names each connection by its client port.
#pragma once

#include <cstddef>
#include <string>

namespace wa::bench {

struct LargeCapture {
  std::string pcap_path;  ///< <temp>/wa_bench_large/sessions.pcap
  std::string keys_path;  ///< the key file for it (keys per connection)
  std::size_t pcap_bytes = 0;
  std::size_t sessions = 0;
};

/// Generates (once per process, deterministically) sessions until their pcap holds at least
/// `min_bytes`, and writes the pcap and its key file, readable by every user (the Wireshark
/// benchmark runs tshark as an unprivileged user when run as root).
const LargeCapture& largeCapture(std::size_t min_bytes = 50'000'000);

/// 7,200 generated plaintext nodes (about 57 MB as hex lines), one per line, written once per
/// process to <temp>/wa_bench_large/nodes.hex; returns the path.
const std::string& largeNodeHex();

/// Seconds of wall time `command` (run by /bin/sh) took, or a negative number when it failed.
double wallSeconds(const std::string& command);

/// What running a command cost.
struct ChildRun {
  double seconds = -1;    ///< wall time; negative when the command could not run
  long peak_rss_kib = 0;  ///< the program's peak resident memory; 0 when /usr/bin/time is missing
  int exit_status = -1;
};
/// Runs `program` (a command line without redirections; its standard output is discarded) under
/// /usr/bin/time (Debian package time), which reports the program's own peak memory (a fork of the
/// benchmark would report the benchmark's, whose pages it shares until exec); without it, the
/// wall time only.
ChildRun runChild(const std::string& program);

/// `command` prefixed to run as the unprivileged user nobody when this process is root (tshark
/// ignores plugin folders for root), with HOME set to a folder that user can write.
std::string asUnprivileged(const std::string& command);

}  // namespace wa::bench
