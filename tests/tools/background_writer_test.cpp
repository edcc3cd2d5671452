// Tests for the threaded output writer (tools/common/background_writer.h).
#include "common/background_writer.h"

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"

namespace wa::tools {
namespace {

using BackgroundWriterTest = wa::testing::TempDirTest;

// Pieces of varying sizes, each filled with its own byte: the file holds them in order.
TEST_F(BackgroundWriterTest, WritesPiecesInOrder) {
  const std::string path = dir_ + "/out.bin";
  auto out = AtomicOutput::open(path);
  ASSERT_TRUE(out) << out.error();
  std::string expected;
  {
    BackgroundWriter writer(*out, 4096, 3);
    for (int i = 0; i < 200; ++i) {
      auto buffer = writer.acquire();
      ASSERT_TRUE(buffer) << buffer.error();
      ASSERT_EQ(buffer->size(), 4096u);
      const std::size_t used = static_cast<std::size_t>(i * 37 % 4097);
      std::fill(buffer->begin(), buffer->begin() + static_cast<std::ptrdiff_t>(used), static_cast<std::uint8_t>(i));
      expected.append(used, static_cast<char>(i));
      writer.submit(used);
    }
    auto twice = writer.acquire();  // taken, then taken again without a submit: the first goes back
    ASSERT_TRUE(twice);
    ASSERT_TRUE(writer.acquire());
    writer.submit(0);
    ASSERT_TRUE(writer.finish());
    ASSERT_TRUE(writer.finish());  // idempotent
  }
  EXPECT_EQ(out->bytesWritten(), expected.size());
  ASSERT_TRUE(out->commit());
  EXPECT_EQ(wa::testing::readFile(path), expected);
}

// A write that fails (file size limit, SIGXFSZ ignored: EFBIG) is reported by the next acquire()
// or by finish(), and nothing after it is written.
TEST_F(BackgroundWriterTest, AWriteErrorStopsTheWriterAndIsReported) {
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  auto out = AtomicOutput::open(dir_ + "/out.bin");
  ASSERT_TRUE(out) << out.error();
  std::string error;
  {
    BackgroundWriter writer(*out, 16 * 1024, 2);
    for (int i = 0; i < 100 && error.empty(); ++i) {
      auto buffer = writer.acquire();
      if (!buffer) {
        error = buffer.error();
        break;
      }
      writer.submit(buffer->size());
    }
    auto finished = writer.finish();
    ASSERT_FALSE(finished);
    if (error.empty()) error = finished.error();
    EXPECT_EQ(finished.error(), error);
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  EXPECT_LE(out->bytesWritten(), 64u * 1024);
}

}  // namespace
}  // namespace wa::tools
