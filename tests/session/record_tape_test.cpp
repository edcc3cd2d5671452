// A record's tape is the tape of its JSON text, byte for byte: for every record of the samples
// (with and without keys, redacted or not, protobufs shown or not), for random node trees, and for
// the odd fields (invalid UTF-8 in tags and errors, JSON payloads, pongs, nesting past the tape's
// limit).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "helpers/random_nodes.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/crypto/key_files.h"
#include "wa/session/message_decoder.h"
#include "wa/session/record_json.h"
#include "wa/support/text/json_tape.h"

namespace wa::session {
namespace {

const std::string kSamples = std::string(WA_SOURCE_DIR) + "/corpus/samples/";

std::string viaText(const Record& r, const RecordJsonOptions& o) {
  std::string text, tape;
  appendRecordJson(text, r, o);
  support::appendJsonTape(tape, text);
  return tape;
}

std::string direct(const Record& r, const RecordJsonOptions& o) {
  std::string tape;
  appendRecordTape(tape, r, o);
  return tape;
}

std::vector<RecordJsonOptions> allOptions() {
  std::vector<RecordJsonOptions> all;
  for (bool redact : {false, true})
    for (bool proto : {true, false}) {
      RecordJsonOptions o;
      o.redact = redact;
      o.decode_proto = proto;
      all.push_back(o);
    }
  return all;
}

struct Sample {
  const char* capture;
  const char* keys;
};

class RecordTapeSamples : public ::testing::TestWithParam<Sample> {};

TEST_P(RecordTapeSamples, EveryRecordsTapeIsItsTextsTape) {
  auto source = capture::openFileSource(kSamples + GetParam().capture);
  ASSERT_TRUE(source);
  auto reader = capture::openCaptureReader(std::move(*source));
  ASSERT_TRUE(reader);
  KeySources sources;
  if (*GetParam().keys != '\0') sources.file = *crypto::readKeyFile(kSamples + GetParam().keys);
  CaptureKeys keys(sources);
  MessageDecoder decoder(keys, {});
  capture::CaptureMessage m;
  Record r;
  std::size_t records = 0;
  for (std::size_t i = 0; (*reader)->read(m); ++i) {
    decoder.decode(m, r);
    r.index = i;
    for (const auto& o : allOptions()) ASSERT_EQ(direct(r, o), viaText(r, o)) << GetParam().capture << " #" << i;
    ++records;
  }
  EXPECT_GT(records, 5u);
}

INSTANTIATE_TEST_SUITE_P(Samples, RecordTapeSamples,
                         ::testing::Values(Sample{"session.pcap", "session.keys.json"}, Sample{"session.pcap", ""},
                                           Sample{"multi.har", "multi.har.keys.json"},
                                           Sample{"session.loss.pcap", "session.keys.json"},
                                           Sample{"session.jsonl", "session.keys.json"}));

TEST(RecordTape, RandomNodeTrees) {
  capture::CaptureMessage m;
  m.t = 1589358533.25;
  m.conn = "192.0.2.1:443";
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    testing::Rng rng(seed);
    Record r;
    r.message = &m;
    r.index = seed;
    r.kind = "binary";
    r.tag = "tag-" + std::to_string(seed);
    r.has_node = true;
    r.node = testing::randomNode(rng, {});
    for (const auto& o : allOptions()) ASSERT_EQ(direct(r, o), viaText(r, o)) << "seed " << seed;
  }
}

TEST(RecordTape, OddFields) {
  capture::CaptureMessage m;
  m.t = 1589358533.0;  // written "1589358533": json.loads makes an int of it
  m.conn = "conn \xFF\xFE";
  m.payload = std::string("\x00\x01\xFFpayload", 10);
  m.dir_inferred = true;
  Record r;
  r.message = &m;
  r.dir = codec::Direction::Send;
  r.dir_inferred = true;
  r.tag = "t\xC3";
  r.kind = "binary";
  r.metric = 7;
  r.flags = 128;
  r.plaintext = "plain";
  r.error = Error{ErrorCode::Invalid, Stage::Decode, 12, "bad \x01 byte \xE2\x82"};
  for (const auto& o : allOptions()) EXPECT_EQ(direct(r, o), viaText(r, o));

  Record pong;
  pong.message = &m;
  pong.kind = "pong";
  pong.pong_ms = 1589358534414;
  EXPECT_EQ(direct(pong, {}), viaText(pong, {}));

  const std::string payload = R"(["Conn",{"ref":"1@x","secret":"c2VjcmV0","battery":0.5,"big":123456789012345678901}])";
  Record json;
  json.message = &m;
  json.kind = "json";
  json.json_text = payload;
  for (const auto& o : allOptions()) EXPECT_EQ(direct(json, o), viaText(json, o));
}

TEST(RecordTape, NestingPastTheTapesLimitFallsBackToTheText) {
  capture::CaptureMessage m;
  Record r;
  r.message = &m;
  r.kind = "json";
  const std::string deep = std::string(3000, '[') + std::string(3000, ']');
  r.json_text = deep;
  const std::string tape = direct(r, {});
  EXPECT_EQ(tape, viaText(r, {}));
  EXPECT_EQ(tape[0], 'R');
}

}  // namespace
}  // namespace wa::session
