// Tests for the tools' system-call helpers (tools/common/system_io.h) and isStdio (common/input.h).
#include "common/system_io.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include <gtest/gtest.h>

#include "common/input.h"

namespace wa::tools {
namespace {

TEST(WriteAll, WritesEverythingThroughAPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::vector<std::uint8_t> bytes(1000, 0x42);
  EXPECT_EQ(writeAll(fds[1], bytes), bytes.size());
  ::close(fds[1]);
  std::vector<std::uint8_t> back(2000);
  std::size_t got = 0;
  for (ssize_t n; (n = ::read(fds[0], back.data() + got, back.size() - got)) > 0;) got += static_cast<std::size_t>(n);
  ::close(fds[0]);
  EXPECT_EQ(got, bytes.size());
}

TEST(WriteAll, StopsAtAFailureWithErrnoSet) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  ::close(fds[1]);
  const std::vector<std::uint8_t> bytes(10, 1);
  errno = 0;
  EXPECT_EQ(writeAll(fds[1], bytes), 0u);
  EXPECT_EQ(errno, EBADF);
  EXPECT_EQ(systemError("out.bin"), std::string("out.bin: ") + std::strerror(EBADF));
}

#ifdef F_GETPIPE_SZ
TEST(EnlargePipeBuffer, GrowsAPipeNeverShrinksItAndLeavesOtherFilesAndErrnoAlone) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const int before = ::fcntl(fds[1], F_GETPIPE_SZ);
  ASSERT_GT(before, 0);
  errno = 0;
  enlargePipeBuffer(fds[1], 256 * 1024);
  EXPECT_EQ(errno, 0);
  EXPECT_GE(::fcntl(fds[1], F_GETPIPE_SZ), 256 * 1024);
  enlargePipeBuffer(fds[1], 4096);
  EXPECT_GE(::fcntl(fds[1], F_GETPIPE_SZ), 256 * 1024);
  ::close(fds[0]);
  ::close(fds[1]);
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  enlargePipeBuffer(::fileno(file), 1 << 20);  // not a pipe: nothing happens
  EXPECT_EQ(::fcntl(::fileno(file), F_GETPIPE_SZ), -1);
  std::fclose(file);
  errno = 0;
  enlargePipeBuffer(-1, 1 << 20);  // not even a file
  EXPECT_EQ(errno, 0);
}
#endif

TEST(IsStdio, EmptyAndDashAreStandardStreams) {
  EXPECT_TRUE(isStdio(""));
  EXPECT_TRUE(isStdio("-"));
  EXPECT_FALSE(isStdio("./-"));
  EXPECT_FALSE(isStdio("file"));
}

}  // namespace
}  // namespace wa::tools
