// Names of the crypto stages.
#include "wa/crypto/error.h"

#include <array>

#include "wa/support/enum_names.h"

namespace wa::crypto {
namespace {

constexpr std::array<std::string_view, 8> kStageNames = {"key",   "hmac",  "decrypt", "encrypt",
                                                         "frame", "media", "sidecar", "key file"};
static_assert(kStageNames.size() == static_cast<std::size_t>(Stage::KeyFile) + 1, "a name for every stage");

}  // namespace

std::string_view toString(Stage stage) noexcept { return support::enumName(stage, kStageNames); }

}  // namespace wa::crypto
