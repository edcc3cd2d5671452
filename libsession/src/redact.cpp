// Redaction of secrets in JSON frames and in WebMessageInfo payloads.
#include "wa/session/redact.h"

#include <array>
#include <string_view>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "wa/codec/proto/web_message_info.h"

namespace wa::session {
namespace {

constexpr std::array<std::string_view, 8> kSecretKeys = {"secret",  "serverToken", "clientToken", "browserToken",
                                                         "encKey",  "macKey",      "privateKey",  "challenge"};
constexpr const char* kRedacted = "<redacted>";

bool isSecretKey(std::string_view key) {
  for (auto k : kSecretKeys)
    if (k == key) return true;
  return false;
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void redactMessage(google::protobuf::Message& m, int depth) {
  if (depth > 64) return;
  const auto* reflection = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->type() == google::protobuf::FieldDescriptor::TYPE_BYTES && !f->is_repeated() &&
        (f->name() == "mediaKey" || endsWith(f->name(), "Key") || endsWith(f->name(), "Secret"))) {
      reflection->SetString(&m, f, "");
    } else if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          redactMessage(*reflection->MutableRepeatedMessage(&m, f, i), depth + 1);
      } else {
        redactMessage(*reflection->MutableMessage(&m, f), depth + 1);
      }
    }
  }
}

}  // namespace

void redactJson(nlohmann::ordered_json& json) {
  if (json.is_object()) {
    for (auto& [key, value] : json.items()) {
      if (isSecretKey(key) && value.is_string())
        value = kRedacted;
      else
        redactJson(value);
    }
  } else if (json.is_array()) {
    if (json.size() >= 3 && json[0] == "admin" && json[1].is_string()) {
      const auto& cmd = json[1].get_ref<const std::string&>();
      std::size_t from = cmd == "login" || cmd == "challenge" ? 2 : cmd == "init" ? 4 : json.size();
      std::size_t to = cmd == "init" ? 5 : 5;
      for (std::size_t i = from; i < std::min(to, json.size()); ++i)
        if (json[i].is_string()) json[i] = kRedacted;
    }
    for (auto& v : json) redactJson(v);
  }
}

void redactNode(codec::Node& node) {
  if (node.description == "message" && node.content == codec::ContentKind::Bytes) {
    if (auto view = codec::parseWebMessageInfo(node.data)) {
      std::unique_ptr<google::protobuf::Message> copy(view->message().New());
      copy->CopyFrom(view->message());
      redactMessage(*copy, 0);
      node.data = copy->SerializeAsString();
    }
  }
  for (auto& child : node.children) redactNode(child);
}

}  // namespace wa::session
