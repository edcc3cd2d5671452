// WebMessageInfo -> the plugin's message fields, by reflection on the codec's parsed message (the
// schema's field names; no generated class is named here).
#include "message_fields.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "wa/codec/proto/web_message_info.h"
#include "wa/support/text/display.h"

namespace wa::wireshark {
namespace {

namespace pb = google::protobuf;

// The field `name` of `message` when it is set and of the type asked; nullptr otherwise.
const pb::FieldDescriptor* setField(const pb::Message& message, const char* name, pb::FieldDescriptor::CppType type) {
  const pb::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() || field->cpp_type() != type) return nullptr;
  return message.GetReflection()->HasField(message, field) ? field : nullptr;
}

std::optional<std::string> stringField(const pb::Message& message, const char* name) {
  const pb::FieldDescriptor* field = setField(message, name, pb::FieldDescriptor::CPPTYPE_STRING);
  if (field == nullptr) return std::nullopt;
  std::string scratch;
  const std::string& value = message.GetReflection()->GetStringReference(message, field, &scratch);
  return support::displayText(value);
}

const pb::Message* messageField(const pb::Message& message, const char* name) {
  const pb::FieldDescriptor* field = setField(message, name, pb::FieldDescriptor::CPPTYPE_MESSAGE);
  return field == nullptr ? nullptr : &message.GetReflection()->GetMessage(message, field);
}

}  // namespace

void MessageFields::clear() {
  parsed = false;
  error.clear();
  remote_jid.reset();
  id.reset();
  conversation.reset();
  status.reset();
  from_me.reset();
  timestamp.reset();
  text.clear();
}

void readMessageFields(std::string_view bytes, MessageFields& out) {
  out.clear();
  auto view = codec::parseWebMessageInfo(bytes);
  if (!view) {
    out.error = codec::describe(view.error());
    return;
  }
  out.parsed = true;
  out.text = view->toText(0, 256);
  const pb::Message& info = view->message();
  const pb::Reflection& reflection = *info.GetReflection();
  if (const pb::Message* key = messageField(info, "key")) {
    out.remote_jid = stringField(*key, "remoteJid");
    out.id = stringField(*key, "id");
    if (const auto* fm = setField(*key, "fromMe", pb::FieldDescriptor::CPPTYPE_BOOL))
      out.from_me = key->GetReflection()->GetBool(*key, fm);
  }
  if (const pb::Message* message = messageField(info, "message")) out.conversation = stringField(*message, "conversation");
  if (const auto* ts = setField(info, "messageTimestamp", pb::FieldDescriptor::CPPTYPE_UINT64))
    out.timestamp = reflection.GetUInt64(info, ts);
  if (const auto* status = setField(info, "status", pb::FieldDescriptor::CPPTYPE_ENUM))
    out.status = std::string(reflection.GetEnum(info, status)->name());
}

}  // namespace wa::wireshark
