// `wadecode --annotate`: plaintext nodes printed byte by byte beside what each byte means.
#pragma once

#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// Annotates every record of a plaintext node input (`format` is node-hex or node-bin) on stdout:
/// a "# record N: M bytes" line, the table of codec::formatAnnotation(), a blank line. A record that
/// is not a valid node is annotated up to the failure, reported on stderr, and the next one follows.
/// Returns 0, or 1 when some record failed.
int runAnnotate(const DecodeOptions& options, std::string_view input, const std::string& format,
                tools::Diagnostics& diag);

}  // namespace wa::wadecode
