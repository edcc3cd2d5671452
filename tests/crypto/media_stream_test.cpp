// Tests for the media streams (any chunking gives the one-shot result, errors at the right offsets)
// and for two-pass verify-first decryption over a reader.
#include "wa/crypto/media_stream.h"

#include <algorithm>
#include <atomic>
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

// The reads run ahead on a second thread when there are several pieces: a failing read or sink
// still ends the call with its error, after the plaintext of the pieces before it only.
TEST(DecryptMediaVerifyFirst, ErrorsInTheMiddleOfAManyPieceFileStopEverything) {
  const EncryptedMedia media = encrypt(300000);
  const std::uint64_t size = media.enc_and_mac.size();
  for (const std::uint64_t failing_read : {2u, 4u, 6u, 8u}) {  // pass 1 is reads 0-4, pass 2 reads 5-9
    SCOPED_TRACE(failing_read);
    std::uint64_t reads = 0;
    ReadAt reader = [&](std::uint64_t offset, MutableByteView out) -> Expected<void> {
      if (reads++ == failing_read) return makeError(ErrorCode::Io, Stage::Media, offset, "disk on fire");
      std::memcpy(out.data(), media.enc_and_mac.data() + offset, out.size());
      return {};
    };
    Bytes plain;
    auto ok = decryptMediaVerifyFirst(
        keysFor(), size, reader,
        [&](ByteView piece) -> Expected<void> {
          plain.insert(plain.end(), piece.begin(), piece.end());
          return {};
        },
        {}, 65536);
    const std::uint64_t at = failing_read % 5 * 65536;
    EXPECT_THAT(ok, FailsWithMessage(ErrorCode::Io, Stage::Media, at, "disk on fire"));
    EXPECT_LE(plain.size(), failing_read < 5 ? 0 : at);
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), pattern(300000).begin()));
  }
  for (const int failing_call : {0, 2}) {
    SCOPED_TRACE(failing_call);
    Source source{media.enc_and_mac};
    int calls = 0;
    auto ok = decryptMediaVerifyFirst(
        keysFor(), size, source.reader(),
        [&](ByteView) -> Expected<void> {
          if (calls++ == failing_call) return makeError(ErrorCode::Io, Stage::Media, 0, "pipe closed");
          return {};
        },
        {}, 65536);
    EXPECT_THAT(ok, FailsWithMessage(ErrorCode::Io, Stage::Media, 0, "pipe closed"));
    EXPECT_EQ(calls, failing_call + 1);
  }
}

TEST(DecryptMediaVerifyFirst, ReadsOneAtATimeAndNeverAfterReturning) {
  const EncryptedMedia media = encrypt(1 << 20);
  std::atomic<int> active{0};
  std::atomic<bool> overlapped{false};
  std::atomic<bool> returned{false};
  std::atomic<int> late{0};
  ReadAt reader = [&](std::uint64_t offset, MutableByteView out) -> Expected<void> {
    if (returned) ++late;
    if (++active > 1) overlapped = true;
    std::memcpy(out.data(), media.enc_and_mac.data() + offset, out.size());
    --active;
    return {};
  };
  std::uint64_t released = 0;
  auto ok = decryptMediaVerifyFirst(
      keysFor(), media.enc_and_mac.size(), reader,
      [&](ByteView piece) -> Expected<void> {
        released += piece.size();
        return {};
      },
      {}, 4096);
  returned = true;
  ASSERT_THAT(ok, Succeeds());
  EXPECT_EQ(released, 1u << 20);
  EXPECT_FALSE(overlapped);
  EXPECT_EQ(late, 0);
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
  bool called = false;
  auto ok = decryptMediaVerifyFirst(
      keysFor(), bytes.size(), changing,
      [&](ByteView) -> Expected<void> {
        called = true;
        return {};
      },
      {}, 1 << 20);
  EXPECT_THAT(ok, FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Media, 0,
                                   "bytes 0..100026 changed after the mac was checked (is the file being written?); "
                                   "none of their plaintext was released"));
  EXPECT_TRUE(sourceChangedBetweenPasses(ok.error()));
  EXPECT_FALSE(called);  // not a byte of the changed piece
}

// Pass 2 releases the plaintext of the pieces before a changed one, and nothing of it or after it.
// Pieces 1 and 4 are checked on the reading thread, 0, 2 and 3 on the caller's: a change is caught
// in either.
TEST(DecryptMediaVerifyFirst, OnlyPiecesThatPass1AuthenticatedAreReleased) {
  const EncryptedMedia media = encrypt(300000);
  for (const std::size_t changed_at : {std::size_t{0}, std::size_t{70000}, std::size_t{140000}, std::size_t{262143},
                                       media.enc_and_mac.size() - 16, media.enc_and_mac.size() - 1}) {
    SCOPED_TRACE(changed_at);
    Bytes bytes = media.enc_and_mac;
    std::uint64_t read = 0;
    ReadAt changing = [&](std::uint64_t offset, MutableByteView out) -> Expected<void> {
      std::memcpy(out.data(), bytes.data() + offset, out.size());
      read += out.size();
      if (read == bytes.size()) bytes[changed_at] ^= 0x80;  // after the first pass
      return {};
    };
    Bytes plain;
    auto ok = decryptMediaVerifyFirst(
        keysFor(), bytes.size(), changing,
        [&](ByteView piece) -> Expected<void> {
          plain.insert(plain.end(), piece.begin(), piece.end());
          return {};
        },
        {}, 65536);
    const std::uint64_t piece_begin = changed_at / 65536 * 65536;
    ASSERT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Media, piece_begin));
    EXPECT_TRUE(sourceChangedBetweenPasses(ok.error()));
    // The decryptor holds back the last 26-41 bytes it was given, so what went out ends shortly
    // before the changed piece, and is what the file holds there.
    EXPECT_LE(plain.size(), piece_begin);
    EXPECT_GE(plain.size() + 41, piece_begin);
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), pattern(300000).begin()));
  }
}

TEST(DecryptMediaVerifyFirst, OtherErrorsAreNotTakenForAChangedSource) {
  EncryptedMedia media = encrypt(1000);
  auto sink = [](ByteView) -> Expected<void> { return {}; };
  MediaDecryptOptions wrong_enc;
  wrong_enc.file_enc_sha256 = media.info.file_sha256;
  MediaDecryptOptions wrong_plain;
  wrong_plain.file_sha256 = media.info.file_enc_sha256;
  for (const MediaDecryptOptions& options : {wrong_enc, wrong_plain}) {
    Source source{media.enc_and_mac};
    auto ok = decryptMediaVerifyFirst(keysFor(), source.bytes.size(), source.reader(), sink, options);
    ASSERT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Media, 0));
    EXPECT_FALSE(sourceChangedBetweenPasses(ok.error()));
  }
  media.enc_and_mac[7] ^= 1;
  Source tampered{media.enc_and_mac};
  auto ok = decryptMediaVerifyFirst(keysFor(), tampered.bytes.size(), tampered.reader(), sink);
  ASSERT_THAT(ok, FailsWith(ErrorCode::AuthenticationFailed, Stage::Hmac, 1008));
  EXPECT_FALSE(sourceChangedBetweenPasses(ok.error()));
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
