// The text, json and jsonl printers.
#include "wadecode/printer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/buffered_output.h"
#include "common/diagnostics.h"
#include "common/hexdump.h"
#include "wa/support/text/hex.h"
#include "wa/codec/view/node_json.h"

namespace wa::wadecode {
namespace {

class TextPrinter final : public RecordPrinter {
 public:
  TextPrinter(const DecodeOptions& options, bool color, std::FILE* out)
      : out_(out), tree_(textTreeOptions(options, color)) {}
  void node(std::size_t, const codec::Node& node) override {
    codec::appendTextTree(out_.buffer(), node, tree_);
    out_.maybeFlush();
  }
  void failure(std::size_t index, const session::Error& error, std::string_view raw) override {
    auto& b = out_.buffer();
    b += tree_.color ? "\x1b[1;31m<?>\x1b[0m" : "<?>";
    fmt::format_to(std::back_inserter(b), " {} ({} bytes)\n", tools::recordErrorText(index, error), raw.size());
    out_.maybeFlush();
  }
  void flush() override { out_.flush(); }

 private:
  tools::BufferedOutput out_;
  codec::TextTreeOptions tree_;
};

class JsonPrinter final : public RecordPrinter {
 public:
  JsonPrinter(const DecodeOptions& options, bool pretty, std::FILE* out) : out_(out) {
    json_.pretty = pretty;
    json_.decode_proto = options.decode_proto;
  }
  void node(std::size_t, const codec::Node& node) override {
    codec::appendNodeJson(out_.buffer(), node, json_);
    out_.buffer() += '\n';
    out_.maybeFlush();
  }
  // {"i": N, "error": {"stage": ..., "offset": ..., "message": ...}, "hex": "<raw bytes>"}
  void failure(std::size_t index, const session::Error& error, std::string_view raw) override {
    nlohmann::ordered_json record;
    record["i"] = index;
    record["error"] = {{"stage", session::toString(error.stage)}, {"offset", error.offset}, {"message", error.message}};
    record["hex"] = support::toHex(raw);
    out_.buffer() += record.dump(json_.pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
    out_.buffer() += '\n';
    out_.maybeFlush();
  }
  void flush() override { out_.flush(); }

 private:
  tools::BufferedOutput out_;
  codec::NodeJsonWriteOptions json_;
};

}  // namespace

codec::TextTreeOptions textTreeOptions(const DecodeOptions& options, bool color, std::size_t indent_level) {
  codec::TextTreeOptions tree;
  tree.color = color;
  tree.decode_proto = options.decode_proto;
  tree.max_bytes = options.max_bytes;
  tree.indent_level = indent_level;
  tree.proto_bytes = options.proto_bytes;
  return tree;
}

std::unique_ptr<RecordPrinter> makePrinter(const DecodeOptions& options, bool color, std::FILE* out) {
  if (options.format == "json") return std::make_unique<JsonPrinter>(options, /*pretty=*/true, out);
  if (options.format == "jsonl") return std::make_unique<JsonPrinter>(options, /*pretty=*/false, out);
  return std::make_unique<TextPrinter>(options, color, out);
}

}  // namespace wa::wadecode
