// Capture JSONL reader: one record per line, parsed with nlohmann, errors per line.
#include "wa/capture/jsonl_reader.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "capture/text_decode.h"
#include "line_source.h"
#include "reader_support.h"

namespace wa::capture {
namespace {

using detail::LineStep;
using Json = nlohmann::json;

constexpr std::size_t kLineSlack = 64u << 10;

std::optional<ErrorCode> codeNamed(std::string_view name) {
  for (ErrorCode c : {ErrorCode::Truncated, ErrorCode::Invalid, ErrorCode::LimitExceeded, ErrorCode::Unsupported, ErrorCode::Io})
    if (toString(c) == name) return c;
  return std::nullopt;
}

class JsonlReader final : public detail::BufferedReader {
 public:
  using BufferedReader::BufferedReader;

  bool read(CaptureMessage& out) override {
    while (!done_) {
      const std::size_t max_line = limits_.max_message_bytes * 6 + kLineSlack;
      LineStep step = detail::nextLine(in_, max_line);
      if (step.kind == LineStep::End) {
        done_ = true;
        if (in_.ioError()) return fail(out, *in_.ioError());
        return false;
      }
      out.clear(step.offset);
      if (step.kind == LineStep::TooLong) return fail(out, detail::longerThanLimit("line", step.offset, max_line));
      std::string_view text = step.text;
      std::size_t lead = 0;
      while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
      if (lead == text.size()) continue;
      line(text, step.offset, out);
      return true;
    }
    return false;
  }

 private:
  static bool fail(CaptureMessage& out, Error e) {
    out.payload.clear();
    out.error = std::move(e);
    return true;
  }

  void line(std::string_view text, std::uint64_t offset, CaptureMessage& out) const {
    auto parsed = detail::parseJsonLine(text, offset);
    if (!parsed) {
      fail(out, std::move(parsed.error()));
      return;
    }
    const Json& doc = *parsed;
    auto bad = [&](std::string message) { fail(out, Error{ErrorCode::Invalid, Stage::Capture, offset, std::move(message)}); };
    if (!doc.is_object()) return bad("expected a JSON object per line");

    if (auto it = doc.find("t"); it != doc.end()) {
      if (!it->is_number()) return bad("\"t\" is not a number");
      out.t = it->get<double>();
    }
    if (auto it = doc.find("dir"); it != doc.end() && !it->is_null()) {
      if (!it->is_string()) return bad("\"dir\" is not a string");
      const auto& d = it->get_ref<const std::string&>();
      if (d == "send") out.dir = Direction::Send;
      else if (d == "receive") out.dir = Direction::Receive;
      else if (d != "unknown") return bad(fmt::format("\"dir\" is \"{}\", expected send, receive or unknown", d.substr(0, 40)));
    }
    if (auto it = doc.find("dir_inferred"); it != doc.end()) {
      if (!it->is_boolean()) return bad("\"dir_inferred\" is not a boolean");
      out.dir_inferred = it->get<bool>();
    }
    if (auto it = doc.find("conn"); it != doc.end() && !it->is_null()) {
      if (it->is_string()) out.conn = it->get<std::string>();
      else if (it->is_number_integer()) out.conn = it->dump();
      else return bad("\"conn\" is not a string or an integer");
    }
    auto text_it = doc.find("text");
    auto b64_it = doc.find("b64");
    const bool has_text = text_it != doc.end(), has_b64 = b64_it != doc.end();
    if (has_text && has_b64) return bad("a record has both \"text\" and \"b64\"");
    std::int64_t op = has_text ? 1 : 2;
    if (auto it = doc.find("op"); it != doc.end()) {
      if (!it->is_number_integer()) return bad("\"op\" is not an integer");
      op = it->get<std::int64_t>();
    }
    const auto opcode = codec::opcodeFromValue(op);
    if (!opcode) return bad(fmt::format("unsupported opcode {}", op));
    out.op = *opcode;
    if (has_text) {
      if (!text_it->is_string()) return bad("\"text\" is not a string");
      out.payload = text_it->get<std::string>();
    } else if (has_b64) {
      if (!b64_it->is_string()) return bad("\"b64\" is not a string");
      const auto& b64 = b64_it->get_ref<const std::string&>();
      auto r = detail::appendBase64Decoded(b64, out.payload);
      if (!r) {
        // The value has no escapes in practice, so it is found verbatim in the line.
        auto at = text.find(b64);
        std::uint64_t where = at == std::string_view::npos ? offset : offset + at + r.error().offset;
        fail(out, Error{ErrorCode::Invalid, Stage::Capture, where, "\"b64\" is not base64: " + r.error().message});
        return;
      }
    }
    if (out.payload.size() > limits_.max_message_bytes) {
      fail(out, detail::longerThanLimit("message", offset, limits_.max_message_bytes));
      return;
    }
    if (auto it = doc.find("error"); it != doc.end() && !it->is_null()) {
      if (!it->is_object()) return bad("\"error\" is not an object");
      Error e{ErrorCode::Invalid, Stage::Capture, 0, {}};
      if (auto s = it->find("stage"); s != it->end() && s->is_string())
        if (auto st = parseStage(s->get_ref<const std::string&>())) e.stage = *st;
      if (auto c = it->find("code"); c != it->end() && c->is_string())
        if (auto co = codeNamed(c->get_ref<const std::string&>())) e.code = *co;
      if (auto o = it->find("offset"); o != it->end() && o->is_number_unsigned()) e.offset = o->get<std::uint64_t>();
      if (auto m = it->find("message"); m != it->end() && m->is_string()) e.message = m->get<std::string>();
      out.error = std::move(e);
    }
  }

};

}  // namespace

std::unique_ptr<CaptureReader> makeJsonlReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits) {
  return std::make_unique<JsonlReader>(CaptureFormat::CaptureJsonl, std::move(source), limits);
}

}  // namespace wa::capture
