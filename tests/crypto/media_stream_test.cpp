// Tests for the media streams (any chunking gives the one-shot result, errors at the right offsets)
// and for two-pass verify-first decryption over a reader.
#include "wa/crypto/media_stream.h"

#include <cstring>

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::pattern;
using test::Succeeds;

Key32 mediaKey() {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0xc0 + i);
  return k;
}

EncryptedMedia encrypt(std::size_t n, MediaType type = MediaType::Video) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  return *encryptMedia(pattern(n), type, options);
}

MediaKeys keysFor(MediaType type = MediaType::Video) { return *expandMediaKey(mediaKey(), type); }

// Feeds `in` in pieces of `piece` bytes (cycling through a few sizes when piece == 0).
Expected<Bytes> streamDecrypt(const MediaKeys& keys, ByteView in, std::size_t piece,
                              const MediaDecryptOptions& options = {}) {
  MediaDecryptStream stream(keys, options);
  Bytes out;
  static constexpr std::size_t kCycle[] = {1, 5, 16, 26, 27, 41, 100, 4096, 3};
  std::size_t at = 0;
  for (std::size_t i = 0; at < in.size(); ++i) {
    const std::size_t n = std::min(piece != 0 ? piece : kCycle[i % std::size(kCycle)], in.size() - at);
    if (auto ok = stream.update(in.subspan(at, n), out); !ok) return tl::unexpected(ok.error());
    at += n;
  }
  if (auto ok = stream.finish(out); !ok) return tl::unexpected(ok.error());
  EXPECT_EQ(stream.bytesIn(), in.size());
  EXPECT_EQ(stream.bytesOut(), out.size());
  return out;
}

TEST(MediaDecryptStream, AnyChunkingGivesThePlaintext) {
  for (std::size_t size : {0u, 1u, 16u, 100u, 70000u}) {
    const EncryptedMedia media = encrypt(size);
    MediaDecryptOptions options;
    options.file_sha256 = media.info.file_sha256;
    options.file_enc_sha256 = media.info.file_enc_sha256;
    for (std::size_t piece : {0u, 1u, 7u, 16u, 26u, 1000u, 1u << 20}) {
      auto plain = streamDecrypt(keysFor(), media.enc_and_mac, piece, options);
      ASSERT_THAT(plain, Succeeds()) << size << "/" << piece;
      EXPECT_EQ(*plain, pattern(size)) << size << "/" << piece;
    }
  }
}

TEST(MediaDecryptStream, HoldsBackTheTail) {
  const EncryptedMedia media = encrypt(100);
  MediaDecryptStream stream(keysFor());
  Bytes out(200);
  auto n = stream.updateInto(media.enc_and_mac, out);
  ASSERT_THAT(n, Succeeds());
  EXPECT_EQ(*n, media.enc_and_mac.size() - 26);  // the last block and the MAC wait for finish()
  auto last = stream.finishInto(MutableByteView(out).subspan(*n));
  ASSERT_THAT(last, Succeeds());
  EXPECT_EQ(*n + *last, 100u);
}

TEST(MediaDecryptStream, Errors) {
  const EncryptedMedia media = encrypt(100);
  EXPECT_THAT(streamDecrypt(keysFor(), ByteView(media.enc_and_mac).first(20), 3),
              FailsWith(ErrorCode::Truncated, Stage::Media, 20));
  EXPECT_THAT(streamDecrypt(keysFor(), ByteView(media.enc_and_mac).first(121), 0),
              FailsWith(ErrorCode::Invalid, Stage::Media, 121));
  Bytes bad = media.enc_and_mac;
  bad[3] ^= 1;
  EXPECT_THAT(streamDecrypt(keysFor(), bad, 0), FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 112));
  MediaDecryptOptions options;
  options.file_enc_sha256 = Sha256Digest{};
  EXPECT_THAT(streamDecrypt(keysFor(), media.enc_and_mac, 0, options),
              FailsWith(ErrorCode::AuthenticationFailed, Stage::Media, 0));
}

TEST(MediaDecryptStream, StaysFailedAndRefusesUseAfterFinish) {
  const EncryptedMedia media = encrypt(100);
  MediaDecryptStream stream(keysFor());
  Bytes out;
  ASSERT_THAT(stream.update(media.enc_and_mac, out), Succeeds());
  ASSERT_THAT(stream.finish(out), Succeeds());
  EXPECT_THAT(stream.update(media.enc_and_mac, out),
              FailsWithMessage(ErrorCode::Invalid, Stage::Media, 122, "media stream used after finish"));
  EXPECT_THAT(stream.finish(out), FailsWith(ErrorCode::Invalid, Stage::Media, 122));

  MediaDecryptStream short_stream(keysFor());
  ASSERT_THAT(short_stream.update(ByteView(media.enc_and_mac).first(10), out), Succeeds());
  EXPECT_THAT(short_stream.finish(out), FailsWith(ErrorCode::Truncated, Stage::Media, 10));
  EXPECT_THAT(short_stream.update(media.enc_and_mac, out), FailsWith(ErrorCode::Truncated, Stage::Media, 10));
}

TEST(MediaDecryptStream, SmallOutputBufferIsRefused) {
  const EncryptedMedia media = encrypt(100);
  MediaDecryptStream stream(keysFor());
  Bytes out(10);
  EXPECT_THAT(stream.updateInto(media.enc_and_mac, out), FailsWith(ErrorCode::Invalid, Stage::Media, 0));
}

TEST(MediaEncryptStream, AnyChunkingMatchesOneShot) {
  for (MediaType type : {MediaType::Video, MediaType::Sticker, MediaType::Image}) {
    for (std::size_t size : {0u, 15u, 16u, 65536u, 140000u}) {
      MediaEncryptOptions options;
      options.media_key = mediaKey();
      options.first_frame_length = 1000;
      const EncryptedMedia one_shot = *encryptMedia(pattern(size), type, options);
      for (std::size_t piece : {1u, 15u, 16u, 17u, 65536u}) {
        if (piece == 1 && size > 20000) continue;  // keeps the test quick
        MediaEncryptStream stream(keysFor(type), type, std::uint64_t{1000});
        const Bytes plain = pattern(size);
        Bytes out;
        for (std::size_t at = 0; at < size; at += piece)
          stream.update(ByteView(plain).subspan(at, std::min(piece, size - at)), out);
        const EncryptedMediaInfo info = stream.finish(out);
        EXPECT_EQ(out, one_shot.enc_and_mac) << size << "/" << piece;
        EXPECT_EQ(info.mac, one_shot.info.mac);
        EXPECT_EQ(info.file_sha256, one_shot.info.file_sha256);
        EXPECT_EQ(info.file_enc_sha256, one_shot.info.file_enc_sha256);
        EXPECT_EQ(info.file_length, size);
        EXPECT_EQ(info.sidecar, one_shot.info.sidecar);
        EXPECT_EQ(info.first_frame_sidecar, one_shot.info.first_frame_sidecar);
      }
    }
  }
}

TEST(MediaEncryptStream, BufferAndFinishErrors) {
  MediaEncryptStream stream(keysFor(), MediaType::Video);
  Bytes small(15);
  EXPECT_THAT(stream.updateInto(pattern(32), small), FailsWith(ErrorCode::Invalid, Stage::Encrypt, 0));
  auto n = stream.updateInto(pattern(15), small);  // nothing ready yet: no room needed
  ASSERT_THAT(n, Succeeds());
  EXPECT_EQ(*n, 0u);
  std::size_t written = 0;
  EXPECT_THAT(stream.finishInto(small, written), FailsWith(ErrorCode::Invalid, Stage::Encrypt, 15));
  Bytes tail(MediaEncryptStream::kFinishBound);
  auto info = stream.finishInto(tail, written);
  ASSERT_THAT(info, Succeeds());
  EXPECT_EQ(written, 26u);
  const std::size_t tail_size = written;
  EXPECT_EQ(info->file_length, 15u);
  EXPECT_THAT(stream.finishInto(tail, written),
              FailsWithMessage(ErrorCode::Invalid, Stage::Encrypt, 15, "media stream finished twice"));
  EXPECT_THAT(stream.updateInto(pattern(1), tail), FailsWith(ErrorCode::Invalid, Stage::Encrypt, 15));
  // What came out decrypts.
  MediaDecryptStream decrypt(keysFor());
  Bytes plain;
  ASSERT_THAT(decrypt.update(ByteView(tail).first(tail_size), plain), Succeeds());
  ASSERT_THAT(decrypt.finish(plain), Succeeds());
  EXPECT_EQ(plain, pattern(15));
}

// ---- Verify first -------------------------------------------------------------------------------

struct Source {
  Bytes bytes;
  int reads = 0;
  ReadAt reader() {
    return [this](std::uint64_t offset, MutableByteView out) -> Expected<void> {
      ++reads;
      if (offset + out.size() > bytes.size()) return makeError(ErrorCode::Io, Stage::Media, offset, "past the end");
      std::memcpy(out.data(), bytes.data() + offset, out.size());
      return {};
    };
  }
};

TEST(DecryptMediaVerifyFirst, DeliversThePlaintextInPieces) {
  const EncryptedMedia media = encrypt(300000);
  Source source{media.enc_and_mac};
  Bytes plain;
  int calls = 0;
  MediaDecryptOptions options;
  options.file_sha256 = media.info.file_sha256;
  options.file_enc_sha256 = media.info.file_enc_sha256;
  auto ok = decryptMediaVerifyFirst(
      keysFor(), source.bytes.size(), source.reader(),
      [&](ByteView piece) -> Expected<void> {
        ++calls;
        plain.insert(plain.end(), piece.begin(), piece.end());
        return {};
      },
      options, 65536);
  ASSERT_THAT(ok, Succeeds());
  EXPECT_EQ(plain, pattern(300000));
  EXPECT_GT(calls, 3);
  EXPECT_EQ(source.reads, 10);  // two passes of five 64 KiB reads
}

TEST(DecryptMediaVerifyFirst, NothingReachesTheSinkWhenTheMacFails) {
  EncryptedMedia media = encrypt(300000);
  media.enc_and_mac[200000] ^= 1;
  Source source{media.enc_and_mac};
  bool called = false;
  auto ok = decryptMediaVerifyFirst(keysFor(), source.bytes.size(), source.reader(), [&](ByteView) -> Expected<void> {
    called = true;
    return {};
  });
  EXPECT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 300016));
  EXPECT_FALSE(called);
}

TEST(DecryptMediaVerifyFirst, FileEncSha256IsCheckedFirst) {
  const EncryptedMedia media = encrypt(1000);
  Source source{media.enc_and_mac};
  MediaDecryptOptions options;
  options.file_enc_sha256 = media.info.file_sha256;  // the wrong hash
  bool called = false;
  auto ok = decryptMediaVerifyFirst(
      keysFor(), source.bytes.size(), source.reader(),
      [&](ByteView) -> Expected<void> {
        called = true;
        return {};
      },
      options);
  EXPECT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Media, 0));
  EXPECT_FALSE(called);
}

TEST(DecryptMediaVerifyFirst, ReaderAndSinkErrorsPassThrough) {
  const EncryptedMedia media = encrypt(1000);
  Source source{media.enc_and_mac};
  auto sink = [](ByteView) -> Expected<void> { return {}; };
  EXPECT_THAT(decryptMediaVerifyFirst(keysFor(), source.bytes.size() + 16, source.reader(), sink),
              FailsWith(ErrorCode::Io, Stage::Media, 0));
  auto failing_sink = [](ByteView) -> Expected<void> { return makeError(ErrorCode::Io, Stage::Media, 7, "disk full"); };
  EXPECT_THAT(decryptMediaVerifyFirst(keysFor(), source.bytes.size(), source.reader(), failing_sink),
              FailsWithMessage(ErrorCode::Io, Stage::Media, 7, "disk full"));
  EXPECT_THAT(decryptMediaVerifyFirst(keysFor(), 27, source.reader(), sink),
              FailsWith(ErrorCode::Invalid, Stage::Media, 27));
}

TEST(DecryptMediaVerifyFirst, AFileThatChangesBetweenPassesIsCaught) {
  const EncryptedMedia media = encrypt(100000);
  Bytes bytes = media.enc_and_mac;
  int pass_reads = 0;
  ReadAt changing = [&](std::uint64_t offset, MutableByteView out) -> Expected<void> {
    std::memcpy(out.data(), bytes.data() + offset, out.size());
    if (++pass_reads == 1) bytes[50] ^= 1;  // changes after the first read
    return {};
  };
  auto ok = decryptMediaVerifyFirst(keysFor(), bytes.size(), changing, [](ByteView) -> Expected<void> { return {}; },
                                    {}, 1 << 20);
  EXPECT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 100016));
}

TEST(DecryptMediaVerifyFirst, SinglePassWithoutMac) {
  EncryptedMedia media = encrypt(5000);
  media.enc_and_mac.back() ^= 1;  // damage only the MAC
  Source source{media.enc_and_mac};
  Bytes plain;
  MediaDecryptOptions salvage;
  salvage.verify_mac = false;
  auto ok = decryptMediaVerifyFirst(
      keysFor(), source.bytes.size(), source.reader(),
      [&](ByteView piece) -> Expected<void> {
        plain.insert(plain.end(), piece.begin(), piece.end());
        return {};
      },
      salvage);
  ASSERT_THAT(ok, Succeeds());
  EXPECT_EQ(plain, pattern(5000));
  EXPECT_EQ(source.reads, 1);
}

}  // namespace
}  // namespace wa::crypto
