// The session fixtures committed for wareplay's CLI tests are exactly what the fixture builder makes
// (tests/tools/wareplay_fixture.h). WAREPLAY_WRITE_FIXTURES=1 rewrites them.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "tools/wareplay_fixture.h"

namespace wa::wareplay {
namespace {

namespace fs = std::filesystem;

struct FixtureFile {
  std::string name;
  std::string content;
};

std::vector<FixtureFile> expectedFixtures() {
  auto restore = fixture::makeRecording({.login = fixture::Login::Restore});
  auto challenge = fixture::makeRecording({.login = fixture::Login::Restore, .challenge = true, .pushes = 2});
  auto qr = fixture::makeRecording({.login = fixture::Login::Qr, .rerefs = 1});
  auto paced = fixture::makeRecording({.login = fixture::Login::Restore, .pushes = 40, .gap = 0.005});
  return {
      {"restore.jsonl", restore.jsonl()}, {"restore.har", restore.har()}, {"restore.pcap", restore.pcap()},
      {"restore.keys.json", restore.keyFile()}, {"challenge.jsonl", challenge.jsonl()},
      {"challenge.keys.json", challenge.keyFile()}, {"qr.jsonl", qr.jsonl()}, {"qr.keys.json", qr.keyFile()},
      {"paced.jsonl", paced.jsonl()}, {"paced.keys.json", paced.keyFile()},
  };
}

TEST(WareplayFixtures, CommittedFilesMatchTheBuilder) {
  fs::path dir = fs::path(WA_SOURCE_DIR) / "tests" / "cli" / "wareplay" / "fixtures";
  bool write = std::getenv("WAREPLAY_WRITE_FIXTURES") != nullptr;
  if (write) fs::create_directories(dir);
  for (const auto& f : expectedFixtures()) {
    if (write) std::ofstream(dir / f.name, std::ios::binary) << f.content;
    std::ifstream in(dir / f.name, std::ios::binary);
    ASSERT_TRUE(in) << f.name << " is missing; run with WAREPLAY_WRITE_FIXTURES=1";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), f.content) << f.name << " is stale; run with WAREPLAY_WRITE_FIXTURES=1";
  }
}

}  // namespace
}  // namespace wa::wareplay
