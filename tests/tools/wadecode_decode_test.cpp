// wadecode's own logic, beside the libraries: its key options, telling its inputs apart, its
// filters, its option parsing and its printers' safety.
#include <cstdio>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "helpers/temp_dir.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/message.h"
#include "wadecode/decode_input.h"
#include "wadecode/filters.h"
#include "wadecode/key_options.h"
#include "wadecode/options.h"
#include "wadecode/record_printer.h"

namespace wa::wadecode {
namespace {

/// Diagnostics written to a temporary file, read back as text.
struct CapturedDiagnostics {
  std::FILE* file = std::tmpfile();
  tools::Diagnostics diag{"wadecode", file};
  ~CapturedDiagnostics() { std::fclose(file); }
  std::string text() const {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buf[512];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file)) > 0;) out.append(buf, n);
    return out;
  }
};

constexpr const char* kKey32 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";  // bytes 0..31

class WadecodeInput : public testing::TempDirTest {};

TEST_F(WadecodeInput, EmptyNodesAndCapturesAreToldApart) {
  DecodeOptions o;
  o.input = write("empty", "");
  auto empty = openDecodeInput(o);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->kind, DecodeInput::Kind::Empty);

  o.input = write("node.bin", std::string("\xf8\x01\x09", 3));
  auto bin = openDecodeInput(o);
  ASSERT_TRUE(bin);
  EXPECT_EQ(bin->kind, DecodeInput::Kind::Nodes);
  EXPECT_EQ(bin->node_format, "node-bin");
  support::ReadBuffer storage;
  EXPECT_EQ(*readAll(*bin->source, storage, "node.bin"), std::string("\xf8\x01\x09", 3));  // nothing lost to the look

  o.input = write("nodes.hex", "  F80109\nf80109\n");
  auto hex = openDecodeInput(o);
  ASSERT_TRUE(hex);
  EXPECT_EQ(hex->node_format, "node-hex");

  o.input = write("capture.jsonl", R"({"t":1,"dir":"send","conn":"1","op":1,"text":"1.--0,[\"admin\"]"})" "\n");
  auto jsonl = openDecodeInput(o);
  ASSERT_TRUE(jsonl);
  EXPECT_EQ(jsonl->kind, DecodeInput::Kind::Capture);
  EXPECT_EQ(jsonl->format, capture::CaptureFormat::CaptureJsonl);

  o.input_format = "node-hex";  // forced: no detection
  auto forced = openDecodeInput(o);
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->kind, DecodeInput::Kind::Nodes);
}

// A file of 1 MiB or more is mapped, a stream is read into the storage: both give every byte.
TEST_F(WadecodeInput, ReadAllGivesEveryByteMappedOrRead) {
  std::string text;
  for (int i = 0; text.size() < (std::size_t{3} << 20) / 2; ++i) text += fmt::format("f8{:04x}09\n", i % 0x10000);
  text += text;  // 3 MiB, past the size that is mapped
  DecodeOptions o;
  o.input = write("large.hex", text);
  auto mapped = openDecodeInput(o);
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->node_format, "node-hex");
  support::ReadBuffer storage;
  auto all = readAll(*mapped->source, storage, "large.hex");
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, text);
  EXPECT_TRUE(storage.empty());  // the view is the mapping

  std::istringstream stream(text);
  auto streamed = capture::makeStreamSource(stream);
  auto read = readAll(*streamed, storage, "stream");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, text);
  EXPECT_EQ(read->data(), storage.chars());
}

TEST_F(WadecodeInput, AMissingFileIsAnIoFailureNamingIt) {
  DecodeOptions o;
  o.input = dir_ + "/absent.har";
  auto r = openDecodeInput(o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, tools::kExitIo);
  EXPECT_NE(r.error().message.find("absent.har"), std::string::npos);
}

TEST(WadecodeNodeHex, LooksLikeAListTag) {
  EXPECT_TRUE(looksLikeNodeHex("f80109"));
  EXPECT_TRUE(looksLikeNodeHex("\n  F9 00"));
  EXPECT_FALSE(looksLikeNodeHex("f7"));
  EXPECT_FALSE(looksLikeNodeHex("f"));
  EXPECT_FALSE(looksLikeNodeHex("1.--0,[]"));
}

TEST(WadecodeKeys, EveryBadOptionIsReportedWithUsageStatus) {
  DecodeOptions o;
  o.enc_key = "AAAA";
  o.mac_key = "hex:00";
  CapturedDiagnostics d;
  int status = 0;
  EXPECT_FALSE(readKeyOptions(o, d.diag, status));
  EXPECT_EQ(status, tools::kExitUsage);
  EXPECT_EQ(d.text(),
            "wadecode: error: --enc-key: 3 bytes where 32 are needed\n"
            "wadecode: error: --mac-key: 1 byte where 32 are needed\n");
}

TEST(WadecodeKeys, EncKeyWithoutMacKeyAndAnUnreadableFile) {
  DecodeOptions o;
  o.enc_key = kKey32;
  CapturedDiagnostics d;
  int status = 0;
  EXPECT_FALSE(readKeyOptions(o, d.diag, status));
  EXPECT_EQ(d.text(), "wadecode: error: --enc-key and --mac-key go together\n");

  DecodeOptions f;
  f.keys_file = "/nonexistent/keys.json";
  CapturedDiagnostics e;
  EXPECT_FALSE(readKeyOptions(f, e.diag, status));
  EXPECT_EQ(status, tools::kExitIo);
}

TEST(WadecodeKeys, SettledKeysNeedNoCaptureButAPrivateKeyAloneDoes) {
  DecodeOptions o;
  o.enc_key = kKey32;
  o.mac_key = kKey32;
  CapturedDiagnostics d;
  int status = 0;
  auto sources = readKeyOptions(o, d.diag, status);
  ASSERT_TRUE(sources);
  session::CaptureKeys keys(*sources);
  auto settled = settledKeys(keys);
  ASSERT_TRUE(settled);
  EXPECT_EQ((*settled)["encKey"], kKey32);

  DecodeOptions p;
  p.private_key = kKey32;
  auto private_only = readKeyOptions(p, d.diag, status);
  ASSERT_TRUE(private_only);
  session::CaptureKeys waiting(*private_only);
  EXPECT_FALSE(settledKeys(waiting));
  EXPECT_FALSE(capturedKeys(waiting, {"1"}));
}

session::Record recordOf(const capture::CaptureMessage& m, std::string tag, codec::Direction dir) {
  session::Record r;
  r.message = &m;
  r.tag = std::move(tag);
  r.dir = dir;
  return r;
}

TEST(WadecodeFilters, EachFilterAndNone) {
  capture::CaptureMessage m;
  m.conn = "c1";
  session::Record r = recordOf(m, "s1", codec::Direction::Receive);
  DecodeOptions o;
  EXPECT_TRUE(passesFilters(o, r));
  o.filter_dir = "send";
  EXPECT_FALSE(passesFilters(o, r));
  o.filter_dir = "receive";
  o.filter_tags = {"s2", "s1"};
  o.filter_conns = {"c1"};
  EXPECT_TRUE(passesFilters(o, r));
  o.filter_conns = {"c2"};
  EXPECT_FALSE(passesFilters(o, r));
  o.filter_conns.clear();
  o.filter_nodes = {"message"};
  EXPECT_FALSE(passesFilters(o, r));  // no node
  r.has_node = true;
  r.node.description = "action";
  r.node.children.resize(1);
  r.node.children[0].description = "message";
  EXPECT_TRUE(passesFilters(o, r));  // a child matches
}

TEST(WadecodeOptions, FiltersTakeOneValueAndLeaveTheFile) {
  const char* argv[] = {"wadecode", "--tag", "s1", "--tag", "s2", "--conn", "c", "capture.har"};
  auto parsed = parseOptions(8, const_cast<char**>(argv));
  ASSERT_EQ(parsed.exit_now, -1);
  const auto& o = std::get<DecodeOptions>(parsed.command);
  EXPECT_EQ(o.input, "capture.har");
  EXPECT_EQ(o.filter_tags, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(o.filter_conns, (std::vector<std::string>{"c"}));
}

TEST(WadecodePrinter, TextShowsWhatCameFromTheCaptureEscaped) {
  capture::CaptureMessage m;
  m.conn = "c\x1b]0;t\x07";
  m.t = 1;
  session::Record r = recordOf(m, "\x1b[31m", codec::Direction::Receive);
  r.kind = "json";
  r.json_text = "[\"\x7f\"]";
  std::FILE* f = std::tmpfile();
  DecodeOptions o;
  auto printer = makeRecordPrinter(o, /*color=*/false, f);
  printer->print(r);
  ASSERT_TRUE(printer->flush());
  std::rewind(f);
  char buf[512] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  const std::string out(buf, n);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("conn c\\x1b]0;t\\x07 tag \\x1b[31m json"), std::string::npos) << out;
  EXPECT_NE(out.find("[\"\\u007f\"]"), std::string::npos) << out;
}

}  // namespace
}  // namespace wa::wadecode
