// LLVM-style diagnostics on stderr: "<tool>: error: <input>: <what>", warnings once per message.
#pragma once

#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "wa/support/error.h"

namespace wa::tools {

/// Prints errors and warnings for one tool; flushes stdout first so the streams interleave sanely.
/// Not thread-safe: one per tool run.
class Diagnostics {
 public:
  explicit Diagnostics(std::string tool, std::FILE* stream = stderr) : tool_(std::move(tool)), stream_(stream) {}

  /// "tool: error: message"
  void error(std::string_view message);
  /// "tool: warning: message"
  void warning(std::string_view message);
  /// "tool: note: message", a detail of the error or warning just printed.
  void note(std::string_view message);
  /// Like warning(), but each distinct message is printed once; later repeats are counted.
  void warningOnce(std::string_view message);

  [[nodiscard]] std::size_t errorCount() const noexcept { return errors_; }
  [[nodiscard]] std::size_t suppressedWarnings() const noexcept { return suppressed_; }

 private:
  void print(std::string_view kind, std::string_view message);

  std::string tool_;
  std::FILE* stream_;
  std::size_t errors_ = 0;
  std::size_t suppressed_ = 0;
  std::set<std::string, std::less<>> seen_;
};

/// How a failed record is named, on standard error and in the text printer:
/// "record <i>: offset <n>: <stage>: <message>".
std::string recordErrorText(std::size_t index, std::uint64_t offset, std::string_view stage, std::string_view message);

/// recordErrorText() of an error of any library (session, codec, ...): its offset, stage and message.
template <class Stage>
std::string recordErrorText(std::size_t index, const support::BasicError<Stage>& error) {
  return recordErrorText(index, error.offset, toString(error.stage), error.message);
}

/// The one line every tool prints for a record that failed:
/// "<tool>: error: <input>: record <i>: offset <n>: <stage>: <message>" (`suffix` appended).
template <class Stage>
void reportRecordError(Diagnostics& diag, std::string_view input, std::size_t index,
                       const support::BasicError<Stage>& error, std::string_view suffix = {}) {
  std::string line(input);
  line += ": ";
  line += recordErrorText(index, error);
  line += suffix;
  diag.error(line);
}

}  // namespace wa::tools
