// What `wareplay serve` says when it starts: the login a client must make to get the recording
// played, and what stands in its way (a new login that nothing can scan).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wareplay/serve_script.h"
#include "wareplay/server_player.h"

namespace wa::wareplay {

struct ServeNotice {
  bool warning = false;  ///< nothing can get past the login as configured, or an option does nothing
  std::string text;
};

/// The start lines for `script` served with `options`; `scan_url` is the control endpoint's
/// POST /scan URL, empty without --control.
std::vector<ServeNotice> startNotices(const ServeScript& script, const ServeOptions& options,
                                      std::string_view scan_url);

}  // namespace wa::wareplay
