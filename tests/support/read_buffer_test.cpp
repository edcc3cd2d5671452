// ReadBuffer: aligned whatever the size, contents kept across resizes.
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>

#include "wa/support/read_buffer.h"

namespace wa::support {
namespace {

bool aligned(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % ReadBuffer::kAlignment == 0; }

TEST(ReadBuffer, IsAlignedAtEverySize) {
  // Large blocks are where malloc's would start 16 bytes into a page.
  for (std::size_t n : {1u, 15u, 64u, 4096u, 131072u, 1048576u, 1048577u}) {
    ReadBuffer b(n);
    EXPECT_EQ(b.size(), n);
    EXPECT_TRUE(aligned(b.data())) << n;
    EXPECT_EQ(b.bytes().size(), n);
    std::memset(b.data(), 0xab, n);  // every byte is ours (ASan checks)
  }
  ReadBuffer empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.bytes().size(), 0u);
}

TEST(ReadBuffer, ResizeKeepsTheBytesItHad) {
  ReadBuffer b(100);
  for (std::size_t i = 0; i < 100; ++i) b.data()[i] = static_cast<std::uint8_t>(i);
  b.resize(3u << 20);  // grows: a new block, aligned, with the old bytes at its start
  EXPECT_TRUE(aligned(b.data()));
  for (std::size_t i = 0; i < 100; ++i) ASSERT_EQ(b.data()[i], static_cast<std::uint8_t>(i));
  const std::uint8_t* block = b.data();
  b.resize(10);  // shrinks in place
  EXPECT_EQ(b.data(), block);
  EXPECT_EQ(b.size(), 10u);
  b.resize(200);  // within the capacity: no new block
  EXPECT_EQ(b.data(), block);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(b.chars()[i], static_cast<char>(i));

  ReadBuffer moved(std::move(b));
  EXPECT_EQ(moved.data(), block);
  EXPECT_EQ(moved.size(), 200u);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  b.resize(5);
  EXPECT_TRUE(aligned(b.data()));
}

}  // namespace
}  // namespace wa::support
