// Names of the capture library's stages.
#include "wa/capture/error.h"

#include <array>

namespace wa::capture {
namespace {

constexpr std::array<std::string_view, 2> kStageNames = {"capture", "websocket"};
static_assert(kStageNames.size() == static_cast<std::size_t>(Stage::WebSocket) + 1, "a name for every stage");

}  // namespace

std::string_view toString(Stage stage) noexcept { return support::stageName(stage, kStageNames); }

std::optional<Stage> parseStage(std::string_view name) noexcept {
  return support::stageNamed<Stage>(name, kStageNames);
}

}  // namespace wa::capture
