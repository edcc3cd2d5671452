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

/// Seconds of wall time `command` (run by /bin/sh) took, or a negative number when it failed.
double wallSeconds(const std::string& command);

/// `command` prefixed to run as the unprivileged user nobody when this process is root (tshark
/// ignores plugin folders for root), with HOME set to a folder that user can write.
std::string asUnprivileged(const std::string& command);

}  // namespace wa::bench
