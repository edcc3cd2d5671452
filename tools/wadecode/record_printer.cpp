// The record printers.
#include "wadecode/record_printer.h"

#include <ctime>

#include <fmt/format.h>

#include "common/buffered_output.h"
#include "common/hexdump.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/json_string.h"
#include "wa/capture/jsonl_writer.h"
#include "wa/support/text/display.h"
#include "wa/support/text/json_layout.h"
#include "wa/codec/frame/metric.h"
#include "wa/codec/view/node_json.h"
#include "wa/crypto/bytes.h"
#include "wa/session/record_json.h"
#include "wa/session/redact.h"
#include "wadecode/node_renderer.h"

namespace wa::wadecode {
namespace {

std::string clockTime(double t) {
  if (t <= 0) return "-";
  auto secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>((t - static_cast<double>(secs)) * 1000));
}

std::string_view dirName(const session::Record& r) { return codec::toString(r.dir); }

class TextRecordRenderer final : public RecordRenderer {
 public:
  TextRecordRenderer(const DecodeOptions& o, bool color)
      : options_(o), color_(color), tree_(textTreeOptions(o, color, /*indent_level=*/1)) {}

  void render(const session::Record& r, std::string& b) override {
    const char* dim = color_ ? "\x1b[2m" : "";
    const char* bold = color_ ? "\x1b[1m" : "";
    const char* reset = color_ ? "\x1b[0m" : "";
    const char* dir_color = !color_ ? "" : r.dir == codec::Direction::Send ? "\x1b[33m" : "\x1b[36m";
    // Connection names and tags come from the capture: shown escaped.
    constexpr support::DisplayEscapeOptions kRaw{.escape_backslash = true};
    fmt::format_to(std::back_inserter(b), "{}#{}{} {} {}{}{}{} conn ", bold, r.index, reset, clockTime(r.message->t),
                   dir_color, dirName(r), r.dir_inferred ? "?" : "", reset);
    support::appendDisplayText(b, r.message->conn, kRaw);
    if (!r.tag.empty()) {
      b += " tag ";
      support::appendDisplayText(b, r.tag, kRaw);
    }
    fmt::format_to(std::back_inserter(b), " {}{}{}", dim, r.kind, reset);
    if (r.metric) {
      auto name = codec::metricName(*r.metric);
      fmt::format_to(std::back_inserter(b), " metric {}{}{}", *r.metric, name.empty() ? "" : "=", name);
    }
    if (r.flags) fmt::format_to(std::back_inserter(b), " flags 0x{:02x}={}", *r.flags, codec::describeFlags(*r.flags));
    b += '\n';
    if (r.error) {
      fmt::format_to(std::back_inserter(b), "  {}<?>{} {}: offset {}: ", color_ ? "\x1b[1;31m" : "", reset,
                     session::toString(r.error->stage), r.error->offset);
      support::appendDisplayText(b, r.error->message);
      b += '\n';
      tools::appendHexdump(b, r.error->stage == session::Stage::Decode ? r.plaintext : std::string_view(r.message->payload), 2,
                           options_.max_bytes);
    } else if (r.has_node) {
      if (options_.redact) {
        codec::Node copy = r.node;
        session::redactNode(copy);
        codec::appendTextTree(b, copy, tree_);
      } else {
        codec::appendTextTree(b, r.node, tree_);
      }
    } else if (r.kind == "json") {
      // One line when short, else pretty; indented under the record's line.
      b += "  ";
      const std::size_t start = b.size();
      session::appendRecordPayloadJson(b, r, options_.redact, /*pretty=*/false, 1);
      if (b.size() - start > 160) {
        b.resize(start);
        session::appendRecordPayloadJson(b, r, options_.redact, /*pretty=*/true, 1);
      }
      b += '\n';
    } else if (r.kind == "pong") {
      fmt::format_to(std::back_inserter(b), "  {} ms ({})\n", r.pong_ms, clockTime(static_cast<double>(r.pong_ms) / 1000));
    }
    if (options_.hexdump && !r.error) {
      b += "  raw:\n";
      tools::appendHexdump(b, r.message->payload, 4, options_.max_bytes);
      if (!r.plaintext.empty()) {
        b += "  plaintext:\n";
        tools::appendHexdump(b, r.plaintext, 4, options_.max_bytes);
      }
    }
  }

 private:
  const DecodeOptions& options_;
  bool color_;
  codec::TextTreeOptions tree_;
};

// {"i","t","dir",["dir_inferred"],"conn","tag","kind",["metric","flags"],"json"|"node"|"pong_ms",
//  ["error", "b64"|"text" raw]} — DESIGN.md "Decoded record".
class JsonRecordRenderer final : public RecordRenderer {
 public:
  JsonRecordRenderer(const DecodeOptions& o, bool pretty) {
    json_.pretty = pretty;
    json_.decode_proto = o.decode_proto;
    json_.redact = o.redact;
  }

  void render(const session::Record& r, std::string& out) override {
    session::appendRecordJson(out, r, json_);
    out += '\n';
  }

 private:
  session::RecordJsonOptions json_;
};

// Capture JSONL again (what wareplay reads), optionally with the plaintext node of binary frames.
class CaptureRecordRenderer final : public RecordRenderer {
 public:
  explicit CaptureRecordRenderer(const DecodeOptions& o) : options_(o) {}
  void render(const session::Record& r, std::string& b) override {
    capture::appendCaptureJsonl(*r.message, b);
    if (options_.capture_plaintext && r.has_node) {
      b.resize(b.size() - 2);  // drop "}\n"
      b += ",\"node\":";
      codec::NodeJsonWriteOptions o;
      o.decode_proto = false;
      codec::appendNodeJson(b, r.node, o);
      b += "}\n";
    }
  }

 private:
  const DecodeOptions& options_;
};

// A renderer in front of a buffered stream.
class BufferedRecordPrinter final : public DecodedRecordPrinter {
 public:
  BufferedRecordPrinter(std::unique_ptr<RecordRenderer> renderer, std::FILE* out)
      : renderer_(std::move(renderer)), out_(out) {}
  void print(const session::Record& r) override {
    renderer_->render(r, out_.buffer());
    out_.maybeFlush();
  }
  bool flush() override { return out_.flush(); }

 private:
  std::unique_ptr<RecordRenderer> renderer_;
  tools::BufferedOutput out_;
};

}  // namespace

std::unique_ptr<RecordRenderer> makeRecordRenderer(const DecodeOptions& options, bool color) {
  if (options.format == "json") return std::make_unique<JsonRecordRenderer>(options, true);
  if (options.format == "jsonl") return std::make_unique<JsonRecordRenderer>(options, false);
  if (options.format == "capture") return std::make_unique<CaptureRecordRenderer>(options);
  return std::make_unique<TextRecordRenderer>(options, color);
}

std::unique_ptr<DecodedRecordPrinter> makeRecordPrinter(const DecodeOptions& options, bool color, std::FILE* out) {
  return std::make_unique<BufferedRecordPrinter>(makeRecordRenderer(options, color), out);
}

}  // namespace wa::wadecode
