// The committed sample sessions read the same through every text container: detection, the
// HAR, mitmproxy and JSONL readers, and the frame splitter's direction rules on real-shaped frames.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "capture/reader_test_support.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/frame/direction.h"
#include "wa/codec/frame/frame.h"

namespace wa::capture {
namespace {

using codec::Frame;
using codec::SplitOptions;
using codec::splitFrame;

std::filesystem::path samples() { return std::filesystem::path(WA_SOURCE_DIR) / "corpus" / "samples"; }

std::vector<CaptureMessage> readSample(const std::string& name, CaptureFormat expected) {
  std::ifstream in(samples() / name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  auto reader = openCaptureReader(makeStreamSource(in));
  EXPECT_TRUE(reader) << name << ": " << (reader ? "" : reader.error().message);
  if (!reader) return {};
  EXPECT_EQ((*reader)->format(), expected) << name;
  return testing::readAll(**reader);
}

class SampleSession : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleSession, ContainersAgree) {
  const std::string base = GetParam();
  if (!std::filesystem::exists(samples() / (base + ".jsonl"))) GTEST_SKIP() << "no sample " << base;
  auto jsonl = readSample(base + ".jsonl", CaptureFormat::CaptureJsonl);
  auto har = readSample(base + ".har", CaptureFormat::Har);
  auto mitm = readSample(base + ".mitm", CaptureFormat::MitmFlow);
  ASSERT_FALSE(jsonl.empty());
  ASSERT_EQ(har.size(), jsonl.size());
  ASSERT_EQ(mitm.size(), jsonl.size());
  for (std::size_t i = 0; i < jsonl.size(); ++i) {
    for (const auto* other : {&har[i], &mitm[i]}) {
      EXPECT_FALSE(other->error) << i << " " << testing::describeRecord(*other);
      EXPECT_EQ(other->payload, jsonl[i].payload) << i;
      EXPECT_EQ(other->dir, jsonl[i].dir) << i;
      EXPECT_EQ(other->op, jsonl[i].op) << i;
      EXPECT_DOUBLE_EQ(other->t, jsonl[i].t) << i;
    }
  }
}

TEST_P(SampleSession, FramesSplitAndInferredDirectionsHold) {
  const std::string base = GetParam();
  if (!std::filesystem::exists(samples() / (base + ".jsonl"))) GTEST_SKIP() << "no sample " << base;
  std::size_t inferred = 0;
  for (const auto& m : readSample(base + ".jsonl", CaptureFormat::CaptureJsonl)) {
    Frame given = splitFrame(m);
    EXPECT_FALSE(given.error) << m.payload.substr(0, 80) << ": " << given.error->message;
    SplitOptions blind;
    blind.opcode = m.op;  // the direction is withheld
    Frame guess = splitFrame(m.payload, blind);
    if (guess.dir != Direction::Unknown) {
      ++inferred;
      EXPECT_EQ(guess.dir, m.dir) << m.payload.substr(0, 80);
      EXPECT_TRUE(guess.dir_inferred);
    }
    if (m.op == Opcode::Binary) {
      EXPECT_EQ(guess.dir, m.dir) << "the 16-byte rule decides every encrypted frame";
      EXPECT_EQ(guess.metric.has_value(), m.dir == Direction::Send);
    }
  }
  EXPECT_GT(inferred, 0u);
}

INSTANTIATE_TEST_SUITE_P(Corpus, SampleSession, ::testing::Values("session", "multi"));

}  // namespace
}  // namespace wa::capture
