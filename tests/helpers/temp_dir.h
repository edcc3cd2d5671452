// A test fixture owning a fresh folder under /tmp, removed after each test, with file helpers.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace wa::testing {

/// The whole content of the file at `path` ("" when it cannot be read).
inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Each test gets its own empty folder `dir_` (mkdtemp under /tmp), removed with all it holds.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/wa-test.XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes `bytes` to `name` in the folder and returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string dir_;
};

}  // namespace wa::testing
