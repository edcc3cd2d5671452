// hmacSha256Many: the RFC 4231 vectors through every backend, and the same MACs as hmacSha256 for
// mixes of keys and lengths (around the padding boundaries, long messages holding a lane while
// short ones pass, job counts around the lane count). The Lanes16 cases run on AVX-512 CPUs only.
#include "wa/crypto/hmac_many.h"

#include <random>
#include <string>
#include <vector>

#include "crypto/test_support.h"
#include "wa/crypto/primitives.h"

namespace wa::crypto {
namespace {

using test::hex;
using test::toHex;

const HmacManyBackend kBackends[] = {HmacManyBackend::Auto, HmacManyBackend::OneByOne, HmacManyBackend::Lanes16};

TEST(HmacSha256Many, Rfc4231VectorsOnEveryBackend) {
  const std::vector<test::HmacCase> cases = test::rfc4231Cases();
  // The six vectors three times over, so that the lanes have more jobs than kMinBusyLanes.
  std::vector<HmacSha256Key> keys;
  for (const auto& c : cases) keys.push_back(prepareHmacSha256Key(hex(c.key_hex)));
  for (HmacManyBackend backend : kBackends) {
    std::vector<Sha256Digest> macs(3 * cases.size());
    std::vector<HmacSha256Job> jobs;
    for (std::size_t i = 0; i < macs.size(); ++i)
      jobs.push_back({&keys[i % keys.size()], asBytes(cases[i % keys.size()].data), &macs[i]});
    hmacSha256Many(jobs, backend);
    for (std::size_t i = 0; i < macs.size(); ++i)
      EXPECT_EQ(toHex(macs[i]), cases[i % keys.size()].mac_hex) << "backend " << static_cast<int>(backend) << " job " << i;
  }
}

TEST(HmacSha256Many, NoJobsAndOneJob) {
  const HmacSha256Key key = prepareHmacSha256Key(asBytes("k"));
  for (HmacManyBackend backend : kBackends) {
    hmacSha256Many({}, backend);
    Sha256Digest mac{};
    const HmacSha256Job job{&key, asBytes(""), &mac};
    hmacSha256Many(std::span(&job, 1), backend);
    EXPECT_EQ(mac, hmacSha256(asBytes("k"), asBytes("")));
  }
}

// Random jobs: `count` messages of lengths drawn from `lengths`, under three keys.
void checkRandomJobs(std::mt19937& rng, std::size_t count, const std::vector<std::size_t>& lengths,
                     HmacManyBackend backend) {
  std::vector<Bytes> key_bytes;
  std::vector<HmacSha256Key> keys;
  for (std::size_t k : {32u, 5u, 100u}) {
    Bytes key(k);
    for (auto& b : key) b = static_cast<std::uint8_t>(rng());
    keys.push_back(prepareHmacSha256Key(key));
    key_bytes.push_back(std::move(key));
  }
  std::vector<Bytes> data(count);
  for (auto& d : data) {
    d.resize(lengths[rng() % lengths.size()]);
    for (auto& b : d) b = static_cast<std::uint8_t>(rng());
  }
  std::vector<Sha256Digest> macs(count);
  std::vector<HmacSha256Job> jobs;
  // Offset by one byte: data at any alignment.
  for (std::size_t i = 0; i < count; ++i)
    jobs.push_back({&keys[i % 3], ByteView(data[i]).subspan(data[i].empty() ? 0 : i % 2), &macs[i]});
  hmacSha256Many(jobs, backend);
  for (std::size_t i = 0; i < count; ++i)
    ASSERT_EQ(toHex(macs[i]), toHex(hmacSha256(key_bytes[i % 3], jobs[i].data)))
        << "backend " << static_cast<int>(backend) << ", " << count << " jobs, job " << i << " of "
        << jobs[i].data.size() << " bytes";
}

TEST(HmacSha256Many, SameAsOneAtATimeAroundThePaddingBoundaries) {
  std::mt19937 rng(7);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 200; ++n) lengths.push_back(n);  // 55/56 and 119/120: one or two tail blocks
  for (HmacManyBackend backend : kBackends)
    for (std::size_t count : {1u, 7u, 8u, 15u, 16u, 17u, 33u, 300u}) checkRandomJobs(rng, count, lengths, backend);
}

TEST(HmacSha256Many, LongMessagesAmongShortOnes) {
  std::mt19937 rng(11);
  const std::vector<std::size_t> lengths = {0, 17, 48, 64, 1000, 4096 + 33, 70000, 3};
  for (HmacManyBackend backend : kBackends)
    for (std::size_t count : {9u, 40u, 257u}) checkRandomJobs(rng, count, lengths, backend);
}

TEST(HmacSha256Many, KeyLongerThanABlockIsHashedFirst) {
  const Bytes key(200, 0x5a);
  const HmacSha256Key prepared = prepareHmacSha256Key(key);
  const std::string data(100, 'x');
  std::vector<Sha256Digest> macs(20);
  std::vector<HmacSha256Job> jobs;
  for (auto& mac : macs) jobs.push_back({&prepared, asBytes(data), &mac});
  hmacSha256Many(jobs);
  for (const auto& mac : macs) EXPECT_EQ(mac, hmacSha256(key, asBytes(data)));
}

TEST(HmacSha256Many, SaysWhetherTheLanesRun) {
  if (!hmacLanesAvailable()) GTEST_SKIP() << "no AVX-512 here: Lanes16 runs as OneByOne";
  SUCCEED();
}

}  // namespace
}  // namespace wa::crypto
