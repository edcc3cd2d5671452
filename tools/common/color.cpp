// Colour decision.
#include "common/color.h"

#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace wa::tools {

ColorMode parseColorMode(const std::string& name) {
  if (name == "always") return ColorMode::Always;
  if (name == "never") return ColorMode::Never;
  return ColorMode::Auto;
}

bool useColor(ColorMode mode, std::FILE* stream) {
  if (mode != ColorMode::Auto) return mode == ColorMode::Always;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(::fileno(stream)) != 0;
}

}  // namespace wa::tools
