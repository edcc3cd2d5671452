// The text, json and jsonl renderers of plaintext nodes.
#include "wadecode/node_renderer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/diagnostics.h"
#include "common/hexdump.h"
#include "wa/support/text/hex.h"
#include "wa/codec/view/node_json.h"

namespace wa::wadecode {
namespace {

class TextRenderer final : public NodeRenderer {
 public:
  TextRenderer(const DecodeOptions& options, bool color) : tree_(textTreeOptions(options, color)) {}
  void node(std::string& out, const codec::Node& node) override { codec::appendTextTree(out, node, tree_); }
  void failure(std::string& out, std::size_t index, const session::Error& error, std::string_view raw) override {
    out += tree_.color ? "\x1b[1;31m<?>\x1b[0m" : "<?>";
    fmt::format_to(std::back_inserter(out), " {} ({} bytes)\n", tools::recordErrorText(index, error), raw.size());
  }

 private:
  codec::TextTreeOptions tree_;
};

class JsonRenderer final : public NodeRenderer {
 public:
  JsonRenderer(const DecodeOptions& options, bool pretty) {
    json_.pretty = pretty;
    json_.decode_proto = options.decode_proto;
  }
  void node(std::string& out, const codec::Node& node) override {
    codec::appendNodeJson(out, node, json_);
    out += '\n';
  }
  // {"i": N, "error": {"stage": ..., "offset": ..., "message": ...}, "hex": "<raw bytes>"}
  void failure(std::string& out, std::size_t index, const session::Error& error, std::string_view raw) override {
    nlohmann::ordered_json record;
    record["i"] = index;
    record["error"] = {{"stage", session::toString(error.stage)}, {"offset", error.offset}, {"message", error.message}};
    record["hex"] = support::toHex(raw);
    out += record.dump(json_.pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }

 private:
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

std::unique_ptr<NodeRenderer> makeNodeRenderer(const DecodeOptions& options, bool color) {
  if (options.format == "json") return std::make_unique<JsonRenderer>(options, /*pretty=*/true);
  if (options.format == "jsonl") return std::make_unique<JsonRenderer>(options, /*pretty=*/false);
  return std::make_unique<TextRenderer>(options, color);
}

}  // namespace wa::wadecode
