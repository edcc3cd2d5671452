// Diagnostics printing.
#include "common/diagnostics.h"

#include <fmt/format.h>

#include "wa/support/text/display.h"

namespace wa::tools {

void Diagnostics::print(std::string_view kind, std::string_view message) {
  // Messages quote names and values from the input: nothing of it reaches the terminal raw.
  const std::string shown = support::displayText(message);
  std::fflush(stdout);
  std::fprintf(stream_, "%s: %.*s: %.*s\n", tool_.c_str(), static_cast<int>(kind.size()), kind.data(),
               static_cast<int>(shown.size()), shown.data());
  std::fflush(stream_);
}

void Diagnostics::error(std::string_view message) {
  ++errors_;
  print("error", message);
}

void Diagnostics::warning(std::string_view message) { print("warning", message); }

void Diagnostics::note(std::string_view message) { print("note", message); }

void Diagnostics::warningOnce(std::string_view message) {
  if (seen_.find(message) != seen_.end()) {
    ++suppressed_;
    return;
  }
  seen_.emplace(message);
  print("warning", message);
}

std::string recordErrorText(std::size_t index, std::uint64_t offset, std::string_view stage, std::string_view message) {
  return fmt::format("record {}: offset {}: {}: {}", index, offset, stage, message);
}

}  // namespace wa::tools
