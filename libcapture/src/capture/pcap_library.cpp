#include "capture/pcap_library.h"

#include <dlfcn.h>

#include <type_traits>

#include <fmt/format.h>

namespace wa::capture::detail {
namespace {

tl::expected<PcapLibrary, std::string> load() {
  void* handle = nullptr;
  std::string tried;
  for (const char* name : {"libpcap.so.0.8", "libpcap.so.1", "libpcap.so"}) {
    handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) break;
    const char* why = ::dlerror();
    tried += fmt::format("{}{}", tried.empty() ? "" : "; ", why != nullptr ? why : name);
  }
  if (handle == nullptr) return tl::unexpected(fmt::format("reading pcap and pcapng files needs libpcap: {}", tried));
  PcapLibrary lib;
  std::string missing;
  auto bind = [&](auto& fn, const char* symbol) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(handle, symbol));
    if (fn == nullptr) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", symbol);
  };
  bind(lib.fopen_offline_with_tstamp_precision, "pcap_fopen_offline_with_tstamp_precision");
  bind(lib.next_ex, "pcap_next_ex");
  bind(lib.geterr, "pcap_geterr");
  bind(lib.close, "pcap_close");
  bind(lib.datalink, "pcap_datalink");
  bind(lib.datalink_val_to_name, "pcap_datalink_val_to_name");
  if (!missing.empty()) {
    ::dlclose(handle);
    return tl::unexpected(fmt::format("the libpcap found lacks {}", missing));
  }
  return lib;  // the handle stays open: the functions are used until the process ends
}

}  // namespace

tl::expected<const PcapLibrary*, std::string> pcapLibrary() {
  static const tl::expected<PcapLibrary, std::string> library = load();
  if (!library) return tl::unexpected(library.error());
  return &*library;
}

}  // namespace wa::capture::detail
