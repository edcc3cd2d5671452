// The frame check that a capture reader runs on candidates after a loss (CaptureKeys::checkCandidate):
// with keys, a binary message passes only when its HMAC matches, even when its header and `tag,`
// look right; without keys, or for text, it cannot tell.
#include "wa/session/capture_keys.h"

#include <string>

#include <gtest/gtest.h>

#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"

namespace wa::session {
namespace {

const std::string kSamples = std::string(WA_SOURCE_DIR) + "/corpus/samples/";

KeySources sampleKeys() {
  KeySources s;
  s.file = *crypto::readKeyFile(kSamples + "session.keys.json");
  return s;
}

// A server frame as the capture holds it: "tag," then HMAC, IV and ciphertext under `keys`.
std::string serverFrame(CaptureKeys& keys) {
  crypto::FrameCipher* cipher = keys.cipherFor("conn");
  EXPECT_NE(cipher, nullptr);
  const std::string plaintext("\xf8\x02\x09\x0a", 4);
  const crypto::Bytes body = cipher->encryptServerBody(crypto::asBytes(plaintext));
  return "1589356438.--3," + std::string(body.begin(), body.end());
}

TEST(CaptureKeysCheck, MatchingHmacPassesAndAWrongOneFailsThoughTheFrameLooksRight) {
  CaptureKeys keys(sampleKeys());
  std::string frame = serverFrame(keys);
  EXPECT_EQ(keys.checkCandidate("conn", codec::Direction::Receive, codec::Opcode::Binary, crypto::asBytes(frame), true),
            capture::FrameCheck::Pass);
  EXPECT_EQ(keys.checkCandidate("conn", codec::Direction::Unknown, codec::Opcode::Binary, crypto::asBytes(frame), true),
            capture::FrameCheck::Pass);

  // The same tag and layout with one HMAC byte changed: a frame of another session, or garbage.
  frame[frame.find(',') + 1] ^= 0x01;
  EXPECT_EQ(keys.checkCandidate("conn", codec::Direction::Receive, codec::Opcode::Binary, crypto::asBytes(frame), true),
            capture::FrameCheck::Fail);
  EXPECT_EQ(keys.checkCandidate("conn", codec::Direction::Unknown, codec::Opcode::Binary, crypto::asBytes(frame), true),
            capture::FrameCheck::Fail);
}

TEST(CaptureKeysCheck, WithoutKeysTextOrAPartialMessageItCannotTell) {
  CaptureKeys with_keys(sampleKeys());
  const std::string frame = serverFrame(with_keys);
  EXPECT_EQ(with_keys.checkCandidate("conn", codec::Direction::Receive, codec::Opcode::Text, crypto::asBytes(frame), true),
            capture::FrameCheck::Unknown);
  EXPECT_EQ(with_keys.checkCandidate("conn", codec::Direction::Receive, codec::Opcode::Binary, crypto::asBytes(frame), false),
            capture::FrameCheck::Unknown);

  CaptureKeys no_keys(KeySources{});
  EXPECT_EQ(no_keys.checkCandidate("conn", codec::Direction::Receive, codec::Opcode::Binary, crypto::asBytes(frame), true),
            capture::FrameCheck::Unknown);
}

}  // namespace
}  // namespace wa::session
