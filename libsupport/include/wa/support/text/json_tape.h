// JSON values as a tape: what a document holds, in document order, as the objects a consumer makes
// (the Python module makes dicts, lists and str from it), with every string unescaped and every
// number read. Written on any thread and read in the same process (native byte order).
//
// Two ways to write one: from JSON text (appendJsonTape), or from the calls a JsonWriter takes
// (JsonTapeWriter), which skips the text altogether. Both give the same bytes for the same value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wa::support {

/// What each item of a tape is; integers in it are native-endian.
enum class JsonTapeOp : char {
  Dict = 'o',    ///< u32 count, then count pairs of (Key, value)
  List = 'a',    ///< u32 count, then count values
  Str = 's',     ///< u32 length, u8 ascii (1 when every byte is below 0x80), the bytes (UTF-8; lone
                 ///< surrogates of \u escapes in their 3-byte form)
  Key = 'k',     ///< as Str, for an object key
  Int = 'i',     ///< i64: an integer of at most 18 characters in the text
  BigInt = 'I',  ///< as Str: the ASCII digits (with a sign) of a longer integer
  Float = 'f',   ///< double: a number with a fraction or exponent, NaN or an infinity
  True = 't',
  False = 'F',
  Null = 'n',
  Raw = 'R',     ///< u32 length, JSON text the writer did not take (malformed, or nested too deep)
};

/// Values nested deeper than this (containers around them) are not taken: the text is left to
/// the consumer's own parser (Python's json.loads then raises RecursionError, as it would).
inline constexpr std::size_t kJsonTapeMaxDepth = 2000;

/// A growable byte buffer for the many small writes of a tape (std::string's members are not
/// inlined, and it zero-fills what it grows by).
class JsonTapeBuffer {
 public:
  void clear() noexcept { size_ = 0; }
  void truncate(std::size_t size) noexcept { size_ = size; }  ///< size <= size()
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return data_.get(); }
  [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }
  char* at(std::size_t offset) noexcept { return data_.get() + offset; }
  /// Room for `n` more bytes; returns where they go (size() grows by n).
  char* grow(std::size_t n) {
    if (capacity_ - size_ < n) reserve(size_ + n);
    char* where = data_.get() + size_;
    size_ += n;
    return where;
  }

 private:
  void reserve(std::size_t need);

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends the tape of one JSON document to `out`, or false when the text is not one (malformed,
/// trailing bytes, nested past kJsonTapeMaxDepth); `out` then holds a partial tape to drop.
/// Accepts what Python's json.loads accepts (NaN, Infinity and -Infinity too).
bool writeJsonTape(JsonTapeBuffer& out, std::string_view text);

/// Appends the tape of `text` to `out`, or when writeJsonTape does not take it one Raw item with
/// the text (the consumer parses it, and fails as it would).
void appendJsonTape(std::string& out, std::string_view text);

/// The calls of JsonWriter (json_writer.h), writing the tape of the JSON text that JsonWriter would
/// write for them: a template over the writer gives both outputs from one piece of code. Strings
/// must be UTF-8 as for JsonWriter (their bytes are kept as they are). Containers nested past
/// kJsonTapeMaxDepth, or a raw value that is not JSON, set failed(): the caller then writes the text
/// and appendJsonTape()s it instead.
class JsonTapeWriter {
 public:
  explicit JsonTapeWriter(JsonTapeBuffer& out) : out_(out) {}

  void beginArray() { open(JsonTapeOp::List); }
  void endArray() { close(); }
  void beginObject() { open(JsonTapeOp::Dict); }
  void endObject() { close(); }
  void key(std::string_view utf8) {
    ++open_.back().count;
    putString(JsonTapeOp::Key, utf8);
  }
  /// JsonWriter's key with a prepared member: the tape keeps the key alone.
  void key(std::string_view utf8, std::string_view /*member*/) { key(utf8); }
  void stringValue(std::string_view utf8) {
    item();
    putString(JsonTapeOp::Str, utf8);
  }
  /// Bytes that are not UTF-8 as U+FFFD (JSON text: appendJsonQuotedLossy).
  void lossyStringValue(std::string_view s);
  void base64Value(std::string_view bytes);
  /// A number or literal as JsonWriter::rawValue writes it, read as the text reader reads it.
  void rawValue(std::string_view literal);
  void nullValue() {
    item();
    putOp(JsonTapeOp::Null);
  }
  void boolValue(bool b) {
    item();
    putOp(b ? JsonTapeOp::True : JsonTapeOp::False);
  }
  /// A whole JSON document (a payload from a capture), read as appendJsonTape reads it.
  void jsonTextValue(std::string_view json);

  [[nodiscard]] bool failed() const noexcept { return failed_; }

  /// A point to return to: rollback(mark()) drops everything written since (JsonWriter's Mark).
  struct Mark {
    std::size_t size, depth;
    std::uint32_t count;
    bool failed;
  };
  [[nodiscard]] Mark mark() const noexcept {
    return {out_.size(), open_.size(), open_.empty() ? 0 : open_.back().count, failed_};
  }
  void rollback(const Mark& m) {
    out_.truncate(m.size);
    open_.resize(m.depth);
    if (!open_.empty()) open_.back().count = m.count;
    failed_ = m.failed;
  }

 private:
  struct Open {
    std::size_t count_at;  // where the container's u32 count goes
    std::uint32_t count;
    bool list;
  };

  // A value in a list counts; one in a dict was counted with its key. The text reader refuses a
  // value inside more than kJsonTapeMaxDepth containers, and so does this.
  void item() {
    if (open_.size() > kJsonTapeMaxDepth) failed_ = true;
    if (!open_.empty() && open_.back().list) ++open_.back().count;
  }
  void open(JsonTapeOp op) {
    item();
    char* w = out_.grow(1 + sizeof(std::uint32_t));
    *w = static_cast<char>(op);
    open_.push_back(Open{out_.size() - sizeof(std::uint32_t), 0, op == JsonTapeOp::List});
  }
  void close() {
    const Open& o = open_.back();
    std::memcpy(out_.at(o.count_at), &o.count, sizeof o.count);
    open_.pop_back();
  }
  void putOp(JsonTapeOp op) { *out_.grow(1) = static_cast<char>(op); }
  void putString(JsonTapeOp op, std::string_view s);

  JsonTapeBuffer& out_;
  std::vector<Open> open_;
  bool failed_ = false;
};

}  // namespace wa::support
