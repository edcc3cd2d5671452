// Plaintext node inputs: records found line by line, and decoded in batches on several threads with
// the output of one thread, in order.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wa/codec/node/encoder.h"
#include "wa/support/text/hex.h"
#include "wa/testing/generator/node_corpus.h"
#include "wadecode/node_batches.h"
#include "wadecode/node_input.h"
#include "wadecode/options.h"

namespace wa::wadecode {
namespace {

std::vector<NodeLine> allLines(std::string_view input, const std::string& format) {
  NodeLines lines(input, format);
  std::vector<NodeLine> out;
  for (NodeLine line; lines.next(line);) out.push_back(line);
  EXPECT_EQ(lines.position(), input.size());
  return out;
}

TEST(NodeLines, SkipsBlankAndCommentLinesAndNumbersTheRest) {
  const std::string input = "# a comment\n\nf801\n  \t\r\n  # indented comment\n zz \nf802";
  const auto lines = allLines(input, "node-hex");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "f801");
  EXPECT_EQ(lines[0].offset, input.find("f801"));
  EXPECT_EQ(lines[1].text, " zz ");
  EXPECT_EQ(lines[1].offset, input.find(" zz "));
  EXPECT_EQ(lines[2].text, "f802");  // the last line needs no newline
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].index, i);
  EXPECT_TRUE(allLines("", "node-hex").empty());
  EXPECT_TRUE(allLines("\n\n# only comments\n", "node-hex").empty());
}

TEST(NodeLines, NodeBinIsOneRecordOfTheWholeInput) {
  const std::string input("\xf8\x01\n\x09", 4);
  const auto lines = allLines(input, "node-bin");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, input);
  EXPECT_EQ(allLines("", "node-bin").size(), 1u);  // an empty node-bin input is one (failing) record
}

// Generated nodes as hex lines, with lines that are not hex or not a node among them.
std::string generatedInput(std::size_t records) {
  testing::NodeGenerator generator(7);
  std::string input;
  for (std::size_t i = 0; i < records; ++i) {
    if (i % 17 == 5) {
      input += "f8 not hex\n";
    } else if (i % 23 == 9) {
      input += "f80a\n";  // a list of ten children with nothing after it
    } else {
      support::appendHex(input, *codec::encodeNode(generator.mixed(), codec::EncodeStyle::Server));
      input += i % 3 == 0 ? "\n\n" : "\n";
    }
  }
  return input;
}

struct Delivered {
  std::string output;
  std::vector<std::size_t> first_index;  // of each batch, in delivery order
  std::vector<std::size_t> failed;
};

// Batches of 1 to 7 records (sizes that vary so that batches end everywhere).
Delivered decodeAll(std::string_view input, const DecodeOptions& options, unsigned jobs) {
  NodeLines lines(input, "node-hex");
  Delivered d;
  std::size_t batches = 0;
  bool ended = false;
  decodeNodeBatches(
      jobs, [&] { return std::make_unique<NodeBatchDecoder>(options, false, true, codec::DecodeLimits{}); },
      [&](NodeBatch& batch) {
        EXPECT_FALSE(ended) << "fill called again after it said the input ended";
        const std::size_t want = 1 + batches++ % 7;
        for (NodeLine line; batch.lines.size() < want && lines.next(line);) batch.lines.push_back(line);
        ended = batch.lines.empty();
        return !ended;
      },
      [&](NodeBatch& batch) {
        d.first_index.push_back(batch.lines.front().index);
        std::size_t previous_end = 0;
        for (const NodeFailure& f : batch.failures) {
          EXPECT_GE(f.output_end, previous_end);
          EXPECT_LE(f.output_end, batch.output.size());
          previous_end = f.output_end;
          d.failed.push_back(f.index);
        }
        d.output += batch.output;
      });
  return d;
}

TEST(NodeBatches, AnyNumberOfThreadsGivesTheOutputOfOneInOrder) {
  const std::string input = generatedInput(400);
  for (const char* format : {"jsonl", "text"}) {
    DecodeOptions options;
    options.format = format;
    const Delivered one = decodeAll(input, options, 1);
    ASSERT_FALSE(one.output.empty());
    ASSERT_FALSE(one.failed.empty());
    for (std::size_t i = 1; i < one.first_index.size(); ++i) EXPECT_LT(one.first_index[i - 1], one.first_index[i]);
    for (unsigned jobs : {2u, 3u, 8u}) {
      const Delivered many = decodeAll(input, options, jobs);
      EXPECT_EQ(many.first_index, one.first_index) << format << " -j " << jobs;
      EXPECT_EQ(many.failed, one.failed) << format << " -j " << jobs;
      EXPECT_TRUE(many.output == one.output) << format << " -j " << jobs;
    }
  }
}

TEST(NodeBatches, FailuresAreRenderedWhereTheyFallAndNumbered) {
  DecodeOptions options;
  options.format = "jsonl";
  testing::NodeGenerator generator(3);
  std::string input;
  support::appendHex(input, *codec::encodeNode(generator.presence(), codec::EncodeStyle::Server));
  const Delivered d = decodeAll(input + "\nzz\nf8\n", options, 2);
  EXPECT_EQ(d.failed, (std::vector<std::size_t>{1, 2}));
  EXPECT_NE(d.output.find(R"({"i":1,"error":{"stage":"capture")"), std::string::npos) << d.output;
  EXPECT_NE(d.output.find(R"({"i":2,"error":)"), std::string::npos) << d.output;
}

}  // namespace
}  // namespace wa::wadecode
