// Golden-file comparison for codec tests: exact match, regenerated with WA_UPDATE_GOLDEN=1.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace wa::codec::testing {

inline std::string goldenPath(const std::string& name) {
  return std::string(WA_SOURCE_DIR) + "/tests/codec/golden/" + name;
}

/// Compares `actual` with tests/codec/golden/<name> byte for byte. With WA_UPDATE_GOLDEN=1 in the
/// environment the file is (re)written instead and the test passes; review the diff before committing.
inline void expectGolden(const std::string& name, const std::string& actual) {
  const std::string path = goldenPath(name);
  const char* update = std::getenv("WA_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path << " (run the test with WA_UPDATE_GOLDEN=1)";
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_EQ(buffer.str(), actual) << "golden file " << path << " differs (WA_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace wa::codec::testing
