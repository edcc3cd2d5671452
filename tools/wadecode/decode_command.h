// `wadecode [FILE]`: decode node inputs and print them.
#pragma once

#include "common/diagnostics.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// Runs the decode command; returns the exit status (0, 1 some records failed, 2, 3).
int runDecode(const DecodeOptions& options, tools::Diagnostics& diag);

}  // namespace wa::wadecode
