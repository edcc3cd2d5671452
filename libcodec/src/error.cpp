// Names of the codec's stages.
#include "wa/codec/error.h"

#include <array>

#include "wa/support/enum_names.h"

namespace wa::codec {
namespace {

constexpr std::array<std::string_view, 5> kStageNames = {"decode", "encode", "frame", "proto", "json"};
static_assert(kStageNames.size() == static_cast<std::size_t>(Stage::Json) + 1, "a name for every stage");

}  // namespace

std::string_view toString(Stage stage) noexcept { return support::enumName(stage, kStageNames); }

}  // namespace wa::codec
