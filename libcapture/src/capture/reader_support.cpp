// The readers' shared pieces: records, limit errors, JSON lines.
#include "reader_support.h"

#include <fmt/format.h>

#include "wa/support/text/json_text.h"

namespace wa::capture::detail {

Error longerThanLimit(std::string_view what, std::uint64_t at, std::size_t limit) {
  return Error{ErrorCode::LimitExceeded, Stage::Capture, at,
               fmt::format("{} longer than the limit of {} bytes", what, limit)};
}

Expected<nlohmann::json> parseJsonLine(std::string_view text, std::uint64_t offset) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto failure = support::jsonParseFailure(e.byte, e.what(), text.size());
    return makeError(ErrorCode::Invalid, Stage::Capture, offset + failure.offset, std::move(failure.message));
  } catch (const std::exception& e) {
    return makeError(ErrorCode::Invalid, Stage::Capture, offset, std::string("invalid json: ") + e.what());
  }
}

}  // namespace wa::capture::detail
