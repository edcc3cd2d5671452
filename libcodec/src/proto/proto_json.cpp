// Protobuf JSON mapping writer over reflection, keeping unknown fields under "unknownFields".
#include "proto/proto_json.h"

#include <charconv>
#include <cmath>
#include <map>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

namespace wa::codec::detail {

namespace {

namespace pb = google::protobuf;

template <class T>
void writeInteger(JsonWriter& w, T value, bool quoted) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  const std::string_view digits(buf, static_cast<std::size_t>(end - buf));
  if (quoted)
    w.stringValue(digits);
  else
    w.rawValue(digits);
}

template <class T>
void writeFloating(JsonWriter& w, T value) {
  if (std::isnan(value)) return w.stringValue("NaN");
  if (std::isinf(value)) return w.stringValue(value > 0 ? "Infinity" : "-Infinity");
  if (value == 0 && std::signbit(value)) return w.rawValue("-0.0");  // "-0" would read back as integer 0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  w.rawValue(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void writeStringField(JsonWriter& w, const std::string& s) {
  if (isUtf8(s)) {
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
  return isUtf8(s);
}

void writeUnknownFields(JsonWriter& w, const pb::UnknownFieldSet& set) {
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

void writeValue(JsonWriter& w, const pb::Message& m, const pb::FieldDescriptor* f, int index) {
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

}  // namespace

void writeProtoJson(JsonWriter& w, const pb::Message& message) {
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

}  // namespace wa::codec::detail
