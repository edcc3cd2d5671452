// The error value of the tools' commands: what to tell the user and the exit status it maps to.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "common/diagnostics.h"
#include "common/exit_codes.h"

namespace wa::tools {

/// A failure that ends a command: `message` (lower case, no final period) and the notes under it,
/// and `exit_code`, one of exit_codes.h (1 records or checks failed, 2 usage or configuration,
/// 3 I/O or network, 4 timeout).
struct Failure {
  int exit_code = kExitIo;
  std::string message;
  std::vector<std::string> notes;
};

template <class T>
using Outcome = tl::expected<T, Failure>;

inline tl::unexpected<Failure> fail(int exit_code, std::string message) {
  return tl::unexpected(Failure{exit_code, std::move(message), {}});
}
inline Failure usageFailure(std::string message) { return {kExitUsage, std::move(message), {}}; }
inline Failure ioFailure(std::string message) { return {kExitIo, std::move(message), {}}; }

/// Prints the failure as an error with its notes; returns its exit status.
int report(Diagnostics& diag, const Failure& failure);

}  // namespace wa::tools
