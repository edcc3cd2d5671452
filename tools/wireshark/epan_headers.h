// Wireshark's C headers, for the files of the plugin that talk to epan (the others stay free of
// them). Wireshark reports errors in dissectors by longjmp (THROW): a function that calls into
// epan keeps no local with a destructor, so that nothing is skipped when an exception passes.
#pragma once

#if defined(__GNUC__)
#pragma GCC system_header
#endif

#include <wireshark.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-http.h>
#include <wsutil/report_message.h>
