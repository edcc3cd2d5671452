// Node JSON reader: JSON text (or an ordered_json value) back into a node, with located errors.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "proto/proto_json.h"
#include "wa/support/text/base64.h"
#include "wa/support/text/hex.h"
#include "wa/support/text/utf8.h"
#include "wa/codec/view/node_json.h"

namespace wa::codec {

namespace {

// Nesting allowed inside skipped values ("WebMessageInfo"), which have no node depth.
constexpr std::size_t kMaxSkippedDepth = 512;

constexpr std::string_view kContentExpected =
    "expected content (null, a string, a list of nodes or {\"b64\": ...})";

// Cuts a JSON path back to its length at construction when it goes out of scope.
struct PathMark {
  std::string& path;
  std::size_t size;
  ~PathMark() { path.resize(size); }
};

// Recursive descent over JSON text that builds the node directly; the first error is kept.
class TextReader {
 public:
  TextReader(std::string_view text, const NodeJsonReadOptions& options) : text_(text), options_(options) {}

  Expected<Node> run() {
    Node node;
    skipSpace();
    if (parseNode(node, 1)) {
      skipSpace();
      if (pos_ != text_.size()) fail(ErrorCode::Invalid, pos_, "unexpected characters after the node");
    }
    if (error_) return Unexpected(std::move(*error_));
    return node;
  }

 private:
  [[nodiscard]] int peek() const noexcept {
    return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : -1;
  }

  void skipSpace() noexcept {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool fail(ErrorCode code, std::size_t offset, std::string what) {
    if (!error_) error_ = Error{code, Stage::Json, offset, "$" + path_ + ": " + what};
    return false;
  }

  // "expected X, found Y" at the current position; the end of input makes it Truncated.
  bool expected(std::string_view what) {
    const int c = peek();
    if (c < 0) return fail(ErrorCode::Truncated, pos_, fmt::format("{}, found the end of the input", what));
    std::string found;
    switch (c) {
      case '"': found = "a string"; break;
      case '{': found = "an object"; break;
      case '[': found = "an array"; break;
      case 't':
      case 'f': found = "a boolean"; break;
      case 'n': found = "null"; break;
      default:
        if (c == '-' || (c >= '0' && c <= '9'))
          found = "a number";
        else if (c >= 0x20 && c < 0x7F)
          found = fmt::format("'{}'", static_cast<char>(c));
        else
          found = fmt::format("byte 0x{:02x}", c);
    }
    return fail(ErrorCode::Invalid, pos_, fmt::format("{}, found {}", what, found));
  }

  bool consume(char c, std::string_view what) {
    skipSpace();
    if (peek() != static_cast<unsigned char>(c)) return expected(what);
    ++pos_;
    skipSpace();
    return true;
  }

  bool literal(std::string_view word) {
    const std::string_view here = text_.substr(pos_, word.size());
    if (here == word) {
      pos_ += word.size();
      return true;
    }
    if (here.size() < word.size() && word.substr(0, here.size()) == here)
      return fail(ErrorCode::Truncated, pos_, fmt::format("truncated literal, expected {}", word));
    return fail(ErrorCode::Invalid, pos_, fmt::format("invalid literal, expected {}", word));
  }

  // Past the '[' or '{' at pos_ and the space after it; true, and past `close` too, when the list
  // is empty.
  bool openList(char close) {
    ++pos_;
    skipSpace();
    if (peek() != close) return false;
    ++pos_;
    return true;
  }

  enum class Next : std::uint8_t { Element, Closed, Failed };

  // After an element of a list closed by `close`: past ',' and the space after it (Element), past
  // `close` (Closed), or the error that `what` ("expected ',' or ...") was expected (Failed).
  Next nextElement(char close, std::string_view what) {
    skipSpace();
    if (peek() == close) {
      ++pos_;
      return Next::Closed;
    }
    if (peek() != ',') {
      expected(what);
      return Next::Failed;
    }
    ++pos_;
    skipSpace();
    return Next::Element;
  }

  PathMark pushIndex(std::size_t i) {
    PathMark mark{path_, path_.size()};
    path_ += fmt::format("[{}]", i);
    return mark;
  }
  PathMark pushKey(std::string_view key) {
    PathMark mark{path_, path_.size()};
    path_ += '.';
    path_ += key;
    return mark;
  }

  bool parseNode(Node& node, std::size_t depth) {
    if (depth > options_.max_depth)
      return fail(ErrorCode::LimitExceeded, pos_, fmt::format("nodes nested deeper than {}", options_.max_depth));
    if (peek() != '[') return expected("expected a node array [description, attributes, content]");
    ++pos_;
    skipSpace();
    {
      auto mark = pushIndex(0);
      if (!parseStringish(node.description, "the description")) return false;
    }
    skipSpace();
    if (peek() == ',') {
      ++pos_;
      skipSpace();
      auto mark = pushIndex(1);
      if (!parseAttributes(node.attributes)) return false;
      skipSpace();
    }
    if (peek() == ',') {
      ++pos_;
      skipSpace();
      auto mark = pushIndex(2);
      if (!parseContent(node, depth)) return false;
      skipSpace();
    }
    if (peek() != ']') return expected("expected ']' closing the node (at most 3 elements)");
    ++pos_;
    return true;
  }

  bool parseStringish(std::string& out, std::string_view what) {
    if (peek() == '"') return parseString(out);
    if (peek() == '{') return parseB64Object(out);
    return expected(fmt::format("expected a string or {{\"b64\": ...}} as {}", what));
  }

  // {"b64": "..."} and nothing else, for strings that are not UTF-8.
  bool parseB64Object(std::string& out) {
    ++pos_;
    skipSpace();
    std::string key;
    if (peek() != '"') return expected("expected \"b64\"");
    const std::size_t key_at = pos_;
    if (!parseString(key)) return false;
    if (key != "b64") return fail(ErrorCode::Invalid, key_at, fmt::format("expected \"b64\", found \"{}\"", key));
    auto mark = pushKey("b64");
    if (!consume(':', "expected ':'")) return false;
    if (!parseBase64(out)) return false;
    skipSpace();
    if (peek() != '}') return expected("expected '}' after the only key \"b64\"");
    ++pos_;
    return true;
  }

  bool parseBase64(std::string& out) {
    if (peek() != '"') return expected("expected a base64 string");
    const std::size_t at = pos_;
    std::string text;
    if (!parseString(text)) return false;
    std::size_t bad = 0;
    if (!detail::decodeCanonicalBase64(text, out, bad))
      return fail(ErrorCode::Invalid, at + 1 + bad, fmt::format("invalid base64 at character {}", bad));
    return true;
  }

  bool parseAttributes(std::vector<Attribute>& attributes) {
    switch (peek()) {
      case 'n': return literal("null");
      case '{': return parseAttributeObject(attributes);
      case '[': return parseAttributePairs(attributes);
      default: return expected("expected an attributes object, a list of [key, value] pairs or null");
    }
  }

  bool parseAttributeObject(std::vector<Attribute>& attributes) {
    if (openList('}')) return true;
    while (true) {
      Attribute a;
      if (peek() != '"') return expected("expected an attribute name");
      if (!parseString(a.key)) return false;
      auto mark = pushKey(a.key);
      if (!consume(':', "expected ':'")) return false;
      if (!parseAttributeValue(a.value)) return false;
      attributes.push_back(std::move(a));
      const Next next = nextElement('}', "expected ',' or '}'");
      if (next != Next::Element) return next == Next::Closed;
    }
  }

  bool parseAttributePairs(std::vector<Attribute>& attributes) {
    if (openList(']')) return true;
    for (std::size_t i = 0;; ++i) {
      auto mark = pushIndex(i);
      Attribute a;
      if (peek() != '[') return expected("expected a [key, value] pair");
      ++pos_;
      skipSpace();
      if (!parseStringish(a.key, "an attribute name")) return false;
      if (!consume(',', "expected ',' between key and value")) return false;
      if (!parseAttributeValue(a.value)) return false;
      if (!consume(']', "expected ']' closing the pair")) return false;
      attributes.push_back(std::move(a));
      const Next next = nextElement(']', "expected ',' or ']'");
      if (next != Next::Element) return next == Next::Closed;
    }
  }

  bool parseAttributeValue(std::optional<std::string>& value) {
    if (peek() == 'n') {
      value.reset();
      return literal("null");
    }
    value.emplace();
    return parseStringish(*value, "an attribute value");
  }

  bool parseContent(Node& node, std::size_t depth) {
    switch (peek()) {
      case 'n': node.content = ContentKind::None; return literal("null");
      case '"': node.content = ContentKind::Text; return parseString(node.data);
      case '[': return parseChildren(node, depth);
      case '{': return parseBytesObject(node);
      default: return expected(kContentExpected);
    }
  }

  bool parseChildren(Node& node, std::size_t depth) {
    node.content = ContentKind::Children;
    if (openList(']')) return true;
    for (std::size_t i = 0;; ++i) {
      auto mark = pushIndex(i);
      node.children.emplace_back();
      if (!parseNode(node.children.back(), depth + 1)) return false;
      const Next next = nextElement(']', "expected ',' or ']' after a child node");
      if (next != Next::Element) return next == Next::Closed;
    }
  }

  // {"b64": ..., "text": bool, "WebMessageInfo": skipped, "error": skipped}
  bool parseBytesObject(Node& node) {
    const std::size_t start = pos_;
    bool have_b64 = false;
    bool text = false;
    if (!openList('}')) {
      while (true) {
        if (peek() != '"') return expected("expected a key");
        const std::size_t key_at = pos_;
        std::string key;
        if (!parseString(key)) return false;
        auto mark = pushKey(key);
        if (!consume(':', "expected ':'")) return false;
        if (key == "b64") {
          if (have_b64) return fail(ErrorCode::Invalid, key_at, "\"b64\" given twice");
          have_b64 = true;
          if (!parseBase64(node.data)) return false;
        } else if (key == "text") {
          if (peek() == 't') {
            text = true;
            if (!literal("true")) return false;
          } else if (peek() == 'f') {
            text = false;
            if (!literal("false")) return false;
          } else {
            return expected("expected true or false");
          }
        } else if (key == "WebMessageInfo" || key == "error") {
          if (!skipValue(0)) return false;
        } else {
          return fail(ErrorCode::Invalid, key_at,
                      fmt::format("unexpected key \"{}\" (expected b64, text, WebMessageInfo or error)", key));
        }
        const Next next = nextElement('}', "expected ',' or '}'");
        if (next == Next::Failed) return false;
        if (next == Next::Closed) break;
      }
    }
    if (!have_b64) return fail(ErrorCode::Invalid, start, "content object without \"b64\"");
    node.content = text ? ContentKind::Text : ContentKind::Bytes;
    return true;
  }

  bool skipValue(std::size_t depth) {
    if (depth > kMaxSkippedDepth)
      return fail(ErrorCode::LimitExceeded, pos_, fmt::format("json nested deeper than {}", kMaxSkippedDepth));
    switch (peek()) {
      case '"': {
        std::string ignored;
        return parseString(ignored);
      }
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      case '[':
      case '{': {
        const bool object = peek() == '{';
        const char close = object ? '}' : ']';
        if (openList(close)) return true;
        while (true) {
          if (object) {
            std::string ignored;
            if (peek() != '"') return expected("expected a key");
            if (!parseString(ignored)) return false;
            if (!consume(':', "expected ':'")) return false;
          }
          if (!skipValue(depth + 1)) return false;
          const Next next = nextElement(close, object ? "expected ',' or '}'" : "expected ',' or ']'");
          if (next != Next::Element) return next == Next::Closed;
        }
      }
      default: return skipNumber();
    }
  }

  static bool isDigit(int c) noexcept { return c >= '0' && c <= '9'; }

  bool skipNumber() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) ++pos_;
    } else {
      pos_ = start;
      return expected("expected a value");
    }
    if (peek() == '.') {
      ++pos_;
      if (!isDigit(peek())) return expected("expected a digit");
      while (isDigit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!isDigit(peek())) return expected("expected a digit");
      while (isDigit(peek())) ++pos_;
    }
    return true;
  }

  bool readHex4(std::uint32_t& value) {
    if (text_.size() - pos_ < 4) return fail(ErrorCode::Truncated, pos_, "truncated \\u escape");
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const int v = support::hexDigitValue(text_[pos_]);
      if (v < 0) return expected("expected a hex digit in a \\u escape");
      value = value << 4 | static_cast<std::uint32_t>(v);
      ++pos_;
    }
    return true;
  }

  bool parseEscape(std::string& out) {
    const std::size_t at = pos_;  // the backslash
    ++pos_;
    if (pos_ >= text_.size()) return fail(ErrorCode::Truncated, at, "unterminated string");
    const char c = text_[pos_++];
    switch (c) {
      case '"': out.push_back('"'); return true;
      case '\\': out.push_back('\\'); return true;
      case '/': out.push_back('/'); return true;
      case 'b': out.push_back('\b'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'r': out.push_back('\r'); return true;
      case 't': out.push_back('\t'); return true;
      case 'u': break;
      default: return fail(ErrorCode::Invalid, at, fmt::format("invalid escape \\{}", c));
    }
    std::uint32_t cp = 0;
    if (!readHex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(ErrorCode::Invalid, at, "unpaired surrogate in a \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") return fail(ErrorCode::Invalid, at, "unpaired surrogate in a \\u escape");
      pos_ += 2;
      std::uint32_t low = 0;
      if (!readHex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail(ErrorCode::Invalid, at, "unpaired surrogate in a \\u escape");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    support::appendUtf8(out, cp);
    return true;
  }

  // A JSON string at pos_ ('"'); raw bytes must be UTF-8 and not controls.
  bool parseString(std::string& out) {
    const std::size_t start = pos_;
    ++pos_;
    out.clear();
    while (true) {
      std::size_t run = pos_;
      while (run < text_.size()) {
        const auto b = static_cast<unsigned char>(text_[run]);
        if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) break;
        ++run;
      }
      out.append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= text_.size()) return fail(ErrorCode::Truncated, start, "unterminated string");
      const auto b = static_cast<unsigned char>(text_[pos_]);
      if (b == '"') {
        ++pos_;
        return true;
      }
      if (b == '\\') {
        if (!parseEscape(out)) return false;
      } else if (b < 0x20) {
        return fail(ErrorCode::Invalid, pos_, fmt::format("unescaped control character 0x{:02x} in a string", b));
      } else {
        const std::size_t len = support::utf8SequenceLength(text_, pos_);
        if (len == 0) return fail(ErrorCode::Invalid, pos_, "invalid utf-8 in a string");
        out.append(text_.data() + pos_, len);
        pos_ += len;
      }
    }
  }

  std::string_view text_;
  const NodeJsonReadOptions& options_;
  std::size_t pos_ = 0;
  std::string path_;
  std::optional<Error> error_;
};

// The same grammar over an already parsed ordered_json value; errors carry offset 0.
class ValueReader {
 public:
  explicit ValueReader(const NodeJsonReadOptions& options) : options_(options) {}

  Expected<Node> run(const nlohmann::ordered_json& json) {
    Node node;
    if (!readNode(json, node, 1)) return Unexpected(std::move(*error_));
    return node;
  }

 private:
  using Json = nlohmann::ordered_json;

  bool fail(ErrorCode code, std::string what) {
    if (!error_) error_ = Error{code, Stage::Json, 0, "$" + path_ + ": " + what};
    return false;
  }

  static std::string_view typeName(const Json& j) {
    switch (j.type()) {
      case Json::value_t::null: return "null";
      case Json::value_t::object: return "an object";
      case Json::value_t::array: return "an array";
      case Json::value_t::string: return "a string";
      case Json::value_t::boolean: return "a boolean";
      default: return "a number";
    }
  }

  bool wrong(const Json& j, std::string_view what) {
    return fail(ErrorCode::Invalid, fmt::format("{}, found {}", what, typeName(j)));
  }

  PathMark push(std::string segment) {
    PathMark mark{path_, path_.size()};
    path_ += segment;
    return mark;
  }

  bool readNode(const Json& j, Node& node, std::size_t depth) {
    if (depth > options_.max_depth)
      return fail(ErrorCode::LimitExceeded, fmt::format("nodes nested deeper than {}", options_.max_depth));
    if (!j.is_array() || j.empty() || j.size() > 3)
      return wrong(j, "expected a node array [description, attributes, content]");
    {
      auto mark = push("[0]");
      if (!readStringish(j[0], node.description, "the description")) return false;
    }
    if (j.size() > 1) {
      auto mark = push("[1]");
      if (!readAttributes(j[1], node.attributes)) return false;
    }
    if (j.size() > 2) {
      auto mark = push("[2]");
      if (!readContent(j[2], node, depth)) return false;
    }
    return true;
  }

  bool readBase64(const Json& j, std::string& out) {
    if (!j.is_string()) return wrong(j, "expected a base64 string");
    std::size_t bad = 0;
    if (!detail::decodeCanonicalBase64(j.get_ref<const std::string&>(), out, bad))
      return fail(ErrorCode::Invalid, fmt::format("invalid base64 at character {}", bad));
    return true;
  }

  bool readStringish(const Json& j, std::string& out, std::string_view what) {
    if (j.is_string()) {
      out = j.get<std::string>();
      return true;
    }
    if (j.is_object() && j.size() == 1 && j.contains("b64")) {
      auto mark = push(".b64");
      return readBase64(j["b64"], out);
    }
    return wrong(j, fmt::format("expected a string or {{\"b64\": ...}} as {}", what));
  }

  bool readValue(const Json& j, std::optional<std::string>& value) {
    if (j.is_null()) {
      value.reset();
      return true;
    }
    value.emplace();
    return readStringish(j, *value, "an attribute value");
  }

  bool readAttributes(const Json& j, std::vector<Attribute>& attributes) {
    if (j.is_null()) return true;
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        auto mark = push("." + key);
        Attribute a{key, std::nullopt};
        if (!readValue(value, a.value)) return false;
        attributes.push_back(std::move(a));
      }
      return true;
    }
    if (!j.is_array()) return wrong(j, "expected an attributes object, a list of [key, value] pairs or null");
    for (std::size_t i = 0; i < j.size(); ++i) {
      auto mark = push(fmt::format("[{}]", i));
      const Json& pair = j[i];
      if (!pair.is_array() || pair.size() != 2) return wrong(pair, "expected a [key, value] pair");
      Attribute a;
      if (!readStringish(pair[0], a.key, "an attribute name")) return false;
      if (!readValue(pair[1], a.value)) return false;
      attributes.push_back(std::move(a));
    }
    return true;
  }

  bool readContent(const Json& j, Node& node, std::size_t depth) {
    if (j.is_null()) {
      node.content = ContentKind::None;
      return true;
    }
    if (j.is_string()) {
      node.content = ContentKind::Text;
      node.data = j.get<std::string>();
      return true;
    }
    if (j.is_array()) {
      node.content = ContentKind::Children;
      node.children.resize(j.size());
      for (std::size_t i = 0; i < j.size(); ++i) {
        auto mark = push(fmt::format("[{}]", i));
        if (!readNode(j[i], node.children[i], depth + 1)) return false;
      }
      return true;
    }
    if (!j.is_object()) return wrong(j, kContentExpected);
    bool text = false;
    for (const auto& [key, value] : j.items()) {
      auto mark = push("." + key);
      if (key == "b64") {
        if (!readBase64(value, node.data)) return false;
      } else if (key == "text") {
        if (!value.is_boolean()) return wrong(value, "expected true or false");
        text = value.get<bool>();
      } else if (key != "WebMessageInfo" && key != "error") {
        return fail(ErrorCode::Invalid,
                    fmt::format("unexpected key \"{}\" (expected b64, text, WebMessageInfo or error)", key));
      }
    }
    if (!j.contains("b64")) return fail(ErrorCode::Invalid, "content object without \"b64\"");
    node.content = text ? ContentKind::Text : ContentKind::Bytes;
    return true;
  }

  const NodeJsonReadOptions& options_;
  std::string path_;
  std::optional<Error> error_;
};

}  // namespace

Expected<Node> nodeFromJson(std::string_view json_text, const NodeJsonReadOptions& options) {
  return TextReader(json_text, options).run();
}

Expected<Node> nodeFromJsonValue(const nlohmann::ordered_json& json, const NodeJsonReadOptions& options) {
  return ValueReader(options).run(json);
}

}  // namespace wa::codec
