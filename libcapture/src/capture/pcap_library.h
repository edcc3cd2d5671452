// libpcap, loaded when the first pcap or pcapng file is read rather than when the program starts.
//
// Linked at start, libpcap brings eight libraries of its own (libdbus, libsystemd, libgcrypt,
// liblzma, libzstd, liblz4, libcap, libgpg-error) for live capture, which the readers never use:
// 1.2-1.4 ms of every start of every tool (measured: wadecode --version 5.0 -> 3.6 ms), more than
// a quarter of wadecode's start on a HAR or a frame.
#pragma once

#include <string>

#include <pcap/pcap.h>

#include <tl/expected.hpp>

namespace wa::capture::detail {

/// The libpcap functions the pcap reader calls (the declarations of <pcap/pcap.h>).
struct PcapLibrary {
  decltype(&::pcap_fopen_offline_with_tstamp_precision) fopen_offline_with_tstamp_precision = nullptr;
  decltype(&::pcap_next_ex) next_ex = nullptr;
  decltype(&::pcap_geterr) geterr = nullptr;
  decltype(&::pcap_close) close = nullptr;
  decltype(&::pcap_datalink) datalink = nullptr;
  decltype(&::pcap_datalink_val_to_name) datalink_val_to_name = nullptr;
};

/// libpcap, loaded at the first call (thread-safe) and kept for the life of the process. Tries the
/// names it has under Debian and Ubuntu (libpcap.so.0.8), other distributions (libpcap.so.1) and
/// the development link (libpcap.so). On failure, what the loader said, for every call after too.
tl::expected<const PcapLibrary*, std::string> pcapLibrary();

}  // namespace wa::capture::detail
