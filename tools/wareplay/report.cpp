// Rendering the client's report.
#include "wareplay/report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/exit_codes.h"
#include "wa/support/text/display.h"

namespace wa::wareplay {

std::string_view toString(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::Matched: return "matched";
    case Verdict::Differs: return "differs";
    case Verdict::Missing: return "missing";
    case Verdict::Unexpected: return "unexpected";
  }
  return "?";
}

TimingSummary summarizeTiming(std::vector<double>& errors_us) {
  TimingSummary s;
  s.count = errors_us.size();
  if (errors_us.empty()) return s;
  std::sort(errors_us.begin(), errors_us.end());
  auto pick = [&](double q) {
    auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(errors_us.size()))) ;
    return errors_us[std::min(errors_us.size() - 1, i == 0 ? 0 : i - 1)];
  };
  s.p50_us = pick(0.50);
  s.p99_us = pick(0.99);
  s.max_us = errors_us.back();
  return s;
}

std::size_t Report::count(Verdict verdict) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(entries.begin(), entries.end(), [&](const ReportEntry& e) { return e.verdict == verdict; }));
}

int exitCodeFor(const Report& report) noexcept {
  if (!report.network_error.empty()) return tools::kExitIo;
  if (report.timed_out) return tools::kExitTimeout;
  if (report.count(Verdict::Differs) || report.count(Verdict::Missing) || report.count(Verdict::Unexpected))
    return tools::kExitRecordsFailed;
  return tools::kExitOk;
}

std::string describeStall(const StalledWait& stall) {
  auto escaped = support::DisplayEscapeOptions{.escape_backslash = true};
  std::string out =
      fmt::format("timed out after {:.3f}s without progress, waiting for #{} tag {} ({})", stall.timeout,
                  stall.recorded, support::displayText(stall.tag, escaped), support::displayText(stall.key));
  if (stall.due) out += fmt::format(", due at {:.3f}s", *stall.due);
  return out;
}

std::string renderReportText(const Report& report, bool all) {
  std::string out;
  for (const auto& e : report.entries) {
    if (e.verdict == Verdict::Matched && !all) continue;
    std::string where = e.recorded ? fmt::format("#{}", *e.recorded) : std::string("live");
    std::string tag = e.verdict == Verdict::Unexpected ? e.live_tag : e.recorded_tag;
    // Tags, keys and bodies come from the recording and the live peer: shown escaped.
    out += fmt::format("{:<10} {:<6} tag {} ({})", toString(e.verdict), where,
                       support::displayText(tag, support::DisplayEscapeOptions{.escape_backslash = true}),
                       support::displayText(e.key));
    if (e.verdict == Verdict::Differs || e.verdict == Verdict::Unexpected)
      out += fmt::format(" at {:.3f}s", e.at);
    out += '\n';
    const std::string& body = e.verdict == Verdict::Differs ? e.diff : e.content;
    if (!body.empty()) {
      std::size_t start = 0;
      while (start < body.size()) {
        auto nl = body.find('\n', start);
        if (nl == std::string::npos) nl = body.size();
        out += "    ";
        support::appendDisplayText(out, std::string_view(body).substr(start, nl - start));
        out += '\n';
        start = nl + 1;
      }
    }
  }
  out += fmt::format("{} matched, {} differ, {} missing, {} unexpected; {} sent",
                     report.count(Verdict::Matched), report.count(Verdict::Differs), report.count(Verdict::Missing),
                     report.count(Verdict::Unexpected), report.sent);
  if (report.not_sent) out += fmt::format(", {} not sent", report.not_sent);
  out += '\n';
  if (report.timed_out) {
    if (report.stalled) {
      out += fmt::format("stopped: {}\n", describeStall(*report.stalled));
      if (!report.stalled->explanation.empty()) out += fmt::format("likely cause: {}\n", report.stalled->explanation);
    } else {
      out += "stopped: timed out waiting for the server\n";
    }
  }
  if (!report.network_error.empty()) out += fmt::format("stopped: {}\n", support::displayText(report.network_error));
  return out;
}

std::string renderReportJson(const Report& report) {
  nlohmann::ordered_json doc;
  doc["session"] = report.session;
  doc["url"] = report.url;
  doc["summary"] = {{"matched", report.count(Verdict::Matched)},
                    {"differs", report.count(Verdict::Differs)},
                    {"missing", report.count(Verdict::Missing)},
                    {"unexpected", report.count(Verdict::Unexpected)},
                    {"sent", report.sent},
                    {"not_sent", report.not_sent},
                    {"keepalives", report.keepalives},
                    {"pongs", report.pongs},
                    {"timed_out", report.timed_out},
                    {"network_error", report.network_error.empty() ? nlohmann::ordered_json()
                                                                   : nlohmann::ordered_json(report.network_error)},
                    {"exit", exitCodeFor(report)}};
  doc["timing"] = {{"paced_sends", report.timing.count},
                   {"p50_us", report.timing.p50_us},
                   {"p99_us", report.timing.p99_us},
                   {"max_us", report.timing.max_us}};
  if (report.stalled) {
    const auto& st = *report.stalled;
    doc["timeout"] = {
        {"seconds", st.timeout},
        {"recorded", st.recorded},
        {"tag", st.tag},
        {"key", st.key},
        {"due", st.due ? nlohmann::ordered_json(std::round(*st.due * 1e6) / 1e6) : nlohmann::ordered_json()},
        {"cause", st.cause.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(st.cause)},
        {"explanation", st.explanation}};
  } else {
    doc["timeout"] = nullptr;
  }
  auto& list = doc["messages"] = nlohmann::ordered_json::array();
  for (const auto& e : report.entries) {
    nlohmann::ordered_json j;
    j["verdict"] = toString(e.verdict);
    j["recorded"] = e.recorded ? nlohmann::ordered_json(*e.recorded) : nlohmann::ordered_json();
    j["recorded_tag"] = e.recorded_tag;
    j["live_tag"] = e.live_tag;
    j["key"] = e.key;
    j["at"] = std::round(e.at * 1e6) / 1e6;
    if (!e.diff.empty()) j["diff"] = e.diff;
    if (!e.content.empty()) j["content"] = e.content;
    list.push_back(std::move(j));
  }
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace wa::wareplay
