// What `wareplay serve` says at start about the recording's login (tools/wareplay/serve_notice.h).
#include <gtest/gtest.h>

#include "tools/wareplay_fixture.h"
#include "wareplay/serve_notice.h"

namespace wa::wareplay {
namespace {

std::shared_ptr<const ServeScript> scriptOf(const fixture::Recording& rec) {
  auto s = buildSession(rec.messages, rec.keys);
  EXPECT_TRUE(s) << s.error().message;
  return buildServeScript(std::make_shared<const Session>(std::move(*s)), 0);
}

std::string linesOf(const std::vector<ServeNotice>& notices) {
  std::string out;
  for (const auto& n : notices) out += (n.warning ? "warning: " : "") + n.text + "\n";
  return out;
}

TEST(WareplayServeNotice, NewLoginSaysWhatScansTheQr) {
  auto script = scriptOf(fixture::makeRecording({.login = fixture::Login::Qr, .gap = 2}));
  EXPECT_EQ(linesOf(startNotices(*script, {}, "")),
            "warning: new login: every connection waits for a scan of its QR, and nothing can scan it: serve with "
            "--auto-scan, or with --control ADDR:PORT and POST the QR text to /scan\n");
  EXPECT_EQ(linesOf(startNotices(*script, {}, "http://127.0.0.1:8081/scan")),
            "new login: waiting for a scan: POST each QR text to http://127.0.0.1:8081/scan (wareplay client --scan "
            "does), or serve with --auto-scan\n");
  EXPECT_EQ(linesOf(startNotices(*script, {.pacing = {.speed = 0}, .auto_scan = true}, "")),
            "new login: --auto-scan scans each QR as soon as it is shown, for the recording's key pair (a client "
            "with a key pair of its own needs --control and POST /scan)\n");
  EXPECT_EQ(linesOf(startNotices(*script, {.pacing = {.speed = 1}, .auto_scan = true}, "http://127.0.0.1:8081/scan")),
            "new login: --auto-scan scans each QR 2.000s after it is shown, for the recording's key pair (a client "
            "with a key pair of its own: POST its QR text to http://127.0.0.1:8081/scan)\n");
}

TEST(WareplayServeNotice, RestoreNamesTheTokensAndTheChallenge) {
  auto script = scriptOf(fixture::makeRecording({.login = fixture::Login::Restore}));
  EXPECT_EQ(linesOf(startNotices(*script, {}, "")),
            "restore: the client must send the recorded tokens (clientToken, serverToken, clientId)\n");
  EXPECT_EQ(linesOf(startNotices(*script, {.challenge = true}, "")),
            "restore: the client must send the recorded tokens (clientToken, serverToken, clientId), then answer a "
            "challenge with the recording's macKey\n");
  EXPECT_EQ(linesOf(startNotices(*script, {.login_status = 409}, "")),
            "restore: every login is refused with 409 (--login-status)\n");
  EXPECT_EQ(linesOf(startNotices(*script, {.auto_scan = true}, "")),
            "restore: the client must send the recorded tokens (clientToken, serverToken, clientId)\n"
            "warning: --auto-scan does nothing here: the recording restores a session, no QR is shown\n");
}

TEST(WareplayServeNotice, NoLogin) {
  auto script = scriptOf(fixture::makeRecording({.login = fixture::Login::None}));
  EXPECT_EQ(linesOf(startNotices(*script, {}, "")), "no login recorded: the script starts when a client connects\n");
}

}  // namespace
}  // namespace wa::wareplay
