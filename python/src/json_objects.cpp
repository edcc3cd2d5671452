// JSON text to Python objects through a tape: the text is read (on any thread) into the objects
// to make, then those are made under the GIL.
#include "json_objects.h"

#include <Python.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "node.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/utf8.h"

namespace wa::python {
namespace {

// Deeper documents go to json.loads (which raises RecursionError as Python's limit says).
constexpr int kMaxDepth = 2000;

// Object keys seen lately, as interned str objects (records repeat a few dozen keys): a
// direct-mapped table, so that a repeated key costs a hash of its ends and one comparison. A key
// that meets another in its slot replaces it. Used under the GIL only; the objects it holds live
// until replaced or until the process ends.
class KeyCache {
 public:
  static constexpr std::size_t kMaxLength = 48;

  // A new reference, or nullptr when the key is too long to keep (or on failure).
  PyObject* get(std::string_view key) {
    if (key.size() > kMaxLength) return nullptr;
    Slot& slot = slots_[slotOf(key)];
    if (slot.object != nullptr && slot.length == key.size() && std::memcmp(slot.bytes, key.data(), key.size()) == 0) {
      Py_INCREF(slot.object);
      return slot.object;
    }
    PyObject* s = PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(key.size()), "surrogatepass");
    if (s == nullptr) return nullptr;
    PyUnicode_InternInPlace(&s);
    Py_XDECREF(slot.object);
    Py_INCREF(s);  // the slot's reference
    slot.object = s;
    slot.length = static_cast<std::uint8_t>(key.size());
    std::memcpy(slot.bytes, key.data(), key.size());
    return s;
  }

 private:
  static constexpr std::size_t kSlots = 2048;
  struct Slot {
    PyObject* object = nullptr;
    std::uint8_t length = 0;
    char bytes[kMaxLength];
  };

  static std::size_t slotOf(std::string_view s) noexcept {
    std::uint64_t head = 0, tail = 0;
    const std::size_t n = s.size();
    std::memcpy(&head, s.data(), n < 8 ? n : 8);
    if (n > 8) std::memcpy(&tail, s.data() + n - 8, 8);
    const std::uint64_t h = (head * 0x9E3779B97F4A7C15ULL) ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ n;
    return static_cast<std::size_t>(((h ^ (h >> 29)) * 0x165667B19E3779F9ULL) >> 53);  // 11 bits
  }

  Slot slots_[kSlots];
};

// The tape: what a JSON document holds, in document order, as the objects to make, with every
// string already unescaped and every number already read. Written by TapeWriter on any thread,
// read by TapeReader under the GIL. Integers in it are native-endian (same process).
enum TapeOp : char {
  kDict = 'o',     // u32 count, then count pairs of (kKey, value)
  kList = 'a',     // u32 count, then count values
  kStr = 's',      // u32 length, u8 ascii, bytes (UTF-8; lone surrogates in their 3-byte form)
  kKey = 'k',      // as kStr, for an object key
  kInt = 'i',      // i64
  kBigInt = 'I',   // as kStr: ASCII digits (with a sign), past 18 digits
  kFloat = 'f',    // double
  kTrue = 't',
  kFalse = 'F',
  kNone = 'n',
  kRaw = 'R',      // u32 length, JSON text the writer did not take: json.loads decides
};

// A growable byte buffer without std::string's per-call costs (its members are not inlined: the
// library instantiates them), for the many small writes of a tape.
class TapeBuffer {
 public:
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return data_.get(); }
  char* at(std::size_t offset) noexcept { return data_.get() + offset; }
  // Room for `n` more bytes; returns where they go (size() grows by n).
  char* grow(std::size_t n) {
    if (capacity_ - size_ < n) reserve(size_ + n);
    char* where = data_.get() + size_;
    size_ += n;
    return where;
  }

 private:
  void reserve(std::size_t need) {
    std::size_t capacity = capacity_ < 4096 ? 4096 : capacity_;
    while (capacity < need) capacity *= 2;
    auto bigger = std::make_unique<char[]>(capacity);
    if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// JSON text to a tape. No Python API: runs on the decoding threads.
class TapeWriter {
 public:
  TapeWriter(std::string_view text, TapeBuffer& out) : p_(text.data()), end_(text.data() + text.size()), out_(out) {}

  // False when the text is not what this writer takes (then json.loads decides); `out` then
  // holds a partial tape that the caller drops.
  bool document() {
    skipSpace();
    if (!value(0)) return false;
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
  void putOp(TapeOp op, T v) {
    char* w = out_.grow(1 + sizeof v);
    *w = static_cast<char>(op);
    std::memcpy(w + 1, &v, sizeof v);
  }
  void putOp(TapeOp op) { *out_.grow(1) = static_cast<char>(op); }
  bool putDouble(double d) {
    putOp(kFloat, d);
    return true;
  }
  void putString(TapeOp op, std::string_view s, bool ascii) {
    const auto n = static_cast<std::uint32_t>(s.size());
    char* w = out_.grow(1 + sizeof n + 1 + s.size());
    *w = static_cast<char>(op);
    std::memcpy(w + 1, &n, sizeof n);
    w[1 + sizeof n] = ascii ? 1 : 0;
    if (n != 0) std::memcpy(w + 2 + sizeof n, s.data(), s.size());
  }

  bool value(int depth) {
    if (p_ == end_ || depth > kMaxDepth) return false;
    switch (*p_) {
      case '{': return container(depth + 1, '}', kDict);
      case '[': return container(depth + 1, ']', kList);
      case '"': return string(kStr);
      case 't': return literal("true", 4) && (putOp(kTrue), true);
      case 'f': return literal("false", 5) && (putOp(kFalse), true);
      case 'n': return literal("null", 4) && (putOp(kNone), true);
      case 'N': return literal("NaN", 3) && putDouble(std::numeric_limits<double>::quiet_NaN());
      case 'I': return literal("Infinity", 8) && putDouble(std::numeric_limits<double>::infinity());
      default: return number();
    }
  }

  // An object (pairs of key and value) or an array, its count written when it is known.
  bool container(int depth, char close, TapeOp op) {
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
      if (op == kDict) {
        if (p_ == end_ || *p_ != '"' || !string(kKey)) return false;
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
    const long v = support::readJsonHex4(std::string_view(p_, static_cast<std::size_t>(end_ - p_)), 0);
    if (v < 0) return false;
    out = static_cast<unsigned>(v);
    p_ += 4;
    return true;
  }

  bool string(TapeOp op) {
    ++p_;  // "
    const char* start = p_;
    // Up to the first quote, backslash or control, and whether all before it is ASCII, through
    // the text kernels (32 bytes a step with AVX2).
    const support::JsonPlainRun run = support::scanJsonPlain(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
    p_ += run.length;
    if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return false;  // json.loads rejects raw controls
    if (*p_ == '"') {
      putString(op, std::string_view(start, static_cast<std::size_t>(p_ - start)), run.ascii);
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
          support::appendUtf8(scratch_, cp);
          break;
        }
        default: return false;
      }
    }
    if (p_ == end_) return false;
    ++p_;  // "
    putString(op, scratch_, false);
    return true;
  }

  bool number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') {
      ++p_;
      if (literal("Infinity", 8)) return putDouble(-std::numeric_limits<double>::infinity());
    }
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const std::size_t n = static_cast<std::size_t>(p_ - start);
    if (integer && n <= 18) {
      std::int64_t v = 0;
      const char* q = start;
      const bool negative = *q == '-';
      if (negative) ++q;
      for (; q != p_; ++q) v = v * 10 + (*q - '0');
      putOp(kInt, negative ? -v : v);
      return true;
    }
    if (integer) {
      putString(kBigInt, std::string_view(start, n), true);
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
  TapeBuffer& out_;
  std::string scratch_;
};

// Makes the objects a tape describes. The tape comes from TapeWriter in this process.
class TapeReader {
 public:
  explicit TapeReader(std::string_view tape) : p_(tape.data()) {}

  // A new reference, or nullptr with a Python error set.
  PyObject* value() {
    const char op = *p_++;
    switch (op) {
      case kDict: {
        const std::uint32_t n = get<std::uint32_t>();
        PyObject* dict = newDict(n);
        if (dict == nullptr) return nullptr;
        for (std::uint32_t i = 0; i < n; ++i) {
          ++p_;  // kKey
          PyObject* key = string(true);
          if (key == nullptr) return fail(dict);
          PyObject* v = value();
          if (v == nullptr) {
            Py_DECREF(key);
            return fail(dict);
          }
          const int r = PyDict_SetItem(dict, key, v);
          Py_DECREF(key);
          Py_DECREF(v);
          if (r != 0) return fail(dict);
        }
        return dict;
      }
      case kList: {
        const std::uint32_t n = get<std::uint32_t>();
        PyObject* list = PyList_New(static_cast<Py_ssize_t>(n));
        if (list == nullptr) return nullptr;
        for (std::uint32_t i = 0; i < n; ++i) {
          PyObject* v = value();
          if (v == nullptr) return fail(list);  // the items not set yet are NULL, which the list skips
          PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), v);
        }
        return list;
      }
      case kStr: return string(false);
      case kKey: return string(true);
      case kInt: return PyLong_FromLongLong(get<std::int64_t>());
      case kBigInt: {
        const std::uint32_t n = get<std::uint32_t>();
        ++p_;  // ascii
        digits_.assign(p_, n);
        p_ += n;
        return PyLong_FromString(digits_.c_str(), nullptr, 10);
      }
      case kFloat: return PyFloat_FromDouble(get<double>());
      case kTrue: return Py_NewRef(Py_True);
      case kFalse: return Py_NewRef(Py_False);
      case kNone: return Py_NewRef(Py_None);
      case kRaw: {
        const std::uint32_t n = get<std::uint32_t>();
        const std::string_view text(p_, n);
        p_ += n;
        try {
          return jsonToPython(text).release().ptr();
        } catch (py::error_already_set& e) {
          e.restore();
          return nullptr;
        }
      }
      default:
        PyErr_SetString(PyExc_RuntimeError, "wa_web: corrupt record tape");
        return nullptr;
    }
  }

 private:
  template <class T>
  T get() {
    T v;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }

  // Sized once where the API allows: a new dict holds 5 keys before it grows, and a record has 6
  // to 9. _PyDict_NewPresized is private CPython API, used only where it is known to exist (3.11, 3.12).
  static PyObject* newDict(std::uint32_t n) {
#if PY_VERSION_HEX < 0x030D0000
    if (n > 5) return _PyDict_NewPresized(static_cast<Py_ssize_t>(n));
#endif
    (void)n;
    return PyDict_New();
  }

  static PyObject* fail(PyObject* owned) {
    Py_DECREF(owned);
    return nullptr;
  }

  PyObject* string(bool is_key) {
    const std::uint32_t n = get<std::uint32_t>();
    const bool ascii = *p_++ != 0;
    const std::string_view s(p_, n);
    p_ += n;
    if (is_key)
      if (PyObject* k = keys().get(s)) return k;
    if (ascii) {
      PyObject* str = PyUnicode_New(static_cast<Py_ssize_t>(s.size()), 127);
      if (str == nullptr) return nullptr;
      std::memcpy(PyUnicode_DATA(str), s.data(), s.size());
      return str;
    }
    return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogatepass");
  }

  static KeyCache& keys() {
    static KeyCache* cache = new KeyCache();  // lives as long as the interpreter
    return *cache;
  }

  const char* p_;
  std::string digits_;
};

}  // namespace

void appendJsonTape(std::string& out, std::string_view text) {
  thread_local TapeBuffer tape;  // grows to the largest record's tape on each thread
  tape.clear();
  if (TapeWriter(text, tape).document()) {
    out.append(tape.data(), tape.size());
    return;
  }
  out.push_back(kRaw);
  const auto n = static_cast<std::uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(text.data(), text.size());
}

py::object tapeToPython(std::string_view tape) {
  PyObject* v = TapeReader(tape).value();
  if (v == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(v);
}

py::object jsonToPython(std::string_view text) {
  TapeBuffer tape;
  // Malformed, or past what the writer takes: json.loads decides, and raises as it does.
  if (!TapeWriter(text, tape).document()) return loadJson(text);
  return tapeToPython(std::string_view(tape.data(), tape.size()));
}

}  // namespace wa::python
