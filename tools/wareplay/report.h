// The client's verdict: matched, differing, missing and unexpected messages, as text or JSON.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wa::wareplay {

enum class Verdict : std::uint8_t { Matched, Differs, Missing, Unexpected };

std::string_view toString(Verdict verdict) noexcept;  // "matched", "differs", "missing", "unexpected"

/// One server message of the recording (or one live message no recording matched).
struct ReportEntry {
  Verdict verdict = Verdict::Matched;
  std::optional<std::size_t> recorded;  ///< index in the session (none for Unexpected)
  std::string recorded_tag;
  std::string live_tag;
  std::string key;      ///< matchKey() of the message
  double at = 0;        ///< seconds since the connection opened (when it arrived; 0 for Missing)
  std::string diff;     ///< Differs: unified diff recorded -> live
  std::string content;  ///< Unexpected: the live message's rendering
};

/// Send-time errors (actual minus due) of paced sends, in microseconds.
struct TimingSummary {
  std::size_t count = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
};

/// Percentiles of `errors_us` (which it sorts); zeros when empty.
TimingSummary summarizeTiming(std::vector<double>& errors_us);

/// Why a replay that timed out was stuck: the recorded server message it waited for and, when the
/// client can tell, the likely cause.
struct StalledWait {
  double timeout = 0;         ///< seconds without progress (--timeout)
  std::size_t recorded = 0;   ///< index in the session of the awaited server message
  std::string tag;            ///< its recorded tag
  std::string key;            ///< its matchKey()
  std::optional<double> due;  ///< paced replays: when the recording made it due, seconds since open
  /// "scan" (a QR login nobody scanned), "login-refused", "pacing" (the recorded gap before it is
  /// longer than the wait), or empty when unknown.
  std::string cause;
  std::string explanation;  ///< the likely cause in words; empty when unknown
};

struct Report {
  std::string session;  ///< the recording's file name
  std::string url;
  std::vector<ReportEntry> entries;  ///< recorded order, then unexpected ones in arrival order
  std::size_t sent = 0;              ///< recorded client messages sent
  std::size_t not_sent = 0;          ///< recorded client messages never sent (replay stopped)
  std::size_t keepalives = 0;        ///< live keep-alives sent
  std::size_t pongs = 0;             ///< keep-alive answers received
  bool timed_out = false;            ///< a wait hit --timeout
  std::optional<StalledWait> stalled;  ///< set with timed_out
  std::string network_error;         ///< set when the connection failed
  TimingSummary timing;
  double elapsed = 0;  ///< seconds from open to close

  [[nodiscard]] std::size_t count(Verdict verdict) const noexcept;
};

/// Exit status: 3 network error, 4 timeout, 1 any differing, missing or unexpected message, else 0.
int exitCodeFor(const Report& report) noexcept;

/// Human-readable report: one line per message that is not matched (with its diff), then totals.
/// `all` lists matched messages too.
std::string renderReportText(const Report& report, bool all);
/// "timed out after S without progress, waiting for #N tag T (KEY)[, due at Ds]".
std::string describeStall(const StalledWait& stall);

/// One JSON document: {"session","url","summary":{...},"timing":{...},"timeout":{...}|null,"messages":[...]}.
std::string renderReportJson(const Report& report);

}  // namespace wa::wareplay
