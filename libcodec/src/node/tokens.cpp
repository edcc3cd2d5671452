// Token lookups in both directions: index to string, and a hashed string to index table.
#include "wa/codec/node/tokens.h"

#include <cstring>

namespace wa::codec {
namespace {

// Open addressing over 512 slots (load < 0.35); slot value 0 means empty (index 0 is never a token).
constexpr std::size_t kSlots = 512;

constexpr std::uint32_t hashToken(std::string_view s) noexcept {
  std::uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

struct ReverseTable {
  std::array<std::uint8_t, kSlots> slots{};
  ReverseTable() noexcept {
    for (std::size_t i = 3; i < kSingleByteTokenCount; ++i) {
      std::string_view t = i == kTokenUserServer ? std::string_view("c.us") : kSingleByteTokens[i];
      if (t.empty()) continue;
      std::size_t slot = hashToken(t) & (kSlots - 1);
      while (slots[slot] != 0) slot = (slot + 1) & (kSlots - 1);
      slots[slot] = static_cast<std::uint8_t>(i);
    }
  }
};

const ReverseTable& reverseTable() noexcept {
  static const ReverseTable table;
  return table;
}

}  // namespace

std::optional<std::uint8_t> tokenIndex(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32) return std::nullopt;  // the longest token is far shorter
  const auto& table = reverseTable();
  std::size_t slot = hashToken(s) & (kSlots - 1);
  while (std::uint8_t index = table.slots[slot]) {
    std::string_view t = index == kTokenUserServer ? std::string_view("c.us") : kSingleByteTokens[index];
    if (t == s) return index;
    slot = (slot + 1) & (kSlots - 1);
  }
  return std::nullopt;
}

}  // namespace wa::codec
