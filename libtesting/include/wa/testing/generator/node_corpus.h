// Realistic binary-protocol nodes of every shape the protocol notes describe, from a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wa/testing/generator/fake_data.h"
#include "wa/testing/generator/web_message.h"
#include "wa/codec/node/node.h"

namespace wa::testing {

/// Makes nodes as the server and the web client send them. Deterministic: the same seed and the
/// same calls give the same nodes. Times are epoch seconds counted from `now`.
class NodeGenerator {
 public:
  explicit NodeGenerator(std::uint64_t seed, std::uint64_t now = 1589356438);

  /// <action add="before|last" [last="true"]> of `messages` <message> nodes with WebMessageInfo.
  codec::Node historyChunk(std::size_t messages);
  /// <action add="relay"> with one live <message>.
  codec::Node liveMessage();
  /// <response type="contacts" checksum=…> with `users` <user jid= name= short= notify= …/> children.
  codec::Node contactsResponse(std::size_t users);
  /// <response type="chat"> with `chats` <chat jid= count= t= mute= modify_tag= spam= …/> children.
  codec::Node chatsResponse(std::size_t chats);
  /// <action add="relay"><presence type=… from=… t=…/></action>
  codec::Node presence();
  /// <action add="relay"><received type="read|played|message" index=… from=… t=…/></action>
  codec::Node receipt();
  /// <action type="set" epoch=…><group type="create|add|…" id=… author=…><participant jid=…/>…</group></action>
  codec::Node groupAction();
  /// <response type="group" …> group metadata with participants.
  codec::Node groupMetadata(std::size_t participants);
  /// <query type="message" jid=… kind="before" count="50" index=… owner=… epoch=…/>
  codec::Node query();
  /// <action type="relay" epoch=…><message>…</message></action>, as the client sends it.
  codec::Node clientMessage();
  /// One node of a realistic mix of all of the above, sized like a real session.
  codec::Node mixed();
  /// A small node (< 64 bytes encoded): presence, receipt, query or a short action.
  codec::Node small();

  /// The <message> node for one WebMessageInfo.
  codec::Node messageNode(MessageKind kind, const std::string& chat, bool from_me);

  Random& random() noexcept { return rng_; }

 private:
  std::string epoch() { return std::to_string(++epoch_); }
  std::string chatJid();
  std::uint64_t pastTime() { return now_ - rng_.below(30u * 86400); }

  Random rng_;
  std::uint64_t now_;
  std::uint64_t epoch_ = 0;
  std::vector<std::string> contacts_;
  std::vector<std::string> groups_;
};

/// A mixed corpus of about `target_bytes` encoded (server style) bytes.
std::vector<codec::Node> mixedCorpus(std::uint64_t seed, std::size_t target_bytes);
/// `count` small nodes.
std::vector<codec::Node> smallNodes(std::uint64_t seed, std::size_t count);

}  // namespace wa::testing
