// A streaming JSON writer: values appended to a string as they come, compact or pretty.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "wa/support/text/base64.h"
#include "wa/support/text/json_string.h"

namespace wa::support {

/// Writes JSON values into a string as they come, compact (no spaces) or pretty (2-space indent,
/// "key": value, empty containers as [] and {}: the layout of `jq .` and Python's indent=2).
/// The caller keeps the calls balanced; keys and strings must be UTF-8.
class JsonWriter {
 public:
  /// `base_level`: the indent level (2 spaces each) of the line where the first value starts, for
  /// embedding a value inside an already indented document.
  JsonWriter(std::string& out, bool pretty, std::size_t base_level = 0) noexcept
      : out_(out), pretty_(pretty), level_(base_level) {}

  void beginArray() { open('['); }
  void endArray() { close(']'); }
  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void key(std::string_view utf8) {
    if (!pretty_ && depth_ != 0 && !after_key_) {  // separator, key and colon in one append
      appendJsonMember(out_, !first_, utf8);
      first_ = false;
      after_key_ = true;
      return;
    }
    separate();
    appendJsonQuoted(out_, utf8);
    out_.append(pretty_ ? ": " : ":");
    after_key_ = true;
  }
  /// key(utf8) for a key written many times: `member` is appendJsonMember(s, true, utf8) made once
  /// (`,"key":`), appended as it is where the key would be written compact.
  void key(std::string_view utf8, std::string_view member) {
    if (!pretty_ && depth_ != 0 && !after_key_) {
      out_.append(first_ ? member.substr(1) : member);
      first_ = false;
      after_key_ = true;
      return;
    }
    key(utf8);
  }
  void stringValue(std::string_view utf8) {
    separate();
    appendJsonQuoted(out_, utf8);
  }
  void base64Value(std::string_view bytes) {
    separate();
    out_.push_back('"');
    appendBase64(out_, bytes);
    out_.push_back('"');
  }
  /// A number or literal written as given.
  void rawValue(std::string_view literal) {
    separate();
    out_.append(literal);
  }
  void nullValue() { rawValue("null"); }
  void boolValue(bool b) { rawValue(b ? "true" : "false"); }

  [[nodiscard]] bool pretty() const noexcept { return pretty_; }

  /// A point to return to: rollback(mark()) drops everything written since, as if never written.
  struct Mark {
    std::size_t size, level, depth;
    bool first, after_key;
  };
  [[nodiscard]] Mark mark() const noexcept { return {out_.size(), level_, depth_, first_, after_key_}; }
  void rollback(const Mark& m) {
    out_.resize(m.size);
    level_ = m.level;
    depth_ = m.depth;
    first_ = m.first;
    after_key_ = m.after_key;
  }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;  // the top-level value
    if (!first_) out_.push_back(',');
    newline(level_);
    first_ = false;
  }
  void open(char bracket) {
    separate();
    out_.push_back(bracket);
    ++level_;
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --level_;
    --depth_;
    if (!first_) newline(level_);
    out_.push_back(bracket);
    first_ = false;
  }
  void newline(std::size_t level) {
    if (!pretty_) return;
    out_.push_back('\n');
    out_.append(2 * level, ' ');
  }

  std::string& out_;
  bool pretty_;
  std::size_t level_;
  std::size_t depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace wa::support
