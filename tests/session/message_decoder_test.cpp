// MessageDecoder::prepareMacs: records are the same with the MACs computed for the whole batch
// beforehand (on AVX-512 CPUs; elsewhere it does nothing), for good frames and for forged ones
// (a changed MAC, a changed ciphertext byte, a short body, another connection's keys).
#include "wa/session/message_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/crypto/hmac_many.h"
#include "wa/crypto/key_files.h"
#include "wa/session/record_json.h"

namespace wa::session {
namespace {

const std::string kSamples = std::string(WA_SOURCE_DIR) + "/corpus/samples/";

struct Batch {
  std::vector<capture::CaptureMessage> messages;
  std::vector<std::shared_ptr<const KeySnapshot>> held;
  std::vector<const KeySnapshot*> keys;
};

// The sample session's messages with their keys, then forged copies of its binary frames.
Batch sampleBatch() {
  auto source = capture::openFileSource(kSamples + "session.har");
  EXPECT_TRUE(source);
  auto reader = capture::openCaptureReader(std::move(*source));
  EXPECT_TRUE(reader);
  KeySources sources;
  sources.file = *crypto::readKeyFile(kSamples + "session.keys.json");
  CaptureKeys keys(sources);
  Batch b;
  capture::CaptureMessage m;
  while ((*reader)->read(m)) {
    b.held.push_back(keys.snapshotFor(m.conn));
    b.messages.push_back(m);
  }
  const std::size_t n = b.messages.size();
  KeySnapshot other_keys{crypto::SessionKeys{}, ""};
  other_keys.keys->mac_key.fill(7);
  const auto other = std::make_shared<const KeySnapshot>(other_keys);
  int forged = 0;
  for (std::size_t i = 0; i < n && forged < 40; ++i) {
    const capture::CaptureMessage& good = b.messages[i];
    if (good.op != codec::Opcode::Binary || good.payload.size() < 200) continue;
    const std::size_t body = good.payload.find(',') + 1;
    for (int kind = 0; kind < 4; ++kind) {
      capture::CaptureMessage bad = good;
      std::shared_ptr<const KeySnapshot> snapshot = b.held[i];
      switch (kind) {
        case 0: bad.payload[body + 5] ^= 1; break;              // the MAC
        case 1: bad.payload[bad.payload.size() - 20] ^= 1; break;  // the ciphertext
        case 2: bad.payload.resize(body + 40); break;          // shorter than a body can be
        default: snapshot = other; break;                      // another key
      }
      b.messages.push_back(std::move(bad));
      b.held.push_back(snapshot);
    }
    ++forged;
  }
  EXPECT_GT(forged, 10);
  for (const auto& s : b.held) b.keys.push_back(s.get());
  return b;
}

std::vector<std::string> records(const Batch& b, bool prepare) {
  MessageDecoder decoder({});
  if (prepare) decoder.prepareMacs(b.messages, b.keys);
  std::vector<std::string> out;
  Record r;
  for (std::size_t i = 0; i < b.messages.size(); ++i) {
    decoder.decode(b.messages[i], *b.keys[i], r);
    r.index = i;
    std::string line;
    appendRecordJson(line, r);
    out.push_back(std::move(line));
  }
  return out;
}

TEST(MessageDecoderPrepareMacs, SameRecordsForGoodAndForgedFrames) {
  const Batch b = sampleBatch();
  const std::vector<std::string> plain = records(b, false);
  const std::vector<std::string> prepared = records(b, true);
  ASSERT_EQ(plain.size(), prepared.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(plain[i], prepared[i]) << "record " << i;
    mismatches += plain[i].find("hmac mismatch") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(mismatches, 20u);  // the forged MACs, ciphertexts and keys were caught
  if (!crypto::hmacLanesAvailable()) GTEST_SKIP() << "no AVX-512 here: prepareMacs computes nothing";
}

TEST(MessageDecoderPrepareMacs, MessagesDecodedOutOfOrderOrNotPreparedStillDecode) {
  const Batch b = sampleBatch();
  const std::vector<std::string> plain = records(b, false);
  MessageDecoder decoder({});
  // Prepared for the first half only, decoded backwards.
  const std::size_t half = b.messages.size() / 2;
  decoder.prepareMacs(std::span(b.messages).first(half), std::span(b.keys).first(half));
  Record r;
  for (std::size_t i = b.messages.size(); i-- > 0;) {
    decoder.decode(b.messages[i], *b.keys[i], r);
    r.index = i;
    std::string line;
    appendRecordJson(line, r);
    EXPECT_EQ(line, plain[i]) << "record " << i;
  }
}

}  // namespace
}  // namespace wa::session
