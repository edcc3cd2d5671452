// A recursive-descent JSON reader that builds Python objects directly.
#include "json_objects.h"

#include <Python.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "node.h"

namespace wa::python {
namespace {

// Deeper documents go to json.loads (which raises RecursionError as Python's limit says).
constexpr int kMaxDepth = 2000;

// Object keys seen before, as interned str objects (records repeat a few dozen keys).
class KeyCache {
 public:
  PyObject* get(std::string_view key) {
    if (key.size() > 48) return nullptr;
    auto it = keys_.find(key);
    if (it != keys_.end()) {
      Py_INCREF(it->second);
      return it->second;
    }
    if (keys_.size() >= 8192) return nullptr;
    PyObject* s = PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(key.size()), "surrogatepass");
    if (s == nullptr) return nullptr;
    PyUnicode_InternInPlace(&s);
    keys_.emplace(std::string(key), s);
    Py_INCREF(s);  // one reference stays with the cache for the life of the process
    return s;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, PyObject*, Hash, std::equal_to<>> keys_;
};

class Reader {
 public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // A new reference, or nullptr when the text is not what this reader takes (then json.loads decides).
  PyObject* document() {
    skipSpace();
    PyObject* v = value(0);
    if (v == nullptr) return nullptr;
    skipSpace();
    if (p_ != end_) {
      Py_DECREF(v);
      return nullptr;
    }
    return v;
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

  PyObject* value(int depth) {
    if (p_ == end_ || depth > kMaxDepth) return nullptr;
    switch (*p_) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string(false);
      case 't': return literal("true", 4) ? Py_NewRef(Py_True) : nullptr;
      case 'f': return literal("false", 5) ? Py_NewRef(Py_False) : nullptr;
      case 'n': return literal("null", 4) ? Py_NewRef(Py_None) : nullptr;
      case 'N': return literal("NaN", 3) ? PyFloat_FromDouble(Py_NAN) : nullptr;
      case 'I': return literal("Infinity", 8) ? PyFloat_FromDouble(Py_HUGE_VAL) : nullptr;
      default: return number();
    }
  }

  PyObject* array(int depth) {
    ++p_;  // [
    const std::size_t base = stack_.size();
    skipSpace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return PyList_New(0);
    }
    for (;;) {
      skipSpace();
      PyObject* v = value(depth);
      if (v == nullptr) return unwind(base);
      stack_.push_back(v);
      skipSpace();
      if (p_ == end_) return unwind(base);
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return unwind(base);
      ++p_;
      break;
    }
    PyObject* list = PyList_New(static_cast<Py_ssize_t>(stack_.size() - base));
    if (list == nullptr) return unwind(base);
    for (std::size_t i = base; i < stack_.size(); ++i) PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i - base), stack_[i]);
    stack_.resize(base);
    return list;
  }

  PyObject* unwind(std::size_t base) {
    for (std::size_t i = base; i < stack_.size(); ++i) Py_DECREF(stack_[i]);
    stack_.resize(base);
    return nullptr;
  }

  PyObject* object(int depth) {
    ++p_;  // {
    PyObject* dict = PyDict_New();
    if (dict == nullptr) return nullptr;
    skipSpace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return dict;
    }
    for (;;) {
      skipSpace();
      if (p_ == end_ || *p_ != '"') return fail(dict);
      PyObject* key = string(true);
      if (key == nullptr) return fail(dict);
      skipSpace();
      if (p_ == end_ || *p_ != ':') {
        Py_DECREF(key);
        return fail(dict);
      }
      ++p_;
      skipSpace();
      PyObject* v = value(depth);
      if (v == nullptr) {
        Py_DECREF(key);
        return fail(dict);
      }
      const int r = PyDict_SetItem(dict, key, v);
      Py_DECREF(key);
      Py_DECREF(v);
      if (r != 0) return fail(dict);
      skipSpace();
      if (p_ == end_) return fail(dict);
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return fail(dict);
      ++p_;
      return dict;
    }
  }

  static PyObject* fail(PyObject* owned) {
    Py_DECREF(owned);
    return nullptr;
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hexValue(p_[i]);
      if (h < 0) return false;
      out = out * 16 + static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }

  // UTF-8 of a code point; surrogates (lone ones) as their 3-byte form, read with "surrogatepass".
  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  PyObject* string(bool is_key) {
    ++p_;  // "
    const char* start = p_;
    bool ascii = true;
    // Eight bytes at a time while none is a quote, a backslash, a control or non-ASCII (base64 and
    // tags, most of a record's text); then byte by byte.
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    while (end_ - p_ >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p_, 8);
      const std::uint64_t quote = w ^ (kOnes * '"'), backslash = w ^ (kOnes * '\\');
      const std::uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                    ((w - kOnes * 0x20) & ~w) | w;
      if ((special & kHigh) != 0) break;
      p_ += 8;
    }
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20) break;
      ascii &= c < 0x80;
      ++p_;
    }
    if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return nullptr;  // json.loads rejects raw controls
    if (*p_ == '"') {
      const std::string_view s(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return make(s, ascii, is_key);
    }
    // Escapes: the rest goes through a buffer.
    scratch_.assign(start, static_cast<std::size_t>(p_ - start));
    while (p_ != end_ && *p_ != '"') {
      const auto c = static_cast<unsigned char>(*p_);
      if (c < 0x20) return nullptr;
      if (c != '\\') {
        scratch_ += static_cast<char>(c);
        ++p_;
        continue;
      }
      if (++p_ == end_) return nullptr;
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
          if (!hex4(cp)) return nullptr;
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
          appendUtf8(scratch_, cp);
          break;
        }
        default: return nullptr;
      }
    }
    if (p_ == end_) return nullptr;
    ++p_;  // "
    return make(scratch_, false, is_key);
  }

  PyObject* make(std::string_view s, bool ascii, bool is_key) {
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

  PyObject* number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') {
      ++p_;
      if (literal("Infinity", 8)) return PyFloat_FromDouble(-Py_HUGE_VAL);
    }
    if (p_ == end_) return nullptr;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return nullptr;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return nullptr;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return nullptr;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const std::size_t n = static_cast<std::size_t>(p_ - start);
    if (integer && n <= 18) {
      long long v = 0;
      const char* q = start;
      const bool negative = *q == '-';
      if (negative) ++q;
      for (; q != p_; ++q) v = v * 10 + (*q - '0');
      return PyLong_FromLongLong(negative ? -v : v);
    }
    scratch_.assign(start, n);
    if (integer) return PyLong_FromString(scratch_.c_str(), nullptr, 10);
    // As float() reads it, which is how json.loads makes a float.
    const double d = PyOS_string_to_double(scratch_.c_str(), nullptr, nullptr);
    if (d == -1.0 && PyErr_Occurred()) return nullptr;
    return PyFloat_FromDouble(d);
  }

  static KeyCache& keys() {
    static KeyCache* cache = new KeyCache();  // lives as long as the interpreter
    return *cache;
  }

  const char* p_;
  const char* end_;
  std::string scratch_;
  std::vector<PyObject*> stack_;  // the items of the arrays being read
};

}  // namespace

py::object jsonToPython(std::string_view text) {
  Reader reader(text);
  if (PyObject* v = reader.document()) return py::reinterpret_steal<py::object>(v);
  PyErr_Clear();
  return loadJson(text);  // malformed, or past what this reader takes: json.loads decides and raises
}

}  // namespace wa::python
