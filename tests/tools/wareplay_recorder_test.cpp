// Tests for the recording proxy's writer (tools/wareplay/recorder.h): capture JSONL that reads
// back to the same messages, decrypted nodes when keys are known, one flushed line per message.
#include "wareplay/recorder.h"

#include <cstdio>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tools/wareplay_fixture.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/jsonl_reader.h"

namespace wa::wareplay {
namespace {

std::string readAll(std::FILE* f) {
  std::string out;
  std::rewind(f);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(WareplayRecorder, WritesCaptureJsonlThatReadsBack) {
  auto rec = fixture::makeRecording({.pushes = 2});
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Recorder recorder(f, nullptr);
  for (const auto& m : rec.messages) ASSERT_TRUE(recorder.record("3", m.dir, m.op, m.payload, m.t));
  EXPECT_EQ(recorder.messages(), rec.messages.size());
  std::string text = readAll(f);
  std::fclose(f);
  auto reader = capture::makeJsonlReader(capture::makeMemorySource(text));
  std::size_t i = 0;
  capture::CaptureMessage m;
  while (reader->read(m)) {
    ASSERT_LT(i, rec.messages.size());
    EXPECT_FALSE(m.error);
    EXPECT_EQ(m.payload, rec.messages[i].payload);
    EXPECT_EQ(m.dir, rec.messages[i].dir);
    EXPECT_EQ(m.op, rec.messages[i].op);
    EXPECT_EQ(m.conn, "3");
    EXPECT_DOUBLE_EQ(m.t, rec.messages[i].t);
    ++i;
  }
  EXPECT_EQ(i, rec.messages.size());
}

TEST(WareplayRecorder, AddsDecryptedNodesWithKeys) {
  auto rec = fixture::makeRecording({.pushes = 1});
  auto keys = std::make_shared<crypto::KeyFile>();
  keys->enc_key = fixture::sessionKeys().enc_key;
  keys->mac_key = fixture::sessionKeys().mac_key;
  std::FILE* f = std::tmpfile();
  Recorder recorder(f, keys);
  for (const auto& m : rec.messages) ASSERT_TRUE(recorder.record("1", m.dir, m.op, m.payload, m.t));
  std::string text = readAll(f);
  std::fclose(f);
  std::size_t nodes = 0, lines = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    auto line = nlohmann::json::parse(text.substr(start, nl - start));
    start = nl + 1;
    ++lines;
    if (line.contains("node")) {
      ++nodes;
      EXPECT_TRUE(line.contains("b64"));
      EXPECT_TRUE(line["tag"].is_string());
      EXPECT_FALSE(line.contains("decrypt_error"));
    }
  }
  EXPECT_EQ(lines, rec.messages.size());
  EXPECT_EQ(nodes, 4u);
  EXPECT_NE(text.find(R"("node":["query",{"type":"chat","epoch":"1"},[]])"), std::string::npos);
}

TEST(WareplayRecorder, DerivesKeysFromALiveConnSecret) {
  auto rec = fixture::makeRecording({.login = fixture::Login::Qr, .pushes = 1});
  auto keys = std::make_shared<crypto::KeyFile>();
  keys->private_key = fixture::clientPrivateKey();
  std::FILE* f = std::tmpfile();
  Recorder recorder(f, keys);
  for (const auto& m : rec.messages) ASSERT_TRUE(recorder.record("1", m.dir, m.op, m.payload, m.t));
  std::string text = readAll(f);
  std::fclose(f);
  EXPECT_NE(text.find(R"("node":["response",{"type":"chat"})"), std::string::npos);
  EXPECT_EQ(text.find("decrypt_error"), std::string::npos);
}

TEST(WareplayRecorder, WrongKeysAreNotedPerMessage) {
  auto rec = fixture::makeRecording({.pushes = 0});
  auto keys = std::make_shared<crypto::KeyFile>();
  keys->enc_key = fixture::filledKey(7);
  keys->mac_key = fixture::filledKey(8);
  std::FILE* f = std::tmpfile();
  Recorder recorder(f, keys);
  for (const auto& m : rec.messages) ASSERT_TRUE(recorder.record("1", m.dir, m.op, m.payload, m.t));
  std::string text = readAll(f);
  std::fclose(f);
  EXPECT_NE(text.find(R"("decrypt_error":"hmac at offset 0x0 (0): frame hmac mismatch")"), std::string::npos) << text;
}

}  // namespace
}  // namespace wa::wareplay
