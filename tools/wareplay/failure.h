// wareplay's error values: a message for the user and the exit status it maps to.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

#include "common/exit_codes.h"

namespace wa::wareplay {

/// A failure that ends a command: `message` is lower case without a final period, `exit_code` one
/// of tools::ExitCode (2 configuration, 3 I/O or network, 4 timeout).
struct Failure {
  int exit_code = tools::kExitIo;
  std::string message;
};

template <class T>
using Result = tl::expected<T, Failure>;

inline tl::unexpected<Failure> fail(int exit_code, std::string message) {
  return tl::unexpected(Failure{exit_code, std::move(message)});
}

}  // namespace wa::wareplay
