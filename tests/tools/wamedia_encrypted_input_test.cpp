// Tests for wamedia's input: regular files, pipes, spooling and reads at offsets (tools/wamedia/encrypted_input.h).
#include "wamedia/encrypted_input.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"

namespace wa::wamedia {
namespace {

class WamediaEncryptedInput : public wa::testing::TempDirTest {
 protected:
  static std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i * 7 % 251);
    return s;
  }
};

// Replaces stdin with the read end of a pipe fed with `bytes` by a thread, for one test.
class StdinPipe {
 public:
  explicit StdinPipe(std::string bytes) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    saved_ = ::dup(STDIN_FILENO);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    writer_ = std::thread([fd = fds[1], data = std::move(bytes)] {
      std::size_t done = 0;
      while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, std::min<std::size_t>(4000, data.size() - done));
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
  }
  ~StdinPipe() {
    writer_.join();
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }

 private:
  int saved_ = -1;
  std::thread writer_;
};

TEST_F(WamediaEncryptedInput, RegularFile) {
  const std::string data = pattern(100000);
  auto in = EncryptedInput::open(write("a.enc", data));
  ASSERT_TRUE(in) << in.error();
  EXPECT_TRUE(in->seekable());
  EXPECT_EQ(in->size(), 100000u);
  ASSERT_EQ(in->head().size(), 64u);
  EXPECT_EQ(in->head()[1], 7);
  std::vector<std::uint8_t> buf(70000);
  EXPECT_EQ(*in->read(buf), 70000u);
  EXPECT_EQ(*in->read(buf), 30000u);
  EXPECT_EQ(buf[0], static_cast<std::uint8_t>(70000 * 7 % 251));
  EXPECT_EQ(*in->read(buf), 0u);
  ASSERT_TRUE(in->rewind());
  EXPECT_EQ(*in->read(buf), 70000u);
  std::vector<std::uint8_t> at(10);
  ASSERT_TRUE(in->readAt()(99990, at));
  EXPECT_EQ(at[9], static_cast<std::uint8_t>(99999 * 7 % 251));
  EXPECT_TRUE(in->spool());  // nothing to do
}

TEST_F(WamediaEncryptedInput, ReadAtPastTheEnd) {
  auto in = EncryptedInput::open(write("a.enc", pattern(100)));
  ASSERT_TRUE(in);
  std::vector<std::uint8_t> at(10);
  auto bad = in->readAt()(95, at);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, crypto::ErrorCode::Truncated);
  EXPECT_EQ(bad.error().offset, 100u);
}

TEST_F(WamediaEncryptedInput, SmallFileHead) {
  auto in = EncryptedInput::open(write("small", "<html>"));
  ASSERT_TRUE(in);
  EXPECT_EQ(std::string(crypto::asChars(in->head())), "<html>");
  auto empty = EncryptedInput::open(write("empty", ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_TRUE(empty->head().empty());
}

TEST_F(WamediaEncryptedInput, Errors) {
  auto missing = EncryptedInput::open(dir_ + "/missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), dir_ + "/missing: No such file or directory");
  auto folder = EncryptedInput::open(dir_);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error(), dir_ + ": is a directory");
}

TEST_F(WamediaEncryptedInput, PipeReadInOrder) {
  const std::string data = pattern(300000);
  StdinPipe pipe(data);
  auto in = EncryptedInput::open("-");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->name(), "<stdin>");
  EXPECT_FALSE(in->seekable());
  EXPECT_FALSE(in->size());
  std::vector<std::uint8_t> buf(1 << 20);
  // A read fills the buffer from many small pipe writes.
  EXPECT_EQ(*in->read(buf), 300000u);
  EXPECT_EQ(*in->read(buf), 0u);
  EXPECT_EQ(in->size(), 300000u);
  EXPECT_EQ(in->head().size(), 64u);
  EXPECT_FALSE(in->rewind());
}

TEST_F(WamediaEncryptedInput, PipeSpooled) {
  const std::string data = pattern(250000);
  StdinPipe pipe(data);
  auto in = EncryptedInput::open("");
  ASSERT_TRUE(in);
  std::uint64_t reported = 0;
  ASSERT_TRUE(in->spool([&](std::uint64_t n) { reported = n; }));
  EXPECT_EQ(reported, 250000u);
  EXPECT_TRUE(in->seekable());
  EXPECT_EQ(in->size(), 250000u);
  EXPECT_EQ(in->head()[2], 14);
  std::vector<std::uint8_t> at(5);
  ASSERT_TRUE(in->readAt()(249995, at));
  EXPECT_EQ(at[4], static_cast<std::uint8_t>(249999 * 7 % 251));
  std::vector<std::uint8_t> buf(1 << 20);
  EXPECT_EQ(*in->read(buf), 250000u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf.data()), 250000), data);
}

}  // namespace
}  // namespace wa::wamedia
