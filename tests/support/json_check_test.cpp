// checkJson against the parser it stands in for: what it calls Valid the parser always accepts, what
// it calls Invalid the parser always rejects; on hand-picked texts and on generated and mutated ones.
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "wa/support/text/json_text.h"

namespace wa::support {
namespace {

void expectAgrees(const std::string& text) {
  const JsonCheck check = checkJson(text);
  const bool accepted = nlohmann::json::accept(text);
  if (check == JsonCheck::Valid) {
    EXPECT_TRUE(accepted) << "Valid but the parser rejects: " << text;
    // The depth it reports is the least limit jsonTooDeepAt lets through.
    std::size_t deepest = 0;
    EXPECT_EQ(checkJson(text, deepest), JsonCheck::Valid);
    EXPECT_EQ(jsonTooDeepAt(text, deepest), std::string::npos) << text;
    if (deepest > 0) EXPECT_NE(jsonTooDeepAt(text, deepest - 1), std::string::npos) << text;
  }
  if (check == JsonCheck::Invalid) {
    EXPECT_FALSE(accepted) << "Invalid but the parser accepts: " << text;
  }
}

TEST(CheckJson, HandPicked) {
  const std::pair<const char*, JsonCheck> cases[] = {
      {R"({"a":[1,2,{"b":null}],"c":"\u00e9\ud83d\ude00","d":-0.5})", JsonCheck::Valid},
      {" [ ] ", JsonCheck::Valid},
      {"{}", JsonCheck::Valid},
      {R"("x")", JsonCheck::Valid},
      {"123456789012345678", JsonCheck::Valid},
      {"1234567890123456789", JsonCheck::Unsure},
      {"1e400", JsonCheck::Unsure},
      {"", JsonCheck::Invalid},
      {"[1,]", JsonCheck::Invalid},
      {R"({"a":1,})", JsonCheck::Invalid},
      {R"({"a"})", JsonCheck::Invalid},
      {"01", JsonCheck::Invalid},
      {"1.", JsonCheck::Invalid},
      {"[1] x", JsonCheck::Invalid},
      {R"(["\ud800"])", JsonCheck::Invalid},
      {R"(["\udc00"])", JsonCheck::Invalid},
      {R"(["\x"])", JsonCheck::Invalid},
      {"[\"a\nb\"]", JsonCheck::Invalid},
      {"[\"\xff\"]", JsonCheck::Invalid},
      {"[\"\xc3\"]", JsonCheck::Invalid},
      {"tru", JsonCheck::Invalid},
      {"[[[", JsonCheck::Invalid},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(checkJson(text), want) << text;
    expectAgrees(text);
  }
}

std::string randomJson(std::mt19937& rng, int depth) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  static const char* const atoms[] = {"0", "-1", "42", "3.25", "-0.0", "1e5", "12345678901234567890", "true", "false",
                                      "null", R"("")", R"("a\"b\\c\/\b\f\n\r\t")", R"("\u0041\u00e9")",
                                      R"("\ud83d\ude00")", "\"\xc3\xa9t\xc3\xa9\"", R"("s1")"};
  switch (depth > 6 ? 0 : pick(4)) {
    case 0:
    case 1: return atoms[pick(sizeof atoms / sizeof *atoms)];
    case 2: {
      std::string out = "[";
      for (int i = 0, n = pick(4); i < n; ++i) out += (i ? "," : "") + randomJson(rng, depth + 1);
      return out + "]";
    }
    default: {
      std::string out = "{";
      for (int i = 0, n = pick(4); i < n; ++i) out += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": " + randomJson(rng, depth + 1);
      return out + "}";
    }
  }
}

TEST(CheckJson, GeneratedAndMutatedTexts) {
  std::mt19937 rng(20261207);
  const char noise[] = {'"', '\\', ',', ':', '[', ']', '{', '}', ' ', '0', '-', '.', 'e', 'u', '\x01', '\x80', '\xff'};
  int valid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = randomJson(rng, 0);
    if (checkJson(text) == JsonCheck::Valid) ++valid;
    expectAgrees(text);
    // One to three bytes changed, inserted or cut.
    for (int m = 0, n = 1 + static_cast<int>(rng() % 3); m < n && !text.empty(); ++m) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = noise[rng() % sizeof noise]; break;
        case 1: text.insert(at, 1, noise[rng() % sizeof noise]); break;
        default: text.erase(at, 1); break;
      }
    }
    expectAgrees(text);
  }
  EXPECT_GT(valid, 5000);
}

}  // namespace
}  // namespace wa::support
