// The pipeline on threads gives the records of the one-thread pipeline, in order, whatever the
// number of workers, the batch sizes and the memory bound; keys from a Conn apply in capture
// order; warnings land before their record; a consumer that stops early does not hang.
#include "wa/session/parallel_decoder.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "wa/capture/byte_source.h"
#include "wa/crypto/key_files.h"
#include "wa/session/message_decoder.h"
#include "wa/session/record_json.h"

namespace wa::session {
namespace {

const std::string kSamples = std::string(WA_SOURCE_DIR) + "/corpus/samples/";

std::unique_ptr<capture::CaptureReader> open(const std::string& name) {
  auto source = capture::openFileSource(kSamples + name);
  EXPECT_TRUE(source);
  auto reader = capture::openCaptureReader(std::move(*source));
  EXPECT_TRUE(reader);
  return std::move(*reader);
}

KeySources sources(const std::string& keys_file) {
  KeySources s;
  if (!keys_file.empty()) s.file = *crypto::readKeyFile(kSamples + keys_file);
  return s;
}

// Each record's JSON line, one thread.
std::vector<std::string> sequential(const std::string& capture, const std::string& keys_file) {
  auto reader = open(capture);
  CaptureKeys keys(sources(keys_file));
  MessageDecoder decoder(keys, {});
  std::vector<std::string> out;
  capture::CaptureMessage m;
  Record r;
  for (std::size_t i = 0; reader->read(m); ++i) {
    decoder.decode(m, r);
    r.index = i;
    std::string line;
    appendRecordJson(line, r);
    out.push_back(line + "\n");
  }
  return out;
}

class JsonLines final : public RecordHandler {
 public:
  void handle(const Record& record, std::string& out, RecordNote&) override {
    appendRecordJson(out, record);
    out += '\n';
  }
};

struct Collected {
  std::vector<std::string> lines;
  std::vector<RecordNote> notes;
  std::vector<std::pair<std::size_t, std::string>> warnings;  // record index, text
};

Collected parallel(const std::string& capture, const std::string& keys_file, const ParallelOptions& options) {
  auto reader = open(capture);
  CaptureKeys keys(sources(keys_file));
  ParallelDecoder decoder(
      *reader, keys, [] { return std::make_unique<JsonLines>(); }, options);
  Collected c;
  DecodedBatch batch;
  while (decoder.next(batch)) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < batch.notes.size(); ++i) {
      for (const auto& w : batch.warnings)
        if (w.before == i) c.warnings.emplace_back(batch.notes[i].index, w.text);
      c.lines.push_back(batch.output.substr(start, batch.notes[i].output_end - start));
      start = batch.notes[i].output_end;
      c.notes.push_back(batch.notes[i]);
    }
    EXPECT_EQ(start, batch.output.size());
  }
  return c;
}

struct Case {
  const char* capture;
  const char* keys;
};

class ParallelDecoderTest : public ::testing::TestWithParam<Case> {};

TEST_P(ParallelDecoderTest, SameRecordsAsOneThread) {
  const auto want = sequential(GetParam().capture, GetParam().keys);
  ASSERT_GT(want.size(), 10u);
  for (unsigned workers : {1u, 2u, 5u}) {
    for (std::size_t batch : {std::size_t{1}, std::size_t{3}, std::size_t{512}}) {
      for (std::size_t max_batches : {std::size_t{1}, std::size_t{0}}) {
        for (bool caller_decodes : {false, true}) {
          ParallelOptions o;
          o.workers = workers;
          o.batch_messages = batch;
          o.max_batches = max_batches;
          o.caller_decodes = caller_decodes;
          const Collected got = parallel(GetParam().capture, GetParam().keys, o);
          ASSERT_EQ(got.lines, want) << workers << " workers, batches of " << batch << ", at most " << max_batches
                                     << (caller_decodes ? ", the caller decoding" : "");
          for (std::size_t i = 0; i < got.notes.size(); ++i) {
            EXPECT_EQ(got.notes[i].index, i);
            EXPECT_EQ(got.notes[i].error.has_value(), want[i].find("\"error\":") != std::string::npos) << i;
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Samples, ParallelDecoderTest,
                         ::testing::Values(Case{"session.pcap", "session.keys.json"},
                                           Case{"session.pcap", "session.private-key.json"},  // keys from the Conn
                                           Case{"session.pcap", ""},                          // no keys: errors
                                           Case{"multi.pcap", "multi.pcap.keys.json"},
                                           Case{"session.loss.pcap", "session.keys.json"},
                                           Case{"multi.har", "multi.har.keys.json"}));

TEST(ParallelDecoder, BatchesRespectTheByteBound) {
  auto reader = open("multi.pcap");
  CaptureKeys keys(sources("multi.pcap.keys.json"));
  ParallelOptions o;
  o.batch_bytes = 4096;
  ParallelDecoder decoder(
      *reader, keys, [] { return std::make_unique<JsonLines>(); }, o);
  DecodedBatch batch;
  std::size_t batches = 0;
  while (decoder.next(batch)) {
    ++batches;
    EXPECT_FALSE(batch.notes.empty());
  }
  EXPECT_GT(batches, 20u);
}

// A key file whose private key does not fit the capture's Conn secret: the reader's warning comes
// with the batch, before the Conn record, as MessageDecoder gives it after decoding that record.
TEST(ParallelDecoder, WarningsComeBeforeTheirRecord) {
  // multi.pcap's first connection with the second one's private key.
  auto file = *crypto::readKeyFile(kSamples + "multi.pcap.keys.json");
  crypto::KeyFile wrong;
  wrong.private_key = file.connections.at("51001").private_key;
  KeySources s;
  s.file = wrong;

  std::vector<std::size_t> want;  // records after which the one-thread decoder warns
  {
    auto reader = open("multi.pcap");
    CaptureKeys keys(s);
    MessageDecoder decoder(keys, {});
    capture::CaptureMessage m;
    Record r;
    for (std::size_t i = 0; reader->read(m); ++i) {
      decoder.decode(m, r);
      for (std::size_t k = decoder.takeWarnings().size(); k > 0; --k) want.push_back(i);
    }
  }
  ASSERT_FALSE(want.empty());

  auto reader = open("multi.pcap");
  CaptureKeys keys(s);
  ParallelOptions o;
  o.batch_messages = 7;
  ParallelDecoder decoder(
      *reader, keys, [] { return std::make_unique<JsonLines>(); }, o);
  DecodedBatch batch;
  std::vector<std::size_t> got;
  while (decoder.next(batch))
    for (const auto& w : batch.warnings) got.push_back(batch.notes[w.before].index);
  EXPECT_EQ(got, want);
}

class DropOdd final : public RecordHandler {
 public:
  void handle(const Record& record, std::string& out, RecordNote& note) override {
    if (record.index % 2 == 1) {
      note.kept = false;
      return;
    }
    out += std::to_string(record.index) + "\n";
  }
};

TEST(ParallelDecoder, HandlersMayDropRecords) {
  auto reader = open("session.pcap");
  CaptureKeys keys(sources("session.keys.json"));
  ParallelDecoder decoder(*reader, keys, [] { return std::make_unique<DropOdd>(); }, {});
  DecodedBatch batch;
  std::string all;
  std::size_t kept = 0, total = 0;
  while (decoder.next(batch)) {
    all += batch.output;
    for (const auto& n : batch.notes) {
      ++total;
      kept += n.kept ? 1 : 0;
    }
  }
  EXPECT_EQ(kept, (total + 1) / 2);
  EXPECT_EQ(all.substr(0, 6), "0\n2\n4\n");
}

TEST(ParallelDecoder, StoppingEarlyDoesNotHang) {
  for (int round = 0; round < 20; ++round) {
    auto reader = open("multi.pcap");
    CaptureKeys keys(sources("multi.pcap.keys.json"));
    ParallelOptions o;
    o.batch_messages = 2;
    o.max_batches = 2;
    o.workers = 3;
    o.caller_decodes = round % 2 == 1;
    ParallelDecoder decoder(
        *reader, keys, [] { return std::make_unique<JsonLines>(); }, o);
    DecodedBatch batch;
    for (int i = 0; i < round % 4 && decoder.next(batch); ++i) {
    }
  }  // the destructor stops the reader and workers
  SUCCEED();
}

class ThrowAt final : public RecordHandler {
 public:
  void handle(const Record& record, std::string& out, RecordNote&) override {
    if (record.index == 40) throw std::runtime_error("handler failed");
    out += '.';
  }
};

// What a handler throws reaches the caller, from a worker or from the caller's own decoding.
TEST(ParallelDecoder, AHandlersFailureReachesTheCaller) {
  for (unsigned workers : {1u, 2u}) {
    for (bool caller_decodes : {false, true}) {
      auto reader = open("multi.pcap");
      CaptureKeys keys(sources("multi.pcap.keys.json"));
      ParallelOptions o;
      o.batch_messages = 4;
      o.workers = workers;
      o.caller_decodes = caller_decodes;
      ParallelDecoder decoder(*reader, keys, [] { return std::make_unique<ThrowAt>(); }, o);
      DecodedBatch batch;
      std::size_t delivered = 0;
      EXPECT_THROW(
          {
            while (decoder.next(batch)) delivered += batch.notes.size();
          },
          std::runtime_error)
          << workers << (caller_decodes ? " with the caller" : "");
      EXPECT_LE(delivered, 40u);
    }
  }
}

// With one worker and the caller decoding, no thread is started: next() does all the work.
TEST(ParallelDecoder, OneWorkerThatIsTheCaller) {
  auto reader = open("session.pcap");
  CaptureKeys keys(sources("session.keys.json"));
  ParallelOptions o;
  o.workers = 1;
  o.caller_decodes = true;
  o.max_batches = 1;
  ParallelDecoder decoder(*reader, keys, [] { return std::make_unique<JsonLines>(); }, o);
  DecodedBatch batch;
  std::size_t records = 0;
  while (decoder.next(batch)) records += batch.notes.size();
  EXPECT_EQ(records, sequential("session.pcap", "session.keys.json").size());
  EXPECT_EQ(decoder.handlers().size(), 1u);
}

TEST(ParallelDecoder, AvailableCoresIsAtLeastOne) { EXPECT_GE(availableCores(), 1u); }

}  // namespace
}  // namespace wa::session
