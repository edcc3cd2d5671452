// Python objects from a JSON tape (support/text/json_tape.h): the tape is written on any thread,
// the objects are made under the GIL.
#include "json_objects.h"

#include <Python.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "node.h"
#include "wa/support/text/json_tape.h"

namespace wa::python {
namespace {

// Object keys seen lately, as interned str objects (records repeat a few dozen keys): a
// direct-mapped table, so that a repeated key costs a hash of its first and last 8 bytes and the
// comparison of those (and of the middle, past 16 bytes). A key that meets another in its slot
// replaces it. Used under the GIL only; the objects it holds live until replaced or until the
// process ends.
class KeyCache {
 public:
  static constexpr std::size_t kMaxLength = 48;

  // A new reference, or nullptr when the key is too long to keep (or on failure). At least 8 bytes
  // before the key's end must be readable (in a tape, its item header and what comes before).
  PyObject* get(std::string_view key) {
    const std::size_t n = key.size();
    if (n > kMaxLength) return nullptr;
    // Whole words only: a copy of fewer bytes into a word stalls the load that follows.
    std::uint64_t head = 0, tail = 0;
    if (n >= 8) {
      std::memcpy(&head, key.data(), 8);
      std::memcpy(&tail, key.data() + n - 8, 8);
    } else if (n != 0) {
      std::memcpy(&head, key.data() + n - 8, 8);
      head >>= 8 * (8 - n);  // the key's bytes, zero above
    }
    std::uint64_t h = (head * 0x9E3779B97F4A7C15ULL) ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ n;
    h = ((h ^ (h >> 29)) * 0x165667B19E3779F9ULL) >> 53;  // 11 bits
    Slot& slot = slots_[static_cast<std::size_t>(h)];
    if (slot.object != nullptr && slot.length == n && slot.head == head && slot.tail == tail &&
        (n <= 16 || std::memcmp(slot.bytes, key.data(), n) == 0)) {
      Py_INCREF(slot.object);
      return slot.object;
    }
    PyObject* s = PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(n), "surrogatepass");
    if (s == nullptr) return nullptr;
    PyUnicode_InternInPlace(&s);
    Py_XDECREF(slot.object);
    Py_INCREF(s);  // the slot's reference
    slot.object = s;
    slot.length = static_cast<std::uint8_t>(n);
    slot.head = head;
    slot.tail = tail;
    std::memcpy(slot.bytes, key.data(), n);
    return s;
  }

 private:
  static constexpr std::size_t kSlots = 2048;
  struct Slot {
    PyObject* object = nullptr;
    std::uint64_t head = 0, tail = 0;
    std::uint8_t length = 0;
    char bytes[kMaxLength];
  };

  Slot slots_[kSlots];
};

using support::JsonTapeOp;

// Makes the objects a tape describes (support/text/json_tape.h), made in this process.
class TapeReader {
 public:
  explicit TapeReader(std::string_view tape) : p_(tape.data()) {}

  // A new reference, or nullptr with a Python error set.
  PyObject* value() {
    const auto op = static_cast<JsonTapeOp>(*p_++);
    switch (op) {
      case JsonTapeOp::Dict: {
        const std::uint32_t n = get<std::uint32_t>();
        PyObject* dict = newDict(n);
        if (dict == nullptr) return nullptr;
        for (std::uint32_t i = 0; i < n; ++i) {
          ++p_;  // JsonTapeOp::Key
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
      case JsonTapeOp::List: {
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
      case JsonTapeOp::Str: return string(false);
      case JsonTapeOp::Key: return string(true);
      case JsonTapeOp::Int: return PyLong_FromLongLong(get<std::int64_t>());
      case JsonTapeOp::BigInt: {
        const std::uint32_t n = get<std::uint32_t>();
        ++p_;  // ascii
        digits_.assign(p_, n);
        p_ += n;
        return PyLong_FromString(digits_.c_str(), nullptr, 10);
      }
      case JsonTapeOp::Float: return PyFloat_FromDouble(get<double>());
      case JsonTapeOp::True: return Py_NewRef(Py_True);
      case JsonTapeOp::False: return Py_NewRef(Py_False);
      case JsonTapeOp::Null: return Py_NewRef(Py_None);
      case JsonTapeOp::Raw: {
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

py::object tapeToPython(std::string_view tape) {
  PyObject* v = TapeReader(tape).value();
  if (v == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(v);
}

py::object jsonToPython(std::string_view text) {
  support::JsonTapeBuffer tape;
  // Malformed, or past what the tape takes: json.loads decides, and raises as it does.
  if (!support::writeJsonTape(tape, text)) return loadJson(text);
  return tapeToPython(tape.view());
}

}  // namespace wa::python
