// HMAC-SHA256 of many messages: each message's inner hash starts from its key's inner state, runs
// over its blocks and its padded tail; the outer hash is one block from the key's outer state.
// With AVX-512, sixteen inner hashes share the registers (a lane that finishes takes the next
// message), then the outer blocks go sixteen at a time.
#include "wa/crypto/hmac_many.h"

#include <cryptopp/sha.h>

#include <algorithm>
#include <cstring>

#include "hmac_pads.h"
#include "sha256_lanes.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

constexpr std::size_t kBlock = 64;
constexpr int kLanes = 16;
// Fewer busy lanes than this, with no message left to start: the rest finish one by one, which is
// then faster (sixteen lanes do about twice the bytes of one SHA-NI stream).
constexpr int kMinBusyLanes = 8;

// On x86 Crypto++'s block functions (SHA-NI, SSE2) load words unaligned: the blocks of a frame,
// anywhere in its message, need no copy. Elsewhere they are copied to aligned memory first.
#if defined(__x86_64__) || defined(__i386__)
constexpr bool kReadsUnaligned = true;
#else
constexpr bool kReadsUnaligned = false;
#endif

// Crypto++'s SHA-256 compression from a state of our own (its state buffer and block function
// are protected members of the class).
class Sha256Compressor : public CryptoPP::SHA256 {
 public:
  // state advances by `count` blocks at `data` (any alignment).
  void run(std::array<std::uint32_t, 8>& state, const std::uint8_t* data, std::size_t count) {
    if (count == 0) return;
    std::memcpy(StateBuf(), state.data(), sizeof state);
    if (kReadsUnaligned || reinterpret_cast<std::uintptr_t>(data) % alignof(CryptoPP::word32) == 0) {
      HashMultipleBlocks(reinterpret_cast<const CryptoPP::word32*>(data), count * kBlock);
    } else {
      alignas(16) CryptoPP::word32 aligned[kBlock * 16 / sizeof(CryptoPP::word32)];
      while (count != 0) {
        const std::size_t n = std::min<std::size_t>(count, 16);
        std::memcpy(aligned, data, n * kBlock);
        HashMultipleBlocks(aligned, n * kBlock);
        data += n * kBlock;
        count -= n;
      }
    }
    std::memcpy(state.data(), StateBuf(), sizeof state);
  }
};

std::array<std::uint32_t, 8> initialState() {
  std::array<std::uint32_t, 8> s{};
  CryptoPP::SHA256::InitState(s.data());
  return s;
}

void putDigest(const std::array<std::uint32_t, 8>& state, Sha256Digest& out) noexcept {
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
}

// The last bytes of a message, 0x80, zeros and the length in bits (FIPS 180-4 §5.1.1) of the
// inner hash's input, the pad block included: one block, or two when the bytes leave no room.
struct Tail {
  alignas(64) std::uint8_t bytes[2 * kBlock];
  std::size_t blocks;
};

void makeTail(Tail& t, ByteView data) noexcept {
  const std::size_t rest = data.size() % kBlock;
  std::memset(t.bytes, 0, sizeof t.bytes);
  if (rest != 0) std::memcpy(t.bytes, data.data() + data.size() - rest, rest);
  t.bytes[rest] = 0x80;
  t.blocks = rest + 1 + 8 <= kBlock ? 1 : 2;
  const std::uint64_t bits = (static_cast<std::uint64_t>(data.size()) + kBlock) * 8;
  for (std::size_t i = 0; i < 8; ++i) t.bytes[t.blocks * kBlock - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
}

// The outer hash's one block after the pad block: the inner digest, 0x80, the length (96 bytes).
void makeOuterBlock(std::uint8_t (&block)[kBlock], const Sha256Digest& inner) noexcept {
  std::memset(block, 0, sizeof block);
  std::memcpy(block, inner.data(), inner.size());
  block[inner.size()] = 0x80;
  block[kBlock - 2] = 0x03;  // 768 bits
}

// *job.mac holds the inner digest: replaces it by the MAC, the outer hash's one block.
void outerOneByOne(const HmacSha256Job& job, Sha256Compressor& sha) noexcept {
  std::uint8_t block[kBlock];
  makeOuterBlock(block, *job.mac);
  std::array<std::uint32_t, 8> s = job.key->outer;
  sha.run(s, block, 1);
  putDigest(s, *job.mac);
}

void oneJob(const HmacSha256Job& job, Sha256Compressor& sha) noexcept {
  std::array<std::uint32_t, 8> s = job.key->inner;
  sha.run(s, job.data.data(), job.data.size() / kBlock);
  Tail tail;
  makeTail(tail, job.data);
  sha.run(s, tail.bytes, tail.blocks);
  putDigest(s, *job.mac);
  outerOneByOne(job, sha);
}

// One message in a lane: where its next block is.
struct Lane {
  std::size_t job = SIZE_MAX;  // SIZE_MAX: idle
  const std::uint8_t* next = nullptr;
  std::size_t full_left = 0;   // whole data blocks still to hash
  std::size_t tail_done = 0;   // tail blocks hashed
  Tail tail;
};

void setColumn(std::uint32_t (&state)[8][16], int lane, const std::array<std::uint32_t, 8>& s) noexcept {
  for (int i = 0; i < 8; ++i) state[i][lane] = s[static_cast<std::size_t>(i)];
}
std::array<std::uint32_t, 8> column(const std::uint32_t (&state)[8][16], int lane) noexcept {
  std::array<std::uint32_t, 8> s{};
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = state[i][lane];
  return s;
}

void inLanes(std::span<const HmacSha256Job> jobs, Sha256Compressor& sha) noexcept {
  alignas(64) static constexpr std::uint8_t kIdleBlock[kBlock] = {};
  alignas(64) std::uint32_t state[8][16] = {};
  Lane lanes[kLanes];
  std::size_t next_job = 0;
  int busy = 0;
  const auto start = [&](int l) {
    Lane& lane = lanes[l];
    if (next_job == jobs.size()) {
      lane.job = SIZE_MAX;
      return;
    }
    const HmacSha256Job& job = jobs[next_job];
    lane.job = next_job++;
    lane.next = job.data.data();
    lane.full_left = job.data.size() / kBlock;
    lane.tail_done = 0;
    makeTail(lane.tail, job.data);
    setColumn(state, l, job.key->inner);
    ++busy;
  };
  for (int l = 0; l < kLanes; ++l) start(l);

  // Inner hashes: the inner digest goes to the job's mac until the outer pass replaces it.
  while (busy > 0 && (next_job < jobs.size() || busy >= kMinBusyLanes)) {
    // While every busy lane has whole data blocks left, steps need no bookkeeping but the pointers.
    std::size_t run = SIZE_MAX;
    for (const Lane& lane : lanes)
      if (lane.job != SIZE_MAX) run = std::min(run, lane.full_left);
    if (run != 0 && run != SIZE_MAX) {
      const std::uint8_t* blocks[kLanes];
      for (int l = 0; l < kLanes; ++l) blocks[l] = lanes[l].job == SIZE_MAX ? kIdleBlock : lanes[l].next;
      for (std::size_t step = 0; step < run; ++step) {
        detail::sha256Compress16(state, blocks);
        for (int l = 0; l < kLanes; ++l)
          if (lanes[l].job != SIZE_MAX) blocks[l] += kBlock;
      }
      for (Lane& lane : lanes) {
        if (lane.job == SIZE_MAX) continue;
        lane.next += run * kBlock;
        lane.full_left -= run;
      }
    }
    const std::uint8_t* blocks[kLanes];
    for (int l = 0; l < kLanes; ++l) {
      const Lane& lane = lanes[l];
      blocks[l] = lane.job == SIZE_MAX ? kIdleBlock : lane.full_left != 0 ? lane.next : lane.tail.bytes + lane.tail_done * kBlock;
    }
    detail::sha256Compress16(state, blocks);
    for (int l = 0; l < kLanes; ++l) {
      Lane& lane = lanes[l];
      if (lane.job == SIZE_MAX) continue;
      if (lane.full_left != 0) {
        lane.next += kBlock;
        --lane.full_left;
        continue;
      }
      if (++lane.tail_done < lane.tail.blocks) continue;
      putDigest(column(state, l), *jobs[lane.job].mac);
      --busy;
      start(l);
    }
  }
  // The last few, one by one from where their lanes stopped.
  for (int l = 0; l < kLanes; ++l) {
    Lane& lane = lanes[l];
    if (lane.job == SIZE_MAX) continue;
    std::array<std::uint32_t, 8> s = column(state, l);
    sha.run(s, lane.next, lane.full_left);
    sha.run(s, lane.tail.bytes + lane.tail_done * kBlock, lane.tail.blocks - lane.tail_done);
    putDigest(s, *jobs[lane.job].mac);
  }

  // Outer hashes: one block each, sixteen at a time while at least kMinBusyLanes are left.
  std::size_t i = 0;
  for (; jobs.size() - i >= static_cast<std::size_t>(kMinBusyLanes); i += std::min<std::size_t>(kLanes, jobs.size() - i)) {
    const std::size_t n = std::min<std::size_t>(kLanes, jobs.size() - i);
    alignas(64) std::uint8_t outer_blocks[kLanes][kBlock];
    const std::uint8_t* blocks[kLanes];
    for (int l = 0; l < kLanes; ++l) {
      if (static_cast<std::size_t>(l) < n) {
        makeOuterBlock(outer_blocks[l], *jobs[i + static_cast<std::size_t>(l)].mac);
        setColumn(state, l, jobs[i + static_cast<std::size_t>(l)].key->outer);
        blocks[l] = outer_blocks[l];
      } else {
        blocks[l] = kIdleBlock;
      }
    }
    detail::sha256Compress16(state, blocks);
    for (std::size_t l = 0; l < n; ++l) putDigest(column(state, static_cast<int>(l)), *jobs[i + l].mac);
  }
  for (; i < jobs.size(); ++i) outerOneByOne(jobs[i], sha);
}

}  // namespace

HmacSha256Key prepareHmacSha256Key(ByteView key) noexcept {
  detail::HmacPads pads;
  detail::makeHmacPads(key, pads);
  Sha256Compressor sha;
  HmacSha256Key out;
  out.inner = initialState();
  sha.run(out.inner, pads.inner, 1);
  out.outer = initialState();
  sha.run(out.outer, pads.outer, 1);
  secureWipe(MutableByteView(reinterpret_cast<std::uint8_t*>(&pads), sizeof pads));
  return out;
}

bool hmacLanesAvailable() noexcept { return detail::sha256LanesAvailable(); }

void hmacSha256Many(std::span<const HmacSha256Job> jobs, HmacManyBackend backend) noexcept {
  Sha256Compressor sha;
  const bool lanes = detail::sha256LanesAvailable() &&
                     (backend == HmacManyBackend::Lanes16 ||
                      (backend == HmacManyBackend::Auto && jobs.size() >= static_cast<std::size_t>(kMinBusyLanes)));
  if (lanes) {
    inLanes(jobs, sha);
    return;
  }
  for (const HmacSha256Job& job : jobs) oneJob(job, sha);
}

}  // namespace wa::crypto
