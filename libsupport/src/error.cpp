// Names of error codes, and the one-line description tools print.
#include "wa/support/error.h"

#include <fmt/format.h>

namespace wa::support {

std::string_view toString(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::Invalid: return "invalid";
    case ErrorCode::LimitExceeded: return "limit exceeded";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Io: return "i/o";
    case ErrorCode::AuthenticationFailed: return "authentication failed";
    case ErrorCode::BadPadding: return "bad padding";
  }
  return "unknown";
}

std::string describeError(std::string_view stage, std::uint64_t offset, std::string_view message) {
  return fmt::format("{} at offset {:#x} ({}): {}", stage, offset, offset, message);
}

}  // namespace wa::support
