// Names of the capture library's stages.
#include "wa/capture/error.h"

#include <array>

#include "wa/support/enum_names.h"

namespace wa::capture {
namespace {

constexpr std::array<std::string_view, 2> kStageNames = {"capture", "websocket"};
static_assert(kStageNames.size() == static_cast<std::size_t>(Stage::WebSocket) + 1, "a name for every stage");

}  // namespace

std::string_view toString(Stage stage) noexcept { return support::enumName(stage, kStageNames); }

std::optional<Stage> parseStage(std::string_view name) noexcept {
  return support::enumNamed<Stage>(name, kStageNames);
}

}  // namespace wa::capture
