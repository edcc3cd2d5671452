// `wadecode encode`: node JSON in (one per line, or one document), encoded nodes out.
#pragma once

#include "common/diagnostics.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// Runs the encode command; returns the exit status (0, 1 some records failed, 2, 3).
int runEncode(const EncodeOptions& options, tools::Diagnostics& diag);

}  // namespace wa::wadecode
