// serve's start lines.
#include "wareplay/serve_notice.h"

#include <fmt/format.h>

namespace wa::wareplay {
namespace {

std::string afterQr(Duration delay) {
  if (delay <= Duration::zero()) return "as soon as it is shown";
  return fmt::format("{:.3f}s after it is shown", std::chrono::duration<double>(delay).count());
}

}  // namespace

std::vector<ServeNotice> startNotices(const ServeScript& script, const ServeOptions& options,
                                      std::string_view scan_url) {
  std::vector<ServeNotice> notices;
  switch (loginKind(*script.session)) {
    case LoginKind::None:
      notices.push_back({false, "no login recorded: the script starts when a client connects"});
      break;
    case LoginKind::Restore: {
      if (options.login_status) {
        notices.push_back(
            {false, fmt::format("restore: every login is refused with {} (--login-status)", *options.login_status)});
      } else {
        std::string text = "restore: the client must send the recorded tokens (clientToken, serverToken, clientId)";
        if (options.challenge) text += ", then answer a challenge with the recording's macKey";
        notices.push_back({false, std::move(text)});
      }
      if (options.auto_scan)
        notices.push_back({true, "--auto-scan does nothing here: the recording restores a session, no QR is shown"});
      break;
    }
    case LoginKind::NewLogin: {
      if (options.auto_scan) {
        std::string text = fmt::format("new login: --auto-scan scans each QR {}, for the recording's key pair",
                                       afterQr(autoScanDelay(script, options)));
        text += scan_url.empty()
                    ? " (a client with a key pair of its own needs --control and POST /scan)"
                    : fmt::format(" (a client with a key pair of its own: POST its QR text to {})", scan_url);
        notices.push_back({false, std::move(text)});
      } else if (!scan_url.empty()) {
        notices.push_back({false, fmt::format("new login: waiting for a scan: POST each QR text to {} "
                                              "(wareplay client --scan does), or serve with --auto-scan",
                                              scan_url)});
      } else {
        notices.push_back({true,
                           "new login: every connection waits for a scan of its QR, and nothing can scan "
                           "it: serve with --auto-scan, or with --control ADDR:PORT and POST the QR text "
                           "to /scan"});
      }
      break;
    }
  }
  return notices;
}

}  // namespace wa::wareplay
