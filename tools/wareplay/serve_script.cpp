// Building the mock server's script.
#include "wareplay/serve_script.h"

#include <algorithm>

#include "wa/crypto/primitives.h"
#include "wareplay/pacer.h"

namespace wa::wareplay {

std::shared_ptr<const ServeScript> buildServeScript(std::shared_ptr<const Session> session, double max_gap) {
  auto script = std::make_shared<ServeScript>();
  const Session& s = *session;
  std::vector<double> times;
  times.reserve(s.messages.size());
  for (const auto& m : s.messages) times.push_back(m.t);
  script->ct = compressGaps(times, max_gap);
  script->script_start = script->ct.empty() ? 0 : script->ct.front();
  std::unordered_map<std::string, std::size_t> last_client_tag;
  std::optional<double> last_qr;
  for (const auto& m : s.messages) {
    switch (m.role) {
      case Role::Script: break;
      case Role::InitReply:
      case Role::RerefReply: last_qr = script->ct[m.index]; break;
      case Role::Conn:
        script->conn = m.index;
        if (last_qr) script->scan_gap = script->ct[m.index] - *last_qr;
        break;
      case Role::Stream: script->stream = m.index; break;
      case Role::Props: script->props = m.index; break;
      default: break;
    }
    if (m.role == Role::InitReply && !script->init_reply && m.json.is_object()) script->init_reply = m.index;
    if (m.role != Role::Script) {
      if (m.role != Role::KeepAlive && m.role != Role::KeepAliveReply && m.role != Role::Goodbye &&
          m.role != Role::Test && m.role != Role::TestReply)
        script->script_start = script->ct[m.index];
      continue;
    }
    if (m.fromClient()) {
      std::size_t position = script->client_items.size();
      script->client_items.push_back(m.index);
      script->client_by_key[m.key].push_back(position);
      last_client_tag[m.tag] = position;
    } else {
      ServeScript::ServerItem item;
      item.index = m.index;
      item.clients_before = script->client_items.size();
      item.answers = last_client_tag.count(m.tag) > 0;
      script->server_items.push_back(item);
    }
  }
  if (s.private_key) script->recorded_public_key = crypto::x25519PublicKey(*s.private_key);
  script->session = std::move(session);
  return script;
}

}  // namespace wa::wareplay
