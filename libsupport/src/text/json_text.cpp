// JSON nesting depth before a parse, and parse errors after one.
#include "wa/support/text/json_text.h"

#include <algorithm>

namespace wa::support {

std::size_t jsonTooDeepAt(std::string_view json, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

JsonParseFailure jsonParseFailure(std::size_t byte, std::string_view what, std::size_t text_size) {
  const auto column = what.find("column ");
  const auto colon = column == std::string_view::npos ? what.find(": ") : what.find(": ", column);
  if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  const std::size_t at = byte > 0 ? byte - 1 : 0;
  return JsonParseFailure{std::min(at, text_size), "invalid json: " + std::string(what)};
}

}  // namespace wa::support
