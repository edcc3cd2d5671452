// JSON nesting depth before a parse, and parse errors after one.
#include "wa/support/text/json_text.h"

#include <algorithm>

#include "text/json_number.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/utf8.h"

namespace wa::support {

std::size_t jsonTooDeepAt(std::string_view json, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

JsonParseFailure jsonParseFailure(std::size_t byte, std::string_view what, std::size_t text_size) {
  const auto column = what.find("column ");
  const auto colon = column == std::string_view::npos ? what.find(": ") : what.find(": ", column);
  if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  const std::size_t at = byte > 0 ? byte - 1 : 0;
  return JsonParseFailure{std::min(at, text_size), "invalid json: " + std::string(what)};
}

namespace {

// A recursive-descent checker over the text; containers are tracked in a bit stack of fixed size
// (deeper texts are left Unsure: the parser and jsonTooDeepAt() decide those).
class Checker {
 public:
  explicit Checker(std::string_view t) : p_(t.data()), end_(t.data() + t.size()) {}

  // The deepest nesting of containers met.
  [[nodiscard]] std::size_t deepest() const noexcept { return deepest_; }

  JsonCheck run() {
    space();
    if (!value()) return verdict();
    space();
    if (p_ != end_) return JsonCheck::Invalid;
    return unsure_ ? JsonCheck::Unsure : JsonCheck::Valid;
  }

 private:
  static constexpr std::size_t kMaxDepth = 512;

  JsonCheck verdict() const { return unsure_ ? JsonCheck::Unsure : JsonCheck::Invalid; }

  void space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // Containers iteratively: `open_` holds, per level, whether it is an object.
  bool value() {
    for (;;) {
      if (p_ == end_) return false;
      const char c = *p_;
      if (c == '{' || c == '[') {
        if (depth_ == kMaxDepth) {
          unsure_ = true;
          return false;
        }
        object_[depth_++] = c == '{';
        deepest_ = std::max(deepest_, depth_);
        ++p_;
        space();
        if (p_ != end_ && *p_ == (c == '{' ? '}' : ']')) {
          ++p_;
          --depth_;
          if (!afterValue()) return depth_ == 0 && ok_;
          continue;
        }
        if (c == '{' && !key()) return false;
        continue;
      }
      if (!scalar()) return false;
      if (!afterValue()) return depth_ == 0 && ok_;
    }
  }

  // After a value: a comma (and, in an object, the next key) or the end of containers. Returns
  // true when another value follows; false when the document ended (ok_) or on an error (!ok_).
  bool afterValue() {
    for (;;) {
      space();
      if (depth_ == 0) {
        ok_ = true;
        return false;
      }
      if (p_ == end_) return fail();
      const bool object = object_[depth_ - 1];
      if (*p_ == ',') {
        ++p_;
        space();
        if (object && !key()) return fail();
        return true;
      }
      if (*p_ != (object ? '}' : ']')) return fail();
      ++p_;
      --depth_;
    }
  }

  bool fail() {
    ok_ = false;
    return false;
  }

  // A key and its colon.
  bool key() {
    if (p_ == end_ || *p_ != '"' || !string()) return fail();
    space();
    if (p_ == end_ || *p_ != ':') return fail();
    ++p_;
    space();
    return true;
  }

  bool scalar() {
    switch (*p_) {
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }

  // The four hex digits of a \u escape at the cursor.
  bool hex4(unsigned& out) {
    const long v = support::readJsonHex4(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    if (v < 0) return false;
    out = static_cast<unsigned>(v);
    p_ += 4;
    return true;
  }

  bool string() {
    ++p_;  // "
    const char* run = p_;
    for (;;) {
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\') {
        if (!isUtf8(std::string_view(run, static_cast<std::size_t>(p_ - run)))) return false;
        if (c == '"') {
          ++p_;
          return true;
        }
        if (!escape()) return false;
        run = p_;
        continue;
      }
      if (c < 0x20) return false;
      ++p_;
    }
  }

  bool escape() {
    ++p_;  // backslash
    if (p_ == end_) return false;
    switch (*p_++) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return true;
      case 'u': {
        unsigned cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {              // must be followed by a low one
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          unsigned low = 0;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
        }
        return true;
      }
      default: return false;
    }
  }

  // Integers of up to 18 digits and plain decimal fractions are certain; the rest goes to the parser
  // (a float that overflows, or an integer past 64 bits, is its call).
  bool number() {
    const detail::JsonNumberToken t = detail::scanJsonNumber(p_, end_);
    if (t.length == 0) return false;
    p_ += t.length;
    if (t.exponent || t.integer_length + t.fraction_digits > 18) unsure_ = true;
    return true;
  }

  const char* p_;
  const char* end_;
  bool object_[kMaxDepth] = {};
  std::size_t depth_ = 0;
  std::size_t deepest_ = 0;
  bool ok_ = false;
  bool unsure_ = false;
};

}  // namespace

JsonCheck checkJson(std::string_view text) noexcept { return Checker(text).run(); }

JsonCheck checkJson(std::string_view text, std::size_t& deepest) noexcept {
  Checker checker(text);
  const JsonCheck verdict = checker.run();
  deepest = checker.deepest();
  return verdict;
}

}  // namespace wa::support
