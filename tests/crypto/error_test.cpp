// Tests for the error names and the one-line description.
#include "wa/crypto/error.h"

#include <gtest/gtest.h>

namespace wa::crypto {
namespace {

TEST(Error, Describe) {
  const Error e{ErrorCode::AuthenticationFailed, Stage::Hmac, 26, "frame hmac mismatch"};
  EXPECT_EQ(describe(e), "hmac at offset 0x1a (26): frame hmac mismatch");
}

TEST(Error, Names) {
  EXPECT_EQ(toString(ErrorCode::Invalid), "invalid");
  EXPECT_EQ(toString(ErrorCode::Truncated), "truncated");
  EXPECT_EQ(toString(ErrorCode::AuthenticationFailed), "authentication failed");
  EXPECT_EQ(toString(ErrorCode::BadPadding), "bad padding");
  EXPECT_EQ(toString(ErrorCode::Unsupported), "unsupported");
  EXPECT_EQ(toString(ErrorCode::Io), "i/o");
  EXPECT_EQ(toString(Stage::Key), "key");
  EXPECT_EQ(toString(Stage::Hmac), "hmac");
  EXPECT_EQ(toString(Stage::Decrypt), "decrypt");
  EXPECT_EQ(toString(Stage::Encrypt), "encrypt");
  EXPECT_EQ(toString(Stage::Frame), "frame");
  EXPECT_EQ(toString(Stage::Media), "media");
  EXPECT_EQ(toString(Stage::Sidecar), "sidecar");
  EXPECT_EQ(toString(Stage::KeyFile), "key file");
}

TEST(Error, MakeError) {
  Expected<int> r = makeError(ErrorCode::Truncated, Stage::Frame, 3, "short");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().offset, 3u);
  EXPECT_EQ(r.error().stage, Stage::Frame);
}

}  // namespace
}  // namespace wa::crypto
