// Matching keys of messages.
#include "wareplay/message_key.h"

#include <nlohmann/json.hpp>

namespace wa::wareplay {
namespace {

std::string jsonKey(const nlohmann::json& json) {
  if (json.is_object()) return "{}";
  if (!json.is_array() || json.empty() || !json[0].is_string()) return "json";
  std::string key = json[0].get<std::string>();
  if (json.size() > 1) {
    const auto& second = json[1];
    if (second.is_string()) {
      key += ' ';
      key += second.get<std::string>();
    } else if (second.is_object()) {
      for (const char* name : {"type", "cmd"}) {
        auto it = second.find(name);
        if (it != second.end() && it->is_string()) {
          key += ' ';
          key += it->get<std::string>();
          break;
        }
      }
    }
  }
  return key;
}

std::string nodeKey(const codec::Node& node) {
  std::string key = "node " + node.description;
  if (const std::string* type = node.attribute("type")) key += " type=" + *type;
  if (node.content == codec::ContentKind::Children && !node.children.empty())
    key += " > " + node.children.front().description;
  return key;
}

}  // namespace

std::string matchKey(codec::FrameKind kind, const nlohmann::json* json, const codec::Node* node) {
  switch (kind) {
    case codec::FrameKind::Json: return json && !json->is_null() ? jsonKey(*json) : "json";
    case codec::FrameKind::Binary: return node ? nodeKey(*node) : "binary";
    default: return std::string(codec::toString(kind));
  }
}

}  // namespace wa::wareplay
