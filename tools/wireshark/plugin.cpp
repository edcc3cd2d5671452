// The entry points Wireshark's plugin loader looks up in waweb.so: the version it was built for
// and plugin_register(), which hands over the protocol's two registration steps.
#include "epan_headers.h"

namespace wa::wireshark {
void registerProtocol();
void registerHandoff();
}  // namespace wa::wireshark

extern "C" {
// `extern`: a const object at namespace scope would otherwise have internal linkage in C++.
WS_DLL_PUBLIC_DEF extern const gchar plugin_version[];
WS_DLL_PUBLIC_DEF extern const int plugin_want_major;
WS_DLL_PUBLIC_DEF extern const int plugin_want_minor;
const gchar plugin_version[] = WA_PLUGIN_VERSION;
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void) {
  static proto_plugin plugin;
  plugin.register_protoinfo = [] { wa::wireshark::registerProtocol(); };
  plugin.register_handoff = [] { wa::wireshark::registerHandoff(); };
  proto_register_plugin(&plugin);
}
}
