// JSON tapes: from JSON text (a reader of Python's json grammar), and from JsonWriter's calls.
#include "wa/support/text/json_tape.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <system_error>

#include "text/json_number.h"
#include "wa/support/text/base64.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/utf8.h"

namespace wa::support {
namespace {

void putHeader(char* w, JsonTapeOp op, std::uint32_t n) {
  *w = static_cast<char>(op);
  std::memcpy(w + 1, &n, sizeof n);
}

// A string item: header, ascii flag and bytes.
void putStringItem(JsonTapeBuffer& out, JsonTapeOp op, std::string_view s, bool ascii) {
  const auto n = static_cast<std::uint32_t>(s.size());
  char* w = out.grow(1 + sizeof n + 1 + s.size());
  putHeader(w, op, n);
  w[1 + sizeof n] = ascii ? 1 : 0;
  if (n != 0) std::memcpy(w + 2 + sizeof n, s.data(), s.size());
}

// JSON text to a tape, as Python's json.loads reads it. Stops at the first thing it does not take.
class TextReader {
 public:
  TextReader(std::string_view text, JsonTapeBuffer& out)
      : p_(text.data()), end_(text.data() + text.size()), out_(out) {}

  // One document whose top value sits inside `depth` containers (those of the caller's tape).
  bool document(std::size_t depth) {
    skipSpace();
    if (!value(depth)) return false;
    skipSpace();
    return p_ == end_;
  }

 private:
  void skipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(const char* word, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  template <class T>
  void putOp(JsonTapeOp op, T v) {
    char* w = out_.grow(1 + sizeof v);
    *w = static_cast<char>(op);
    std::memcpy(w + 1, &v, sizeof v);
  }
  bool putOp(JsonTapeOp op) {
    *out_.grow(1) = static_cast<char>(op);
    return true;
  }
  bool putDouble(double d) {
    putOp(JsonTapeOp::Float, d);
    return true;
  }

  bool value(std::size_t depth) {
    if (p_ == end_ || depth > kJsonTapeMaxDepth) return false;
    switch (*p_) {
      case '{': return container(depth + 1, '}', JsonTapeOp::Dict);
      case '[': return container(depth + 1, ']', JsonTapeOp::List);
      case '"': return string(JsonTapeOp::Str);
      case 't': return literal("true", 4) && putOp(JsonTapeOp::True);
      case 'f': return literal("false", 5) && putOp(JsonTapeOp::False);
      case 'n': return literal("null", 4) && putOp(JsonTapeOp::Null);
      case 'N': return literal("NaN", 3) && putDouble(std::numeric_limits<double>::quiet_NaN());
      case 'I': return literal("Infinity", 8) && putDouble(std::numeric_limits<double>::infinity());
      default: return number();
    }
  }

  // An object (pairs of key and value) or an array, its count written when it is known.
  bool container(std::size_t depth, char close, JsonTapeOp op) {
    ++p_;  // { or [
    putOp(op, std::uint32_t{0});
    const std::size_t count_at = out_.size() - sizeof(std::uint32_t);
    std::uint32_t count = 0;
    skipSpace();
    if (p_ != end_ && *p_ == close) {
      ++p_;
      return true;
    }
    for (;;) {
      skipSpace();
      if (op == JsonTapeOp::Dict) {
        if (p_ == end_ || *p_ != '"' || !string(JsonTapeOp::Key)) return false;
        skipSpace();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        skipSpace();
      }
      if (!value(depth)) return false;
      ++count;
      skipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != close) return false;
      ++p_;
      std::memcpy(out_.at(count_at), &count, sizeof count);
      return true;
    }
  }

  // The four hex digits of a \u escape at the cursor.
  bool hex4(unsigned& out) {
    const long v = readJsonHex4(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    if (v < 0) return false;
    out = static_cast<unsigned>(v);
    p_ += 4;
    return true;
  }

  bool string(JsonTapeOp op) {
    ++p_;  // "
    const char* start = p_;
    // Up to the first quote, backslash or control, and whether all before it is ASCII, through
    // the text kernels (32 bytes a step with AVX2).
    const JsonPlainRun run = scanJsonPlain(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
    p_ += run.length;
    if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return false;  // json.loads rejects raw controls
    if (*p_ == '"') {
      putStringItem(out_, op, std::string_view(start, static_cast<std::size_t>(p_ - start)), run.ascii);
      ++p_;
      return true;
    }
    // Escapes: the rest goes through a buffer.
    scratch_.assign(start, static_cast<std::size_t>(p_ - start));
    while (p_ != end_ && *p_ != '"') {
      const auto c = static_cast<unsigned char>(*p_);
      if (c < 0x20) return false;
      if (c != '\\') {
        scratch_ += static_cast<char>(c);
        ++p_;
        continue;
      }
      if (++p_ == end_) return false;
      const char e = *p_++;
      switch (e) {
        case '"': scratch_ += '"'; break;
        case '\\': scratch_ += '\\'; break;
        case '/': scratch_ += '/'; break;
        case 'b': scratch_ += '\b'; break;
        case 'f': scratch_ += '\f'; break;
        case 'n': scratch_ += '\n'; break;
        case 'r': scratch_ += '\r'; break;
        case 't': scratch_ += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          // A high surrogate followed by \u and a low one is one code point, as in json.loads.
          if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            const char* save = p_;
            p_ += 2;
            unsigned low = 0;
            if (hex4(low) && low >= 0xDC00 && low < 0xE000)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else
              p_ = save;
          }
          // Lone surrogates in their 3-byte form, which str() reads with "surrogatepass".
          appendUtf8(scratch_, cp);
          break;
        }
        default: return false;
      }
    }
    if (p_ == end_) return false;
    ++p_;  // "
    putStringItem(out_, op, scratch_, isAscii(scratch_));
    return true;
  }

  bool number() {
    if (end_ - p_ > 1 && *p_ == '-' && p_[1] == 'I') {
      ++p_;
      return literal("Infinity", 8) && putDouble(-std::numeric_limits<double>::infinity());
    }
    const char* start = p_;
    const detail::JsonNumberToken t = detail::scanJsonNumber(p_, end_);
    if (t.length == 0) return false;
    p_ += t.length;
    const bool integer = t.fraction_digits == 0 && !t.exponent;
    const std::size_t n = static_cast<std::size_t>(p_ - start);
    if (integer && n <= 18) {
      std::int64_t v = 0;
      const char* q = start;
      const bool negative = *q == '-';
      if (negative) ++q;
      for (; q != p_; ++q) v = v * 10 + (*q - '0');
      putOp(JsonTapeOp::Int, negative ? -v : v);
      return true;
    }
    if (integer) {
      putStringItem(out_, JsonTapeOp::BigInt, std::string_view(start, n), true);
      return true;
    }
    // Correctly rounded, as float() reads it (which is how json.loads makes a float); out of
    // range: infinity or zero, as float() gives.
    double d = 0;
    const auto r = std::from_chars(start, p_, d);
    if (r.ec == std::errc::result_out_of_range) {
      scratch_.assign(start, n);
      d = std::strtod(scratch_.c_str(), nullptr);
    } else if (r.ec != std::errc() || r.ptr != p_) {
      return false;
    }
    return putDouble(d);
  }

  const char* p_;
  const char* end_;
  JsonTapeBuffer& out_;
  std::string scratch_;
};

}  // namespace

void JsonTapeBuffer::reserve(std::size_t need) {
  std::size_t capacity = capacity_ < 4096 ? 4096 : capacity_;
  while (capacity < need) capacity *= 2;
  auto bigger = std::make_unique<char[]>(capacity);
  if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  capacity_ = capacity;
}

bool writeJsonTape(JsonTapeBuffer& out, std::string_view text) { return TextReader(text, out).document(0); }

void appendJsonTape(std::string& out, std::string_view text) {
  thread_local JsonTapeBuffer tape;  // grows to the largest document's tape on each thread
  tape.clear();
  if (writeJsonTape(tape, text)) {
    out.append(tape.data(), tape.size());
    return;
  }
  out.push_back(static_cast<char>(JsonTapeOp::Raw));
  const auto n = static_cast<std::uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(text.data(), text.size());
}

void JsonTapeWriter::putString(JsonTapeOp op, std::string_view s) { putStringItem(out_, op, s, isAscii(s)); }

void JsonTapeWriter::lossyStringValue(std::string_view s) {
  if (isUtf8(s)) return stringValue(s);
  item();
  std::string valid;
  appendUtf8Lossy(valid, s);
  putString(JsonTapeOp::Str, valid);
}

void JsonTapeWriter::base64Value(std::string_view bytes) {
  item();
  const std::size_t n = base64Length(bytes.size());
  char* w = out_.grow(1 + sizeof(std::uint32_t) + 1 + n);
  putHeader(w, JsonTapeOp::Str, static_cast<std::uint32_t>(n));
  w[1 + sizeof(std::uint32_t)] = 1;
  writeBase64(w + 2 + sizeof(std::uint32_t), bytes);
}

void JsonTapeWriter::rawValue(std::string_view literal) {
  item();
  if (!TextReader(literal, out_).document(open_.size())) failed_ = true;
}

void JsonTapeWriter::jsonTextValue(std::string_view json) {
  item();
  if (!TextReader(json, out_).document(open_.size())) failed_ = true;
}

}  // namespace wa::support
