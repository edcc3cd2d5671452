// WebMessageInfo -> the plugin's message fields, through the codec's JSON mapping.
#include "message_fields.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "wa/codec/proto/web_message_info.h"
#include "wa/support/text/display.h"

namespace wa::wireshark {
namespace {

std::optional<std::string> stringAt(const nlohmann::json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return support::displayText(it->get_ref<const std::string&>());
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
  // The JSON mapping is the codec's one description of the fields (names, enums, 64-bit numbers
  // as decimal strings); reading it back keeps this file free of the generated classes.
  const nlohmann::json json = nlohmann::json::parse(view->toJson(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return;
  if (auto key = json.find("key"); key != json.end() && key->is_object()) {
    out.remote_jid = stringAt(*key, "remoteJid");
    out.id = stringAt(*key, "id");
    if (auto fm = key->find("fromMe"); fm != key->end() && fm->is_boolean()) out.from_me = fm->get<bool>();
  }
  if (auto message = json.find("message"); message != json.end() && message->is_object())
    out.conversation = stringAt(*message, "conversation");
  if (auto ts = stringAt(json, "messageTimestamp")) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(ts->data(), ts->data() + ts->size(), v);
    if (ec == std::errc() && end == ts->data() + ts->size()) out.timestamp = v;
  }
  out.status = stringAt(json, "status");
}

}  // namespace wa::wireshark
