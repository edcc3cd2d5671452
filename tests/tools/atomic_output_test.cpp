// Tests for write-verify-rename output (tools/common/atomic_output.h).
#include "common/atomic_output.h"

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"

namespace wa::tools {
namespace {

class AtomicOutputTest : public wa::testing::TempDirTest {
 protected:
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_)) ++n;
    return n;
  }
};

using wa::testing::readFile;

TEST_F(AtomicOutputTest, AppearsOnlyOnCommit) {
  const std::string path = dir_ + "/out.bin";
  auto out = AtomicOutput::open(path);
  ASSERT_TRUE(out) << out.error();
  EXPECT_FALSE(out->isStdout());
  EXPECT_EQ(out->name(), path);
  ASSERT_TRUE(out->write("hello "));
  ASSERT_TRUE(out->write(std::string(100000, 'x')));
  EXPECT_EQ(out->bytesWritten(), 100006u);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(entries(), 1u);  // the temporary file
  ASSERT_TRUE(out->commit());
  EXPECT_EQ(readFile(path).size(), 100006u);
  EXPECT_EQ(entries(), 1u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  const ::mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  EXPECT_FALSE(out->commit());  // once only
  EXPECT_FALSE(out->write("more"));
}

TEST_F(AtomicOutputTest, DiscardedWithoutCommitKeepsTheOldFile) {
  const std::string path = dir_ + "/out.bin";
  std::ofstream(path) << "old";
  {
    auto out = AtomicOutput::open(path);
    ASSERT_TRUE(out);
    ASSERT_TRUE(out->write("new but unverified"));
  }  // destroyed without commit
  EXPECT_EQ(readFile(path), "old");
  EXPECT_EQ(entries(), 1u);
  auto out = AtomicOutput::open(path);
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->write("x"));
  out->discard();
  out->discard();
  EXPECT_EQ(entries(), 1u);
  EXPECT_EQ(readFile(path), "old");
}

TEST_F(AtomicOutputTest, ReplacesOnCommitAndMoves) {
  const std::string path = dir_ + "/out.bin";
  std::ofstream(path) << "old";
  auto out = AtomicOutput::open(path);
  ASSERT_TRUE(out);
  AtomicOutput moved = std::move(*out);
  ASSERT_TRUE(moved.write("new"));
  ASSERT_TRUE(moved.commit());
  EXPECT_EQ(readFile(path), "new");
}

TEST_F(AtomicOutputTest, Errors) {
  auto missing = AtomicOutput::open(dir_ + "/no/such/out");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), dir_ + "/no/such/out: No such file or directory");
  // A folder where the file should go: the rename fails and nothing is left behind.
  std::filesystem::create_directory(dir_ + "/taken");
  std::ofstream(dir_ + "/taken/inside") << "x";
  auto out = AtomicOutput::open(dir_ + "/taken");
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->write("data"));
  auto committed = out->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().rfind(dir_ + "/taken: ", 0), 0u) << committed.error();
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicOutputTest, StandardOutput) {
  for (const std::string name : {"", "-"}) {
    auto out = AtomicOutput::open(name);
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->isStdout());
    EXPECT_EQ(out->name(), "<stdout>");
    ASSERT_TRUE(out->write(""));
    EXPECT_TRUE(out->commit());
  }
}

}  // namespace
}  // namespace wa::tools
