// Protobuf JSON mapping reader over reflection: JSON (with "unknownFields") into a message.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>
#include <nlohmann/json.hpp>

#include "proto/proto_json.h"

namespace wa::codec::detail {

namespace {

namespace pb = google::protobuf;
using nlohmann::json;

constexpr std::int64_t kMaxFieldNumber = 536870911;  // 2^29 - 1

std::string_view typeName(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "a value";
  }
}

class Reader {
 public:
  explicit Reader(std::size_t max_depth) : max_depth_(max_depth) {}

  bool readMessage(const json& j, pb::Message& m, std::size_t depth) {
    if (!j.is_object()) return fail("expected an object, found {}", typeName(j));
    if (depth > max_depth_) return fail("nesting deeper than {} messages", max_depth_);
    const pb::Descriptor* d = m.GetDescriptor();
    for (const auto& [key, value] : j.items()) {
      const std::size_t mark = path_.size();
      path_ += '.';
      path_ += key;
      bool ok = true;
      if (key == "unknownFields") {
        ok = readUnknownFields(value, *m.GetReflection()->MutableUnknownFields(&m), depth + 1);
      } else if (const pb::FieldDescriptor* f = findField(d, key)) {
        ok = readField(value, m, f, depth);
      } else {
        ok = fail("no field of that name in {}", d->name());
      }
      if (!ok) return false;
      path_.resize(mark);
    }
    return true;
  }

  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  template <class... Args>
  bool fail(fmt::format_string<Args...> format, Args&&... args) {
    error_ = "$" + path_ + ": " + fmt::format(format, std::forward<Args>(args)...);
    return false;
  }

  static const pb::FieldDescriptor* findField(const pb::Descriptor* d, std::string_view key) {
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      if (f->json_name() == key || f->name() == key) return f;
    }
    return nullptr;
  }

  bool readField(const json& j, pb::Message& m, const pb::FieldDescriptor* f, std::size_t depth) {
    if (j.is_null()) return true;
    if (!f->is_repeated()) return readValue(j, m, f, depth, /*repeated=*/false);
    if (!j.is_array()) return fail("expected an array for a repeated field, found {}", typeName(j));
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::size_t mark = path_.size();
      path_ += fmt::format("[{}]", i);
      if (!readValue(j[i], m, f, depth, /*repeated=*/true)) return false;
      path_.resize(mark);
    }
    return true;
  }

  // Integers arrive as JSON numbers (integral floats included) or decimal strings.
  template <class T>
  bool readInteger(const json& j, T& out, std::string_view what) {
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        out = static_cast<T>(v);
        return true;
      }
    } else if (j.is_number_integer()) {
      const auto v = j.get<std::int64_t>();
      if (v >= 0 ? static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                 : std::numeric_limits<T>::is_signed && v >= static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
        out = static_cast<T>(v);
        return true;
      }
    } else if (j.is_number_float()) {
      const double v = j.get<double>();
      if (std::trunc(v) == v && v >= static_cast<double>(std::numeric_limits<T>::min()) &&
          v < std::ldexp(1.0, std::numeric_limits<T>::digits)) {
        out = static_cast<T>(v);
        return true;
      }
    } else if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return true;
    }
    if (j.is_string()) return fail("expected {}, found \"{}\"", what, j.get_ref<const std::string&>());
    return fail("expected {}, found {}", what, typeName(j));
  }

  template <class T>
  bool readFloating(const json& j, T& out) {
    double v = 0;
    if (j.is_number()) {
      v = j.get<double>();
    } else if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      if (s == "NaN") {
        v = std::numeric_limits<double>::quiet_NaN();
      } else if (s == "Infinity") {
        v = std::numeric_limits<double>::infinity();
      } else if (s == "-Infinity") {
        v = -std::numeric_limits<double>::infinity();
      } else {
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || s.empty())
          return fail("expected a number, found \"{}\"", s);
      }
    } else {
      return fail("expected a number, found {}", typeName(j));
    }
    if (std::isfinite(v) && std::fabs(v) > static_cast<double>(std::numeric_limits<T>::max()))
      return fail("number {} out of range", v);
    out = static_cast<T>(v);
    return true;
  }

  bool readBytes(const json& j, std::string& out) {
    if (!j.is_string()) return fail("expected a base64 string, found {}", typeName(j));
    std::size_t bad = 0;
    if (!decodeCanonicalBase64(j.get_ref<const std::string&>(), out, bad))
      return fail("invalid base64 at character {}", bad);
    return true;
  }

  // A string field: a UTF-8 string, or {"b64": ...} for bytes that are not UTF-8.
  bool readString(const json& j, std::string& out) {
    if (j.is_string()) {
      out = j.get<std::string>();
      return true;
    }
    if (j.is_object() && j.size() == 1 && j.contains("b64")) {
      path_ += ".b64";
      if (!readBytes(j["b64"], out)) return false;
      path_.resize(path_.size() - 4);
      return true;
    }
    return fail("expected a string or {{\"b64\": ...}}, found {}", typeName(j));
  }

  bool readValue(const json& j, pb::Message& m, const pb::FieldDescriptor* f, std::size_t depth, bool repeated) {
    const pb::Reflection* r = m.GetReflection();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_INT32: {
        std::int32_t v = 0;
        if (!readInteger(j, v, "a signed 32-bit integer")) return false;
        repeated ? r->AddInt32(&m, f, v) : r->SetInt32(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_UINT32: {
        std::uint32_t v = 0;
        if (!readInteger(j, v, "an unsigned 32-bit integer")) return false;
        repeated ? r->AddUInt32(&m, f, v) : r->SetUInt32(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_INT64: {
        std::int64_t v = 0;
        if (!readInteger(j, v, "a signed 64-bit integer")) return false;
        repeated ? r->AddInt64(&m, f, v) : r->SetInt64(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_UINT64: {
        std::uint64_t v = 0;
        if (!readInteger(j, v, "an unsigned 64-bit integer")) return false;
        repeated ? r->AddUInt64(&m, f, v) : r->SetUInt64(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = 0;
        if (!readFloating(j, v)) return false;
        repeated ? r->AddDouble(&m, f, v) : r->SetDouble(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_FLOAT: {
        float v = 0;
        if (!readFloating(j, v)) return false;
        repeated ? r->AddFloat(&m, f, v) : r->SetFloat(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_BOOL: {
        if (!j.is_boolean()) return fail("expected a boolean, found {}", typeName(j));
        repeated ? r->AddBool(&m, f, j.get<bool>()) : r->SetBool(&m, f, j.get<bool>());
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumValueDescriptor* v = nullptr;
        if (j.is_string()) {
          v = f->enum_type()->FindValueByName(j.get<std::string>());
        } else if (j.is_number_integer() || j.is_number_unsigned()) {
          std::int32_t n = 0;
          if (!readInteger(j, n, "an enum value")) return false;
          v = f->enum_type()->FindValueByNumber(n);
        } else {
          return fail("expected an enum name or number, found {}", typeName(j));
        }
        if (v == nullptr) return fail("no value {} in enum {}", j.dump(), f->enum_type()->name());
        repeated ? r->AddEnum(&m, f, v) : r->SetEnum(&m, f, v);
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string v;
        const bool ok = f->type() == pb::FieldDescriptor::TYPE_BYTES ? readBytes(j, v) : readString(j, v);
        if (!ok) return false;
        repeated ? r->AddString(&m, f, std::move(v)) : r->SetString(&m, f, std::move(v));
        return true;
      }
      case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
        pb::Message* sub = repeated ? r->AddMessage(&m, f) : r->MutableMessage(&m, f);
        return readMessage(j, *sub, depth + 1);
      }
    }
    return fail("unsupported field type");
  }

  // Numbers are taken in numeric order (JSON objects may come sorted as text), entries in order.
  bool readUnknownFields(const json& j, pb::UnknownFieldSet& set, std::size_t depth) {
    if (!j.is_object()) return fail("expected an object of field numbers, found {}", typeName(j));
    if (depth > max_depth_) return fail("nesting deeper than {} messages", max_depth_);
    std::vector<std::pair<std::int64_t, const json*>> numbers;
    for (const auto& [key, entries] : j.items()) {
      std::int64_t number = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), number);
      if (ec != std::errc() || end != key.data() + key.size() || number < 1 || number > kMaxFieldNumber) {
        path_ += '.';
        path_ += key;
        return fail("expected a field number from 1 to {}", kMaxFieldNumber);
      }
      numbers.emplace_back(number, &entries);
    }
    std::stable_sort(numbers.begin(), numbers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [number, entries] : numbers) {
      const std::size_t mark = path_.size();
      path_ += fmt::format(".{}", number);
      if (!entries->is_array()) return fail("expected an array of entries, found {}", typeName(*entries));
      for (std::size_t i = 0; i < entries->size(); ++i) {
        const std::size_t entry_mark = path_.size();
        path_ += fmt::format("[{}]", i);
        if (!readUnknownEntry((*entries)[i], set, static_cast<int>(number), depth)) return false;
        path_.resize(entry_mark);
      }
      path_.resize(mark);
    }
    return true;
  }

  bool readUnknownEntry(const json& e, pb::UnknownFieldSet& set, int number, std::size_t depth) {
    if (!e.is_object() || e.size() != 1)
      return fail("expected an object with one of varint, fixed32, fixed64, string, bytes, group");
    const auto it = e.begin();
    const std::string& kind = it.key();
    const json& value = it.value();
    path_ += '.';
    path_ += kind;
    if (kind == "varint") {
      std::uint64_t v = 0;
      if (!readInteger(value, v, "an unsigned 64-bit integer")) return false;
      set.AddVarint(number, v);
    } else if (kind == "fixed32") {
      std::uint32_t v = 0;
      if (!readInteger(value, v, "an unsigned 32-bit integer")) return false;
      set.AddFixed32(number, v);
    } else if (kind == "fixed64") {
      std::uint64_t v = 0;
      if (!readInteger(value, v, "an unsigned 64-bit integer")) return false;
      set.AddFixed64(number, v);
    } else if (kind == "string") {
      if (!value.is_string()) return fail("expected a string, found {}", typeName(value));
      set.AddLengthDelimited(number, value.get<std::string>());
    } else if (kind == "bytes") {
      std::string v;
      if (!readBytes(value, v)) return false;
      set.AddLengthDelimited(number, v);
    } else if (kind == "group") {
      if (!readUnknownFields(value, *set.AddGroup(number), depth + 1)) return false;
    } else {
      return fail("expected one of varint, fixed32, fixed64, string, bytes, group");
    }
    path_.resize(path_.size() - kind.size() - 1);
    return true;
  }

  std::size_t max_depth_;
  std::string path_;
  std::string error_;
};

}  // namespace

std::string readProtoJson(const json& j, pb::Message& message, std::size_t max_depth) {
  Reader reader(max_depth);
  if (reader.readMessage(j, message, 1)) return {};
  return reader.error();
}

}  // namespace wa::codec::detail
