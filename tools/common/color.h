// The --color=auto|always|never decision, honouring NO_COLOR and whether the stream is a terminal.
#pragma once

#include <cstdio>
#include <string>

namespace wa::tools {

enum class ColorMode { Auto, Always, Never };

/// Parses "auto", "always" or "never" (CLI11 checks the set before this is called).
ColorMode parseColorMode(const std::string& name);

/// Whether to colour output written to `stream`: Always and Never are final; Auto colours a
/// terminal unless NO_COLOR is set (to anything non-empty) or TERM is "dumb".
bool useColor(ColorMode mode, std::FILE* stream);

}  // namespace wa::tools
