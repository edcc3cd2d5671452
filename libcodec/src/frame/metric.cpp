// The metric table (WA-Web 2020-05 for 1..28, a later build for 29..48) and the flag bit names.
#include "wa/codec/frame/metric.h"

#include <array>

namespace wa::codec {
namespace {

constexpr std::array<std::string_view, 49> kMetrics = {
    "",                      // 0: not a metric
    "DEBUG_LOG",             "QUERY_RESUME",      "QUERY_RECEIPT",        "QUERY_MEDIA",
    "QUERY_CHAT",            "QUERY_CONTACTS",    "QUERY_MESSAGES",       "PRESENCE",
    "PRESENCE_SUBSCRIBE",    "GROUP",             "READ",                 "CHAT",
    "RECEIVED",              "PIC",               "STATUS",               "MESSAGE",
    "QUERY_ACTIONS",         "BLOCK",             "QUERY_GROUP",          "QUERY_PREVIEW",
    "QUERY_EMOJI",           "QUERY_MESSAGE_INFO", "SPAM",                "QUERY_SEARCH",
    "QUERY_IDENTITY",        "QUERY_URL",         "PROFILE",              "CONTACT",
    "QUERY_VCARD",           "QUERY_STATUS",      "QUERY_STATUS_UPDATE",  "PRIVACY_STATUS",
    "QUERY_LIVE_LOCATIONS",  "LIVE_LOCATION",     "QUERY_VNAME",          "QUERY_LABELS",
    "CALL",                  "QUERY_CALL",        "QUERY_QUICK_REPLIES",  "QUERY_CALL_OFFER",
    "QUERY_RESPONSE",        "QUERY_STICKER_PACKS", "QUERY_STICKERS",     "ADD_OR_REMOVE_LABELS",
    "QUERY_NEXT_LABEL_COLOR", "QUERY_LABEL_PALETTE", "CREATE_OR_DELETE_LABELS", "EDIT_LABELS",
};

constexpr std::array<std::string_view, 8> kFlagBits = {
    // bit 7 .. bit 0
    "NOT_IGNORED", "ACK_REQUEST", "AVAILABLE", "NOT_AVAILABLE", "EXPIRES", "SKIP_OFFLINE", "BIT1", "BIT0",
};

}  // namespace

std::string_view metricName(std::uint8_t metric) noexcept {
  return metric < kMetrics.size() ? kMetrics[metric] : std::string_view();
}

std::vector<std::string_view> flagNames(std::uint8_t flags) {
  std::vector<std::string_view> names;
  for (unsigned bit = 0; bit < 8; ++bit)
    if ((flags & (0x80u >> bit)) != 0) names.push_back(kFlagBits[bit]);
  return names;
}

std::string describeFlags(std::uint8_t flags) {
  if (flags == 0) return "0";
  std::string out;
  for (std::string_view name : flagNames(flags)) {
    if (!out.empty()) out.push_back('|');
    out.append(name);
  }
  return out;
}

}  // namespace wa::codec
