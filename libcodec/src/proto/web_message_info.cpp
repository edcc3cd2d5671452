// WebMessageInfo parsing with located errors, its JSON and text views, and JSON -> bytes.
#include "wa/codec/proto/web_message_info.h"

#include <algorithm>
#include <climits>
#include <cstdint>

#include <fmt/format.h>
#include <google/protobuf/text_format.h>
#include <nlohmann/json.hpp>

#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/json_writer.h"
#include "wa/support/text/utf8.h"
#include "proto/proto_json.h"
#include "proto/wa_messages.pb.h"
#include "proto/wire_scan.h"

namespace wa::codec {

namespace pb = google::protobuf;

namespace {

// Prints string fields with well-formed UTF-8 kept as is (readable text) and everything else
// escaped the C way TextFormat parses back: quotes, backslash, \n \r \t, other controls
// (C0, DEL, C1) and bytes that are not UTF-8 as octal. Protobuf's own UTF-8 mode passes
// malformed bytes through raw, which must not reach a terminal.
class SafeUtf8ValuePrinter : public pb::TextFormat::FastFieldValuePrinter {
 public:
  explicit SafeUtf8ValuePrinter(ProtoBytes bytes) : bytes_(bytes) {}

  void PrintString(const std::string& value, pb::TextFormat::BaseTextGenerator* generator) const override {
    std::string out;
    out.reserve(value.size() + 2);
    out.push_back('"');
    for (std::size_t i = 0; i < value.size();) {
      const std::size_t len = support::utf8SequenceLength(value, i);
      const auto b = static_cast<std::uint8_t>(value[i]);
      const bool c1 = len == 2 && b == 0xC2 && static_cast<std::uint8_t>(value[i + 1]) < 0xA0;
      if (len > 1 && !c1) {
        out.append(value, i, len);
        i += len;
        continue;
      }
      const std::size_t count = c1 ? 2 : 1;
      for (std::size_t k = 0; k < count; ++k) appendEscapedByte(out, static_cast<std::uint8_t>(value[i + k]));
      i += count;
    }
    out.push_back('"');
    generator->PrintString(out);
  }
  // Bytes fields hold keys and hashes: base64 or hex that the tools take back, or escaped.
  void PrintBytes(const std::string& value, pb::TextFormat::BaseTextGenerator* generator) const override {
    // A field cut by the printer's limit arrives with this marker appended to its bytes.
    constexpr std::string_view kCut = "...<truncated>...";
    std::string_view bytes = value;
    const bool cut = bytes_ != ProtoBytes::Escaped && bytes.size() >= kCut.size() && bytes.ends_with(kCut);
    if (cut) bytes.remove_suffix(kCut.size());
    std::string out;
    out.reserve(bytes.size() * 2 + 24);
    out.push_back('"');
    switch (bytes_) {
      case ProtoBytes::Base64: support::appendBase64(out, bytes); break;
      case ProtoBytes::Hex:
        out.append("hex:");
        support::appendHex(out, bytes);
        break;
      case ProtoBytes::Escaped:
        for (char c : bytes) appendEscapedByte(out, static_cast<std::uint8_t>(c));
        break;
    }
    if (cut) out.append(kCut);
    out.push_back('"');
    generator->PrintString(out);
  }

 private:
  ProtoBytes bytes_;

  static void appendEscapedByte(std::string& out, std::uint8_t b) {
    switch (b) {
      case '\n': out.append("\\n"); return;
      case '\r': out.append("\\r"); return;
      case '\t': out.append("\\t"); return;
      case '"': out.append("\\\""); return;
      case '\'': out.append("\\'"); return;
      case '\\': out.append("\\\\"); return;
      default: break;
    }
    if (b >= 0x20 && b < 0x7F) {
      out.push_back(static_cast<char>(b));
      return;
    }
    const char octal[] = {'\\', static_cast<char>('0' + (b >> 6)), static_cast<char>('0' + ((b >> 3) & 7)),
                          static_cast<char>('0' + (b & 7))};
    out.append(octal, sizeof octal);
  }
};

}  // namespace

struct ProtoView::Impl {
  wa::proto::WebMessageInfo message;
};

ProtoView::ProtoView(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
ProtoView::ProtoView(ProtoView&&) noexcept = default;
ProtoView& ProtoView::operator=(ProtoView&&) noexcept = default;
ProtoView::~ProtoView() = default;

std::string ProtoView::toJson(bool pretty) const {
  std::string out;
  support::JsonWriter w(out, pretty);
  detail::writeProtoJson(w, impl_->message);
  return out;
}

std::string ProtoView::toText(std::size_t indent, std::size_t max_string_bytes, ProtoBytes bytes) const {
  pb::TextFormat::Printer printer;
  printer.SetDefaultFieldValuePrinter(new SafeUtf8ValuePrinter(bytes));  // the printer takes ownership
  if (max_string_bytes < static_cast<std::size_t>(INT64_MAX))
    printer.SetTruncateStringFieldLongerThan(static_cast<std::int64_t>(std::max<std::size_t>(max_string_bytes, 1)));
  std::string text;
  printer.PrintToString(impl_->message, &text);
  if (indent == 0) return text;
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size() - 1;
    out.append(indent, ' ');
    out.append(text, start, nl - start + 1);
    start = nl + 1;
  }
  return out;
}

const pb::Message& ProtoView::message() const noexcept { return impl_->message; }

std::size_t ProtoView::byteSize() const { return impl_->message.ByteSizeLong(); }

void prepareWebMessageInfoViews() { detail::prepareCanonicalWireJson(*wa::proto::WebMessageInfo::descriptor()); }

Expected<ProtoView> parseWebMessageInfo(std::string_view bytes) {
  if (bytes.size() > kMaxProtoBytes)
    return makeError(ErrorCode::LimitExceeded, Stage::Proto, 0,
                     fmt::format("payload of {} bytes exceeds the limit of {}", bytes.size(), kMaxProtoBytes));
  static_assert(kMaxProtoBytes <= INT_MAX);
  auto impl = std::make_unique<ProtoView::Impl>();
  // ParsePartial: the non-partial form logs missing required fields; they are checked below.
  if (!impl->message.ParsePartialFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    auto located = detail::findWireError(bytes, wa::proto::WebMessageInfo::descriptor(), kMaxProtoDepth);
    if (located) return Unexpected(std::move(*located));
    return makeError(ErrorCode::Invalid, Stage::Proto, 0, "not a valid WebMessageInfo");
  }
  if (!impl->message.IsInitialized())
    return makeError(ErrorCode::Invalid, Stage::Proto, 0,
                     "missing required field " + impl->message.InitializationErrorString());
  return ProtoView(std::move(impl));
}

Expected<std::string> webMessageInfoFromJson(const nlohmann::json& json) {
  wa::proto::WebMessageInfo message;
  std::string problem = detail::readProtoJson(json, message, kMaxProtoDepth);
  if (!problem.empty()) return makeError(ErrorCode::Invalid, Stage::Json, 0, std::move(problem));
  if (!message.IsInitialized())
    return makeError(ErrorCode::Invalid, Stage::Json, 0,
                     "missing required field " + message.InitializationErrorString());
  std::string bytes;
  if (!message.SerializePartialToString(&bytes))
    return makeError(ErrorCode::LimitExceeded, Stage::Json, 0, "message too large to serialize");
  return bytes;
}

Expected<std::string> webMessageInfoFromJsonText(std::string_view json_text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    // what(): "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    std::string_view what = e.what();
    if (auto colon = what.find(": "); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    const std::uint64_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return makeError(ErrorCode::Invalid, Stage::Json, offset, "malformed json: " + std::string(what));
  }
  return webMessageInfoFromJson(json);
}

}  // namespace wa::codec
