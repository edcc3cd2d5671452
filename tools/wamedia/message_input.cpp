// Finding media messages in JSON by walking it; file names for their decrypted contents.
#include "wamedia/message_input.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace wa::wamedia {
namespace {

using Json = nlohmann::ordered_json;

struct MediaField {
  std::string_view camel;
  std::string_view snake;
  crypto::MediaType type;
};

constexpr std::array<MediaField, 5> kMediaFields = {{
    {"imageMessage", "image_message", crypto::MediaType::Image},
    {"videoMessage", "video_message", crypto::MediaType::Video},
    {"audioMessage", "audio_message", crypto::MediaType::Audio},
    {"documentMessage", "document_message", crypto::MediaType::Document},
    {"stickerMessage", "sticker_message", crypto::MediaType::Sticker},
}};

const MediaField* mediaField(std::string_view key) {
  for (const MediaField& f : kMediaFields)
    if (key == f.camel || key == f.snake) return &f;
  return nullptr;
}

// The value of a field under its JSON name or its proto name, or null.
const Json* member(const Json& object, std::string_view camel, std::string_view snake) {
  for (const std::string_view name : {camel, snake}) {
    auto it = object.find(std::string(name));
    if (it != object.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

std::string stringField(const Json& object, std::string_view camel, std::string_view snake) {
  const Json* v = member(object, camel, snake);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

bool boolField(const Json& object, std::string_view camel, std::string_view snake) {
  const Json* v = member(object, camel, snake);
  return v && v->is_boolean() && v->get<bool>();
}

class Extractor {
 public:
  Extractor(MediaMessage& out, std::string prefix) : out_(out), prefix_(std::move(prefix)) {}

  void fail(std::string_view name, std::string_view what) {
    if (out_.problem.empty()) out_.problem = prefix_ + std::string(name) + ": " + std::string(what);
  }

  std::optional<crypto::Bytes> bytes(const Json& object, std::string_view camel, std::string_view snake) {
    const Json* v = member(object, camel, snake);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      fail(camel, "not a base64 string");
      return std::nullopt;
    }
    auto decoded = crypto::base64Decode(v->get_ref<const std::string&>());
    if (!decoded) {
      fail(camel, decoded.error().message);
      return std::nullopt;
    }
    return std::move(*decoded);
  }

  std::optional<crypto::Sha256Digest> digest(const Json& object, std::string_view camel, std::string_view snake) {
    auto b = bytes(object, camel, snake);
    if (!b) return std::nullopt;
    auto fixed = crypto::toFixed<32>(*b, prefix_ + std::string(camel));
    if (!fixed) {
      if (out_.problem.empty()) out_.problem = fixed.error().message;
      return std::nullopt;
    }
    return *fixed;
  }

  // The JSON mapping writes 64-bit integers as strings and 32-bit ones as numbers; both are taken.
  std::optional<std::uint64_t> number(const Json& object, std::string_view camel, std::string_view snake) {
    const Json* v = member(object, camel, snake);
    if (!v) return std::nullopt;
    if (v->is_number_unsigned()) return v->get<std::uint64_t>();
    if (v->is_string()) {
      const std::string& s = v->get_ref<const std::string&>();
      std::uint64_t n = 0;
      bool ok = !s.empty() && s.size() <= 20;
      for (const char c : s) {
        if (c < '0' || c > '9' || n > (UINT64_MAX - static_cast<unsigned>(c - '0')) / 10) {
          ok = false;
          break;
        }
        n = n * 10 + static_cast<unsigned>(c - '0');
      }
      if (ok) return n;
    }
    fail(camel, "not an unsigned integer");
    return std::nullopt;
  }

 private:
  MediaMessage& out_;
  std::string prefix_;
};

MediaMessage extract(const Json& fields, std::string_view field_name, std::optional<crypto::MediaType> type,
                     const std::string& location) {
  MediaMessage m;
  m.field = std::string(field_name);
  m.location = location;
  Extractor x(m, field_name.empty() ? std::string() : std::string(field_name) + ".");
  if (type == crypto::MediaType::Video && boolField(fields, "gifPlayback", "gif_playback")) type = crypto::MediaType::Gif;
  if (type == crypto::MediaType::Audio && boolField(fields, "ptt", "ptt")) type = crypto::MediaType::Ptt;
  if (field_name.empty()) {
    // wamedia's own JSON names the type.
    const std::string name = stringField(fields, "type", "type");
    if (!name.empty()) {
      auto parsed = crypto::parseMediaType(name);
      if (parsed)
        type = *parsed;
      else
        x.fail("type", parsed.error().message);
    }
  }
  m.type = type;
  m.media_key = x.bytes(fields, "mediaKey", "media_key");
  m.file_sha256 = x.digest(fields, "fileSha256", "file_sha256");
  m.file_enc_sha256 = x.digest(fields, "fileEncSha256", "file_enc_sha256");
  m.file_length = x.number(fields, "fileLength", "file_length");
  m.url = stringField(fields, "url", "url");
  m.direct_path = stringField(fields, "directPath", "direct_path");
  m.mimetype = stringField(fields, "mimetype", "mimetype");
  m.streaming_sidecar = x.bytes(fields, "streamingSidecar", "streaming_sidecar");
  m.first_frame_length = x.number(fields, "firstFrameLength", "first_frame_length");
  m.first_frame_sidecar = x.bytes(fields, "firstFrameSidecar", "first_frame_sidecar");
  return m;
}

class Walker {
 public:
  Walker(std::vector<MediaMessage>& out, std::size_t limit) : out_(out), limit_(limit) {}

  [[nodiscard]] bool full() const { return out_.size() >= limit_; }

  void document(const Json& doc, const std::string& location) {
    if (doc.is_object() && member(doc, "mediaKey", "media_key")) {
      out_.push_back(extract(doc, "", std::nullopt, location));
      return;
    }
    walk(doc, 0, location);
  }

 private:
  void walk(const Json& j, std::size_t depth, const std::string& location) {
    if (full() || depth > kMaxMessageJsonDepth) return;
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        if (full()) return;
        if (const MediaField* f = value.is_object() ? mediaField(key) : nullptr) {
          out_.push_back(extract(value, key, f->type, location));
          continue;
        }
        if (value.is_structured()) walk(value, depth + 1, location);
      }
    } else if (j.is_array()) {
      for (const Json& value : j) {
        if (full()) return;
        if (value.is_structured()) walk(value, depth + 1, location);
      }
    }
  }

  std::vector<MediaMessage>& out_;
  std::size_t limit_;
};

std::string parseErrorText(std::string_view text) {
  try {
    [[maybe_unused]] const Json parsed = Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
    if (auto close = what.find("] "); what.starts_with("[json.exception") && close != std::string::npos)
      what.erase(0, close + 2);
    // "...; last read: '<input bytes>'" would quote the input, which may not even be text.
    if (auto quote = what.find("; last read: "); quote != std::string::npos) what.erase(quote);
    return what;
  }
  return "not json";
}

// The end of the JSON value starting at `at`: for an object or array the matching bracket (strings
// and escapes respected), for anything else the end of the line. Unbalanced input runs to the end.
std::size_t valueEnd(std::string_view text, std::size_t at) {
  if (text[at] != '{' && text[at] != '[') {
    const std::size_t eol = text.find('\n', at);
    return eol == std::string_view::npos ? text.size() : eol;
  }
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return text.size();
}

}  // namespace

tl::expected<std::vector<MediaMessage>, std::string> findMediaMessages(std::string_view text, std::size_t limit) {
  std::vector<MediaMessage> out;
  Walker walker(out, limit);
  std::size_t line = 1;
  for (std::size_t at = 0; at < text.size() && !walker.full();) {
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') ++line;
      ++at;
      continue;
    }
    const std::size_t end = valueEnd(text, at);
    const std::string_view value = text.substr(at, end - at);
    const std::string location = "line " + std::to_string(line);
    const Json doc = Json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return tl::unexpected(location + ": " + parseErrorText(value));
    walker.document(doc, location);
    for (const char v : value) line += v == '\n' ? 1 : 0;
    at = end;
  }
  return out;
}

std::string extensionFor(std::string_view mimetype, std::optional<crypto::MediaType> type) {
  static constexpr std::pair<std::string_view, std::string_view> kByMime[] = {
      {"image/jpeg", "jpg"},      {"image/png", "png"},         {"image/webp", "webp"},
      {"image/gif", "gif"},       {"video/mp4", "mp4"},         {"video/3gpp", "3gp"},
      {"video/webm", "webm"},     {"video/quicktime", "mov"},   {"audio/ogg", "ogg"},
      {"audio/mpeg", "mp3"},      {"audio/mp4", "m4a"},         {"audio/aac", "aac"},
      {"audio/amr", "amr"},       {"application/pdf", "pdf"},   {"text/plain", "txt"},
      {"application/zip", "zip"}, {"text/vcard", "vcf"},        {"text/x-vcard", "vcf"},
  };
  std::string_view base = mimetype.substr(0, mimetype.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  for (const auto& [mime, ext] : kByMime)
    if (base == mime) return std::string(ext);
  if (type) {
    switch (*type) {
      case crypto::MediaType::Image:
      case crypto::MediaType::Product:
      case crypto::MediaType::ThumbnailImage:
        return "jpg";
      case crypto::MediaType::Video:
      case crypto::MediaType::Gif:
      case crypto::MediaType::Ptv:
        return "mp4";
      case crypto::MediaType::Audio:
      case crypto::MediaType::Ptt:
        return "ogg";
      case crypto::MediaType::Sticker:
        return "webp";
      default:
        break;
    }
  }
  return "bin";
}

std::string outputNameFor(const MediaMessage& message) {
  std::string_view source = !message.url.empty() ? message.url : message.direct_path;
  source = source.substr(0, source.find_first_of("?#"));
  if (const auto slash = source.rfind('/'); slash != std::string_view::npos) source.remove_prefix(slash + 1);
  if (source.ends_with(".enc")) source.remove_suffix(4);
  std::string name;
  for (const char c : source.substr(0, 200)) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '=' || c == '+' || c == '-';
    name += keep ? c : '_';
  }
  name.erase(0, name.find_first_not_of('.'));
  if (name.empty()) {
    name = "media";
    if (message.file_enc_sha256)
      name += "-" + crypto::hexEncode(*message.file_enc_sha256).substr(0, 12);
    else if (message.file_sha256)
      name += "-" + crypto::hexEncode(*message.file_sha256).substr(0, 12);
  }
  if (name.find('.') == std::string::npos) name += "." + extensionFor(message.mimetype, message.type);
  return name;
}

}  // namespace wa::wamedia
