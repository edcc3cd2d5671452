// The cursor's out-of-line message.
#include "wa/support/byte_reader.h"

#include <fmt/format.h>

namespace wa::support {

std::string truncatedMessage(std::string_view what, std::size_t need, std::size_t left) {
  return fmt::format("expected {} ({} byte{}), found {} left", what, need, need == 1 ? "" : "s", left);
}

}  // namespace wa::support
