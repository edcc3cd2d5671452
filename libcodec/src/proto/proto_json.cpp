// Protobuf JSON mapping writer over reflection, keeping unknown fields under "unknownFields".
#include "proto/proto_json.h"

#include "wa/support/text/utf8.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

#include "proto/wire_scan.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/json_tape.h"

namespace wa::codec::detail {

namespace {

namespace pb = google::protobuf;

template <class W, class T>
void writeInteger(W& w, T value, bool quoted) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  const std::string_view digits(buf, static_cast<std::size_t>(end - buf));
  if (quoted)
    w.stringValue(digits);
  else
    w.rawValue(digits);
}

template <class W, class T>
void writeFloating(W& w, T value) {
  if (std::isnan(value)) return w.stringValue("NaN");
  if (std::isinf(value)) return w.stringValue(value > 0 ? "Infinity" : "-Infinity");
  if (value == 0 && std::signbit(value)) return w.rawValue("-0.0");  // "-0" would read back as integer 0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  w.rawValue(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

template <class W>
void writeStringField(W& w, std::string_view s) {
  if (support::isUtf8(s)) {
    w.stringValue(s);
    return;
  }
  w.beginObject();
  w.key("b64");
  w.base64Value(s);
  w.endObject();
}

// Length-delimited unknown data reads as text when it is UTF-8 without unusual controls.
bool looksLikeText(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return false;
  }
  return support::isUtf8(s);
}

template <class W>
void writeUnknownFields(W& w, const pb::UnknownFieldSet& set) {
  std::map<int, std::vector<int>> by_number;
  for (int i = 0; i < set.field_count(); ++i) by_number[set.field(i).number()].push_back(i);
  w.beginObject();
  for (const auto& [number, indices] : by_number) {
    w.key(std::to_string(number));
    w.beginArray();
    for (int i : indices) {
      const pb::UnknownField& f = set.field(i);
      w.beginObject();
      switch (f.type()) {
        case pb::UnknownField::TYPE_VARINT:
          w.key("varint");
          writeInteger(w, f.varint(), /*quoted=*/true);
          break;
        case pb::UnknownField::TYPE_FIXED32:
          w.key("fixed32");
          writeInteger(w, f.fixed32(), /*quoted=*/false);
          break;
        case pb::UnknownField::TYPE_FIXED64:
          w.key("fixed64");
          writeInteger(w, f.fixed64(), /*quoted=*/true);
          break;
        case pb::UnknownField::TYPE_LENGTH_DELIMITED:
          if (looksLikeText(f.length_delimited())) {
            w.key("string");
            w.stringValue(f.length_delimited());
          } else {
            w.key("bytes");
            w.base64Value(f.length_delimited());
          }
          break;
        case pb::UnknownField::TYPE_GROUP:
          w.key("group");
          writeUnknownFields(w, f.group());
          break;
      }
      w.endObject();
    }
    w.endArray();
  }
  w.endObject();
}

template <class W>
void writeValue(W& w, const pb::Message& m, const pb::FieldDescriptor* f, int index) {
  const pb::Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return writeInteger(w, rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f), false);
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return writeInteger(w, rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f), false);
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return writeInteger(w, rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f), true);
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return writeInteger(w, rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f), true);
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return writeFloating(w, rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return writeFloating(w, rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return w.boolValue(rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f));
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const int number = rep ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
      if (const pb::EnumValueDescriptor* v = f->enum_type()->FindValueByNumber(number))
        return w.stringValue(v->name());
      return writeInteger(w, number, false);
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s =
          rep ? r->GetRepeatedStringReference(m, f, index, &scratch) : r->GetStringReference(m, f, &scratch);
      if (f->type() == pb::FieldDescriptor::TYPE_BYTES) return w.base64Value(s);
      return writeStringField(w, s);
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      return writeProtoJson(w, rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f));
  }
}

// --- straight from canonical wire bytes -----------------------------------------------------------

// Reads wire bytes front to back; every read fails (returns false) rather than go past the end.
class WireCursor {
 public:
  explicit WireCursor(std::string_view bytes) noexcept
      : p_(reinterpret_cast<const std::uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}
  [[nodiscard]] bool done() const noexcept { return p_ == end_; }

  // A varint of at most `max_bytes` bytes; a 10-byte one must fit 64 bits.
  bool varint(std::uint64_t& value, int max_bytes = 10) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < max_bytes && p_ != end_; ++i) {
      const std::uint8_t b = *p_++;
      if (i == 9 && b > 1) return false;
      v |= std::uint64_t{b & 0x7Fu} << (7 * i);
      if (b < 0x80) {
        value = v;
        return true;
      }
    }
    return false;
  }
  template <class T>
  bool fixed(T& value) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < sizeof(T)) return false;
    std::memcpy(&value, p_, sizeof(T));  // little-endian host (x86-64, aarch64)
    p_ += sizeof(T);
    return true;
  }
  bool lengthDelimited(std::string_view& out) noexcept {
    std::uint64_t n = 0;
    if (!varint(n, 5) || n > static_cast<std::uint64_t>(end_ - p_)) return false;
    out = std::string_view(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return true;
  }
  // The next tag if it equals `tag` (consumed), else leaves the cursor where it was.
  bool nextTagIs(std::uint64_t tag) noexcept {
    const std::uint8_t* at = p_;
    std::uint64_t t = 0;
    if (varint(t, 5) && t == tag) return true;
    p_ = at;
    return false;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

// The wire type a field of this declared type is written with when not packed.
int wireTypeOf(pb::FieldDescriptor::Type type) noexcept {
  switch (type) {
    case pb::FieldDescriptor::TYPE_DOUBLE:
    case pb::FieldDescriptor::TYPE_FIXED64:
    case pb::FieldDescriptor::TYPE_SFIXED64: return Fixed64;
    case pb::FieldDescriptor::TYPE_FLOAT:
    case pb::FieldDescriptor::TYPE_FIXED32:
    case pb::FieldDescriptor::TYPE_SFIXED32: return Fixed32;
    case pb::FieldDescriptor::TYPE_STRING:
    case pb::FieldDescriptor::TYPE_BYTES:
    case pb::FieldDescriptor::TYPE_MESSAGE: return LengthDelimited;
    case pb::FieldDescriptor::TYPE_GROUP: return StartGroup;  // groups then fail in writeWireValue
    default: return Varint;
  }
}

// What the canonical writer needs of each message type it can meet under one root type, found
// once: its fields by number (a table up to kMaxTableNumber, the rest in a list) with their wire
// types, and how many of them are required. Replaces a hash lookup in the descriptor per field.
struct CanonicalType;
struct CanonicalField {
  const pb::FieldDescriptor* descriptor = nullptr;  // nullptr: the type has no such field
  const CanonicalType* message = nullptr;           // the type of a message field
  int number = 0;
  int wire_type = 0;
  bool in_oneof = false;  // left to the parsing path
  bool required = false;
  bool repeated = false;
  std::string member;     // `,"jsonName":`, the key as compact JSON writes it (JsonWriter::key)
};
struct CanonicalType {
  int required = 0;
  std::vector<CanonicalField> by_number;  // [number], for numbers up to kMaxTableNumber
  std::vector<CanonicalField> beyond;     // the others

  static constexpr int kMaxTableNumber = 1024;
  [[nodiscard]] const CanonicalField* field(int number) const noexcept {
    if (number < static_cast<int>(by_number.size())) {
      const CanonicalField& f = by_number[static_cast<std::size_t>(number)];
      return f.descriptor != nullptr ? &f : nullptr;
    }
    for (const CanonicalField& f : beyond)
      if (f.number == number) return &f;
    return nullptr;
  }
};

class CanonicalSchema {
 public:
  explicit CanonicalSchema(const pb::Descriptor& root) : root_(&root), root_type_(&add(root)) {}
  // The schema of `type`, or nullptr when it is not this schema's root.
  [[nodiscard]] const CanonicalType* of(const pb::Descriptor& type) const noexcept {
    return &type == root_ ? root_type_ : nullptr;
  }

 private:
  const CanonicalType& add(const pb::Descriptor& d) {
    if (auto it = index_.find(&d); it != index_.end()) return *it->second;
    CanonicalType& t = types_.emplace_back();
    index_.emplace(&d, &t);  // before the fields: message types may contain themselves
    int max_small = 0;
    for (int i = 0; i < d.field_count(); ++i)
      if (d.field(i)->number() <= CanonicalType::kMaxTableNumber) max_small = std::max(max_small, d.field(i)->number());
    t.by_number.resize(static_cast<std::size_t>(max_small) + 1);
    for (int i = 0; i < d.field_count(); ++i) {
      const pb::FieldDescriptor* f = d.field(i);
      CanonicalField c;
      c.descriptor = f;
      c.number = f->number();
      c.wire_type = wireTypeOf(f->type());
      c.in_oneof = f->containing_oneof() != nullptr;
      c.required = f->is_required();
      c.repeated = f->is_repeated();
      support::appendJsonMember(c.member, /*comma=*/true, f->json_name());
      if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) c.message = &add(*f->message_type());
      t.required += c.required ? 1 : 0;
      if (c.number <= CanonicalType::kMaxTableNumber)
        t.by_number[static_cast<std::size_t>(c.number)] = c;
      else
        t.beyond.push_back(c);
    }
    return t;
  }

  const pb::Descriptor* root_;
  std::deque<CanonicalType> types_;  // stable addresses
  std::unordered_map<const pb::Descriptor*, CanonicalType*> index_;
  const CanonicalType* root_type_;
};

template <class W>
bool writeWireMessage(W& w, std::string_view bytes, const CanonicalType& type, int depth);

// A fixed-width value as the reflection path writes it: 64-bit integers quoted, 32-bit bare.
template <class V, class W>
bool writeFixedValue(W& w, WireCursor& in) {
  V v;
  if (!in.fixed(v)) return false;
  if constexpr (std::is_floating_point_v<V>)
    writeFloating(w, v);
  else
    writeInteger(w, v, /*quoted=*/sizeof(V) == 8);
  return true;
}

// One value of field `f`, whose tag said wire type wireTypeOf(f->type()).
template <class W>
bool writeWireValue(W& w, WireCursor& in, const CanonicalField& field, int depth) {
  using T = pb::FieldDescriptor;
  const pb::FieldDescriptor* f = field.descriptor;
  switch (f->type()) {
    case T::TYPE_DOUBLE: return writeFixedValue<double>(w, in);
    case T::TYPE_FLOAT: return writeFixedValue<float>(w, in);
    case T::TYPE_FIXED64: return writeFixedValue<std::uint64_t>(w, in);
    case T::TYPE_SFIXED64: return writeFixedValue<std::int64_t>(w, in);
    case T::TYPE_FIXED32: return writeFixedValue<std::uint32_t>(w, in);
    case T::TYPE_SFIXED32: return writeFixedValue<std::int32_t>(w, in);
    case T::TYPE_STRING:
    case T::TYPE_BYTES:
    case T::TYPE_MESSAGE: {
      std::string_view data;
      if (!in.lengthDelimited(data)) return false;
      if (f->type() == T::TYPE_MESSAGE) return writeWireMessage(w, data, *field.message, depth + 1);
      if (f->type() == T::TYPE_BYTES)
        w.base64Value(data);
      else
        writeStringField(w, data);
      return true;
    }
    case T::TYPE_GROUP: return false;
    default: break;
  }
  std::uint64_t v = 0;
  if (!in.varint(v)) return false;
  switch (f->type()) {
    case T::TYPE_INT32: writeInteger(w, static_cast<std::int32_t>(static_cast<std::uint32_t>(v)), false); break;
    case T::TYPE_UINT32: writeInteger(w, static_cast<std::uint32_t>(v), false); break;
    case T::TYPE_INT64: writeInteger(w, static_cast<std::int64_t>(v), true); break;
    case T::TYPE_UINT64: writeInteger(w, v, true); break;
    case T::TYPE_SINT32: {
      const auto u = static_cast<std::uint32_t>(v);
      writeInteger(w, static_cast<std::int32_t>((u >> 1) ^ (~(u & 1) + 1)), false);
      break;
    }
    case T::TYPE_SINT64: writeInteger(w, static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1)), true); break;
    case T::TYPE_BOOL: w.boolValue(v != 0); break;
    case T::TYPE_ENUM: {
      // proto2 enums are closed: an unknown number would be an unknown field after parsing.
      const pb::EnumValueDescriptor* e =
          f->enum_type()->FindValueByNumber(static_cast<std::int32_t>(static_cast<std::uint32_t>(v)));
      if (e == nullptr) return false;
      w.stringValue(e->name());
      break;
    }
    default: return false;
  }
  return true;
}

template <class W>
bool writeWireMessage(W& w, std::string_view bytes, const CanonicalType& type, int depth) {
  if (depth > kCanonicalWireMaxDepth) return false;
  WireCursor in(bytes);
  int last_number = 0;
  int required_seen = 0;
  w.beginObject();
  while (!in.done()) {
    std::uint64_t tag = 0;
    if (!in.varint(tag, 5) || tag > UINT32_MAX) return false;
    const int number = static_cast<int>(tag >> 3);
    const int wire_type = static_cast<int>(tag & 7);
    if (number <= last_number) return false;  // out of order, or a field seen before
    last_number = number;
    const CanonicalField* field = type.field(number);
    if (field == nullptr || field->in_oneof || field->wire_type != wire_type) return false;
    required_seen += field->required ? 1 : 0;
    w.key(field->descriptor->json_name(), field->member);
    if (!field->repeated) {
      if (!writeWireValue(w, in, *field, depth)) return false;
      continue;
    }
    w.beginArray();
    do {
      if (!writeWireValue(w, in, *field, depth)) return false;
    } while (in.nextTagIs(tag));
    w.endArray();
  }
  if (required_seen != type.required) return false;
  w.endObject();
  return true;
}

// The schema of the one root type the node view passes, made at first use.
const CanonicalType* canonicalTypeOf(const pb::Descriptor& type) {
  static const CanonicalSchema schema(type);
  return schema.of(type);
}

}  // namespace

template <class W>
void writeProtoJson(W& w, const pb::Message& message) {
  const pb::Reflection* r = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  r->ListFields(message, &fields);
  w.beginObject();
  for (const pb::FieldDescriptor* f : fields) {
    w.key(f->json_name());
    if (f->is_repeated()) {
      w.beginArray();
      const int n = r->FieldSize(message, f);
      for (int i = 0; i < n; ++i) writeValue(w, message, f, i);
      w.endArray();
    } else {
      writeValue(w, message, f, -1);
    }
  }
  const pb::UnknownFieldSet& unknown = r->GetUnknownFields(message);
  if (!unknown.empty()) {
    w.key("unknownFields");
    writeUnknownFields(w, unknown);
  }
  w.endObject();
}

template <class W>
bool writeCanonicalWireJson(W& w, std::string_view bytes, const pb::Descriptor& type) {
  const CanonicalType* t = canonicalTypeOf(type);
  return t != nullptr && writeWireMessage(w, bytes, *t, 0);
}

void prepareCanonicalWireJson(const pb::Descriptor& type) { canonicalTypeOf(type); }

template void writeProtoJson(support::JsonWriter&, const pb::Message&);
template void writeProtoJson(support::JsonTapeWriter&, const pb::Message&);
template bool writeCanonicalWireJson(support::JsonWriter&, std::string_view, const pb::Descriptor&);
template bool writeCanonicalWireJson(support::JsonTapeWriter&, std::string_view, const pb::Descriptor&);

}  // namespace wa::codec::detail
