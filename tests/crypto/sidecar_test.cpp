// Tests for sidecars (a fixed vector, a naive reference, odd pushes), first-frame sidecars, and
// byte-range decryption that reads only the chunks it needs.
#include "wa/crypto/sidecar.h"

#include <cstring>

#include "crypto/test_support.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::pattern;
using test::Succeeds;
using test::toHex;

Key32 mediaKey() {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0xc0 + i);
  return k;
}

MediaKeys keysFor(MediaType type = MediaType::Video) { return *expandMediaKey(mediaKey(), type); }

EncryptedMedia encrypt(std::size_t n, MediaType type = MediaType::Video) {
  MediaEncryptOptions options;
  options.media_key = mediaKey();
  return *encryptMedia(pattern(n), type, options);
}

// The layout as docs/protocol.md states it, written the obvious way.
Bytes naiveSidecar(const MediaKeys& keys, ByteView enc_and_mac) {
  Bytes s(keys.iv.begin(), keys.iv.end());
  s.insert(s.end(), enc_and_mac.begin(), enc_and_mac.end());
  const std::size_t chunks = (s.size() - 16 + 65535) / 65536;
  Bytes out;
  for (std::size_t k = 0; k < chunks; ++k) {
    const std::size_t begin = 65536 * k;
    const std::size_t end = std::min(begin + 65552, s.size());
    const Sha256Digest mac = hmacSha256(keys.mac_key, ByteView(s).subspan(begin, end - begin));
    out.insert(out.end(), mac.begin(), mac.begin() + 10);
  }
  return out;
}

TEST(Sidecar, KnownVector) {
  const EncryptedMedia media = encrypt(200000);
  EXPECT_EQ(toHex(computeSidecar(keysFor(), media.enc_and_mac)),
            "dc5ee597560ab8d9a64768370222d9978604f46d4d402062732ac204f297c5ed4435a5402858b350");
  EXPECT_EQ(sidecarEntryCount(media.enc_and_mac.size()), 4u);
}

TEST(Sidecar, MatchesTheNaiveLayoutAtChunkEdges) {
  // Plaintext sizes whose encrypted size falls just around multiples of 64 KiB.
  for (std::size_t n : {0u, 65509u, 65510u, 65520u, 65526u, 65535u, 65536u, 131046u, 131062u, 131072u}) {
    const EncryptedMedia media = encrypt(n, MediaType::Audio);
    const MediaKeys keys = keysFor(MediaType::Audio);
    const Bytes expected = naiveSidecar(keys, media.enc_and_mac);
    EXPECT_EQ(computeSidecar(keys, media.enc_and_mac), expected) << n;
    EXPECT_EQ(expected.size(), sidecarEntryCount(media.enc_and_mac.size()) * 10) << n;
    ASSERT_TRUE(media.info.sidecar.has_value());
    EXPECT_EQ(*media.info.sidecar, expected) << n;
    // Pushed in odd pieces.
    SidecarBuilder builder(keys.mac_key);
    builder.update(ByteView(keys.iv).first(5));
    builder.update(ByteView(keys.iv).subspan(5));
    for (std::size_t at = 0; at < media.enc_and_mac.size(); at += 4099)
      builder.update(ByteView(media.enc_and_mac).subspan(at, std::min<std::size_t>(4099, media.enc_and_mac.size() - at)));
    EXPECT_EQ(builder.finish(), expected) << n;
  }
}

TEST(Sidecar, EntryCount) {
  EXPECT_EQ(sidecarEntryCount(26), 1u);
  EXPECT_EQ(sidecarEntryCount(65530), 1u);
  EXPECT_EQ(sidecarEntryCount(65546), 2u);
}

TEST(Sidecar, Verify) {
  const EncryptedMedia media = encrypt(200000);
  const Bytes sidecar = *media.info.sidecar;
  EXPECT_THAT(verifySidecar(keysFor(), media.enc_and_mac, sidecar), Succeeds());
  Bytes bad = media.enc_and_mac;
  bad[140000] ^= 1;  // in chunk 2 only (S offset 140016)
  EXPECT_THAT(verifySidecar(keysFor(), bad, sidecar),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Sidecar, 131056,
                               "sidecar entry 2 does not match file bytes 131056..196608"));
  Bytes overlap = media.enc_and_mac;
  overlap[65530] ^= 1;  // S offset 65546: in the overlap of chunks 0 and 1, so chunk 0 fails first
  EXPECT_THAT(verifySidecar(keysFor(), overlap, sidecar), FailsWith(ErrorCode::AuthenticationFailed, Stage::Sidecar, 0));
  EXPECT_THAT(verifySidecar(keysFor(), media.enc_and_mac, ByteView(sidecar).first(30)),
              FailsWithMessage(ErrorCode::Invalid, Stage::Sidecar, 0,
                               "sidecar of 30 bytes where 40 (4 chunks of 10) are needed"));
}

TEST(FirstFrameSidecar, ComputeAndVerify) {
  const EncryptedMedia media = encrypt(5000, MediaType::Sticker);
  const MediaKeys keys = keysFor(MediaType::Sticker);
  EXPECT_EQ(toHex(computeFirstFrameSidecar(keys, media.enc_and_mac, 1000)), "6440f9b3b963cae23878");
  // 993..1008 round up to the same 1008 bytes.
  EXPECT_EQ(computeFirstFrameSidecar(keys, media.enc_and_mac, 993), computeFirstFrameSidecar(keys, media.enc_and_mac, 1008));
  const MediaMac ff = computeFirstFrameSidecar(keys, media.enc_and_mac, 1000);
  EXPECT_THAT(verifyFirstFrameSidecar(keys, media.enc_and_mac, 1000, ff), Succeeds());
  EXPECT_THAT(verifyFirstFrameSidecar(keys, media.enc_and_mac, 2000, ff),
              FailsWithMessage(ErrorCode::AuthenticationFailed, Stage::Sidecar, 0,
                               "first-frame sidecar does not match the start of the file"));
  EXPECT_THAT(verifyFirstFrameSidecar(keys, media.enc_and_mac, 1000, ByteView(ff).first(9)),
              FailsWith(ErrorCode::Invalid, Stage::Sidecar, 0));
  // A first frame longer than the file covers the whole iv || ct.
  EXPECT_EQ(computeFirstFrameSidecar(keys, media.enc_and_mac, 1u << 30),
            computeFirstFrameSidecar(keys, media.enc_and_mac, 5008));
}

// ---- Byte ranges --------------------------------------------------------------------------------

struct CountingSource {
  Bytes bytes;
  std::uint64_t lowest = UINT64_MAX;
  std::uint64_t highest = 0;
  ReadAt reader() {
    return [this](std::uint64_t offset, MutableByteView out) -> Expected<void> {
      if (offset + out.size() > bytes.size()) return makeError(ErrorCode::Io, Stage::Media, offset, "past the end");
      lowest = std::min(lowest, offset);
      highest = std::max(highest, offset + out.size());
      std::memcpy(out.data(), bytes.data() + offset, out.size());
      return {};
    };
  }
};

TEST(EncryptedRange, Examples) {
  const std::uint64_t size = encryptedMediaSize(300000);  // 300026
  EXPECT_EQ(encryptedRangeFor(0, 1, size), (ByteRange{0, 65536}));
  EXPECT_EQ(encryptedRangeFor(65535, 65536, size), (ByteRange{0, 65536}));
  EXPECT_EQ(encryptedRangeFor(65536, 65537, size), (ByteRange{65520, 131072}));
  EXPECT_EQ(encryptedRangeFor(70000, 140000, size), (ByteRange{65520, 196608}));
  EXPECT_EQ(encryptedRangeFor(299990, 400000, size), (ByteRange{262128, 300026}));  // the last chunk holds the MAC
  EXPECT_EQ(encryptedRangeFor(5, 5, size), (ByteRange{}));
  EXPECT_EQ(encryptedRangeFor(0, 10, 27), (ByteRange{}));  // not 16n + 10
}

TEST(DecryptRange, EveryRangeMatchesThePlaintextAndReadsOnlyItsChunks) {
  const std::size_t n = 300000;
  const EncryptedMedia media = encrypt(n);
  const Bytes plain = pattern(n);
  const std::pair<std::uint64_t, std::uint64_t> ranges[] = {
      {0, 1},           {0, 16},          {15, 17},         {65535, 65537},     {65536, 65552}, {100, 200000},
      {131071, 131073}, {299984, 300000}, {299999, 300000}, {299990, 1u << 30}, {0, n},         {123456, 123457},
  };
  for (const auto& [begin, end] : ranges) {
    CountingSource source{media.enc_and_mac};
    auto got = decryptRange(keysFor(), *media.info.sidecar, media.enc_and_mac.size(), source.reader(), begin, end);
    ASSERT_THAT(got, Succeeds()) << begin << ".." << end;
    const std::uint64_t clipped = std::min<std::uint64_t>(end, n);
    EXPECT_EQ(*got, Bytes(plain.begin() + static_cast<std::ptrdiff_t>(begin), plain.begin() + static_cast<std::ptrdiff_t>(clipped)))
        << begin << ".." << end;
    const ByteRange needed = encryptedRangeFor(begin, end, media.enc_and_mac.size());
    EXPECT_GE(source.lowest, needed.begin) << begin << ".." << end;
    EXPECT_LE(source.highest, needed.end) << begin << ".." << end;
  }
}

TEST(DecryptRange, EmptyAndPastTheEnd) {
  const EncryptedMedia media = encrypt(1000);
  CountingSource source{media.enc_and_mac};
  EXPECT_TRUE(decryptRange(keysFor(), *media.info.sidecar, media.enc_and_mac.size(), source.reader(), 10, 10)->empty());
  // 1000..1008 lies in the padding of the last block: nothing to return.
  auto past = decryptRange(keysFor(), *media.info.sidecar, media.enc_and_mac.size(), source.reader(), 1000, 1008);
  ASSERT_THAT(past, Succeeds());
  EXPECT_TRUE(past->empty());
}

TEST(DecryptRange, ChecksOnlyTheChunksItUses) {
  const EncryptedMedia media = encrypt(300000);
  CountingSource source{media.enc_and_mac};
  source.bytes[250000] ^= 1;  // chunk 3
  EXPECT_THAT(decryptRange(keysFor(), *media.info.sidecar, source.bytes.size(), source.reader(), 0, 1000), Succeeds());
  EXPECT_THAT(decryptRange(keysFor(), *media.info.sidecar, source.bytes.size(), source.reader(), 240000, 240001),
              FailsWith(ErrorCode::AuthenticationFailed, Stage::Sidecar, 196592));
}

TEST(DecryptRange, Slices) {
  const EncryptedMedia media = encrypt(300000);
  const std::uint64_t size = media.enc_and_mac.size();
  const ByteRange need = encryptedRangeFor(70000, 70100, size);
  const ByteView slice = ByteView(media.enc_and_mac).subspan(need.begin, need.size());
  auto got = decryptRange(keysFor(), *media.info.sidecar, size, need.begin, slice, 70000, 70100);
  ASSERT_THAT(got, Succeeds());
  const Bytes plain = pattern(300000);
  EXPECT_EQ(*got, Bytes(plain.begin() + 70000, plain.begin() + 70100));
  EXPECT_THAT(decryptRange(keysFor(), *media.info.sidecar, size, need.begin + 16, slice.subspan(16), 70000, 70100),
              FailsWith(ErrorCode::Truncated, Stage::Media, 65520));
}

TEST(DecryptRange, Errors) {
  const EncryptedMedia media = encrypt(1000);
  CountingSource source{media.enc_and_mac};
  EXPECT_THAT(decryptRange(keysFor(), *media.info.sidecar, 1017, source.reader(), 0, 1),
              FailsWith(ErrorCode::Invalid, Stage::Media, 1017));
  EXPECT_THAT(decryptRange(keysFor(), Bytes(20), media.enc_and_mac.size(), source.reader(), 0, 1),
              FailsWith(ErrorCode::Invalid, Stage::Sidecar, 0));
  EXPECT_THAT(decryptRange(keysFor(MediaType::Audio), *media.info.sidecar, media.enc_and_mac.size(), source.reader(), 0, 1),
              FailsWith(ErrorCode::AuthenticationFailed, Stage::Sidecar, 0));
}

}  // namespace
}  // namespace wa::crypto
