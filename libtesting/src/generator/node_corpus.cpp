// Realistic nodes: history chunks, contacts and chats, presence, receipts, groups, queries.
#include "wa/testing/generator/node_corpus.h"

#include <fmt/format.h>

#include "wa/codec/node/encoder.h"

namespace wa::testing {
namespace {

using codec::Attribute;
using codec::Node;

std::string str(std::uint64_t v) { return std::to_string(v); }

}  // namespace

NodeGenerator::NodeGenerator(std::uint64_t seed, std::uint64_t now) : rng_(seed), now_(now) {
  for (int i = 0; i < 400; ++i) contacts_.push_back(fakeUserJid(rng_));
  for (int i = 0; i < 40; ++i) groups_.push_back(fakeGroupJid(rng_, now_));
}

std::string NodeGenerator::chatJid() {
  return rng_.chance(25) ? groups_[rng_.below(groups_.size())] : contacts_[rng_.below(contacts_.size())];
}

Node NodeGenerator::messageNode(MessageKind kind, const std::string& chat, bool from_me) {
  MessageHeader h;
  h.remote_jid = chat;
  h.from_me = from_me;
  h.id = from_me ? fakeMessageId(rng_) : fakePhoneMessageId(rng_);
  if (!from_me && chat.ends_with("@g.us")) h.participant = contacts_[rng_.below(contacts_.size())];
  h.timestamp = pastTime();
  h.push_name = fakeName(rng_, rng_.chance(50));
  return codec::makeBytesNode("message", {}, makeWebMessageInfo(rng_, kind, h, rng_.chance(3)));
}

namespace {

MessageKind pickKind(Random& rng) {
  // Roughly the mix of a real chat history: mostly text, some media, a few of the rest.
  static constexpr std::pair<MessageKind, unsigned> kWeights[] = {
      {MessageKind::Text, 52},     {MessageKind::ExtendedText, 6}, {MessageKind::Quote, 8},
      {MessageKind::Image, 12},    {MessageKind::Video, 3},        {MessageKind::Audio, 5},
      {MessageKind::Document, 2},  {MessageKind::Sticker, 4},      {MessageKind::Location, 1},
      {MessageKind::Contact, 1},   {MessageKind::GroupNotification, 4}, {MessageKind::Revoke, 2}};
  std::size_t r = rng.below(100);
  for (auto [kind, weight] : kWeights) {
    if (r < weight) return kind;
    r -= weight;
  }
  return MessageKind::Text;
}

}  // namespace

Node NodeGenerator::historyChunk(std::size_t messages) {
  std::string chat = chatJid();
  std::vector<Node> children;
  children.reserve(messages);
  for (std::size_t i = 0; i < messages; ++i) {
    MessageKind kind = pickKind(rng_);
    if (kind == MessageKind::GroupNotification && !chat.ends_with("@g.us")) kind = MessageKind::Text;
    children.push_back(messageNode(kind, chat, rng_.chance(45)));
  }
  std::vector<Attribute> attrs;
  if (rng_.chance(50)) {
    attrs = {{"add", "before"}, {"last", "true"}};
  } else {
    attrs = {{"add", "last"}};
  }
  return codec::makeParentNode("action", std::move(attrs), std::move(children));
}

Node NodeGenerator::liveMessage() {
  std::string chat = chatJid();
  MessageKind kind = pickKind(rng_);
  if (kind == MessageKind::GroupNotification && !chat.ends_with("@g.us")) kind = MessageKind::Text;
  return codec::makeParentNode("action", {{"add", "relay"}}, {messageNode(kind, chat, false)});
}

Node NodeGenerator::contactsResponse(std::size_t users) {
  std::vector<Node> children;
  children.reserve(users);
  for (std::size_t i = 0; i < users; ++i) {
    std::string jid = i < contacts_.size() ? contacts_[i] : fakeUserJid(rng_);
    std::vector<Attribute> attrs = {{"jid", jid}};
    if (rng_.chance(85)) {
      std::string name = fakeName(rng_, true);
      attrs.push_back({"name", name});
      attrs.push_back({"short", name.substr(0, name.find(' '))});
    }
    if (rng_.chance(70)) attrs.push_back({"notify", fakeName(rng_, rng_.chance(30))});
    if (rng_.chance(10)) {
      attrs.push_back({"vname", fakeName(rng_, false) + " GmbH"});
      attrs.push_back({"verify", str(rng_.below(3))});
    }
    if (rng_.chance(60)) attrs.push_back({"index", std::string(1, static_cast<char>('A' + rng_.below(26)))});
    children.push_back(codec::makeNode("user", std::move(attrs)));
  }
  return codec::makeParentNode("response",
                               {{"type", "contacts"}, {"checksum", fmt::format("{:016X}", rng_.next())}},
                               std::move(children));
}

Node NodeGenerator::chatsResponse(std::size_t chats) {
  std::vector<Node> children;
  children.reserve(chats);
  for (std::size_t i = 0; i < chats; ++i) {
    std::string jid = chatJid();
    std::vector<Attribute> attrs = {{"jid", jid},
                                    {"count", str(rng_.chance(70) ? 0 : rng_.between(1, 300))},
                                    {"t", str(pastTime())},
                                    {"mute", rng_.chance(90) ? "0" : str(now_ + rng_.below(86400 * 365))},
                                    {"modify_tag", str(rng_.between(100000, 999999))},
                                    {"spam", "false"}};
    if (jid.ends_with("@g.us")) attrs.push_back({"name", fakeSentence(rng_, rng_.between(1, 4))});
    if (rng_.chance(5)) attrs.push_back({"archive", "true"});
    if (rng_.chance(3)) attrs.push_back({"read_only", "true"});
    if (rng_.chance(4)) attrs.push_back({"pin", str(pastTime())});
    children.push_back(codec::makeNode("chat", std::move(attrs)));
  }
  return codec::makeParentNode("response", {{"type", "chat"}, {"duplicate", "false"}}, std::move(children));
}

Node NodeGenerator::presence() {
  static constexpr const char* kTypes[] = {"available", "unavailable", "composing", "paused", "recording"};
  std::vector<Attribute> attrs = {{"type", kTypes[rng_.below(std::size(kTypes))]},
                                  {"from", contacts_[rng_.below(contacts_.size())]}};
  if (rng_.chance(60)) attrs.push_back({"t", str(now_ - rng_.below(3600))});
  return codec::makeParentNode("action", {{"add", "relay"}}, {codec::makeNode("presence", std::move(attrs))});
}

Node NodeGenerator::receipt() {
  static constexpr const char* kTypes[] = {"read", "played", "message"};
  std::string chat = chatJid();
  std::vector<Attribute> attrs = {{"type", kTypes[rng_.below(std::size(kTypes))]},
                                  {"index", fakeMessageId(rng_)},
                                  {"from", chat},
                                  {"owner", rng_.chance(80) ? "true" : "false"},
                                  {"t", str(now_ - rng_.below(600))}};
  if (chat.ends_with("@g.us")) attrs.push_back({"participant", contacts_[rng_.below(contacts_.size())]});
  return codec::makeParentNode("action", {{"add", "relay"}}, {codec::makeNode("received", std::move(attrs))});
}

Node NodeGenerator::groupAction() {
  static constexpr const char* kTypes[] = {"create", "add", "remove", "promote", "demote", "leave", "subject"};
  std::string type = kTypes[rng_.below(std::size(kTypes))];
  // The group's id is the tag of the frame that carries the change: <unix seconds>.--<n>, with n
  // the action's epoch.
  const std::string action_epoch = epoch();
  std::vector<Attribute> attrs = {
      {"author", contacts_[0]}, {"id", fmt::format("{}.--{}", now_, action_epoch)}, {"type", type}};
  if (type == "create" || type == "subject") attrs.push_back({"subject", fakeSentence(rng_, rng_.between(1, 5))});
  if (type != "create") attrs.push_back({"jid", groups_[rng_.below(groups_.size())]});
  std::vector<Node> participants;
  for (std::size_t i = 0, n = rng_.between(1, 8); i < n; ++i)
    participants.push_back(codec::makeNode("participant", {{"jid", contacts_[rng_.below(contacts_.size())]}}));
  return codec::makeParentNode("action", {{"type", "set"}, {"epoch", action_epoch}},
                               {codec::makeParentNode("group", std::move(attrs), std::move(participants))});
}

Node NodeGenerator::groupMetadata(std::size_t participants) {
  std::string jid = groups_[rng_.below(groups_.size())];
  std::vector<Node> children;
  for (std::size_t i = 0; i < participants; ++i) {
    std::vector<Attribute> a = {{"jid", contacts_[(i * 7) % contacts_.size()]}};
    if (i == 0) a.push_back({"type", "superadmin"});
    else if (rng_.chance(10)) a.push_back({"type", "admin"});
    children.push_back(codec::makeNode("participant", std::move(a)));
  }
  children.push_back(codec::makeTextNode("description", {{"id", fakeMessageId(rng_)}, {"t", str(pastTime())}},
                                         "true"));
  return codec::makeParentNode("response",
                               {{"type", "group"},
                                {"jid", jid},
                                {"creator", jid.substr(0, jid.find('-')) + "@c.us"},
                                {"creation", jid.substr(jid.find('-') + 1, 10)},
                                {"subject", fakeSentence(rng_, rng_.between(1, 4))},
                                {"s_t", str(pastTime())},
                                {"s_o", contacts_[1]}},
                               std::move(children));
}

Node NodeGenerator::query() {
  static constexpr const char* kKinds[] = {"before", "after"};
  return codec::makeNode("query", {{"type", "message"},
                                   {"jid", chatJid()},
                                   {"kind", kKinds[rng_.below(2)]},
                                   {"count", "50"},
                                   {"index", fakePhoneMessageId(rng_)},
                                   {"owner", rng_.chance(50) ? "true" : "false"},
                                   {"epoch", epoch()}});
}

Node NodeGenerator::clientMessage() {
  std::string chat = chatJid();
  MessageKind kind = pickKind(rng_);
  if (kind == MessageKind::GroupNotification) kind = MessageKind::Text;
  return codec::makeParentNode("action", {{"type", "relay"}, {"epoch", epoch()}}, {messageNode(kind, chat, true)});
}

Node NodeGenerator::mixed() {
  std::size_t r = rng_.below(100);
  if (r < 30) return liveMessage();
  if (r < 40) return historyChunk(rng_.between(5, 50));
  if (r < 42) return contactsResponse(rng_.between(100, 600));
  if (r < 44) return chatsResponse(rng_.between(50, 300));
  if (r < 58) return receipt();
  if (r < 70) return presence();
  if (r < 75) return groupAction();
  if (r < 77) return groupMetadata(rng_.between(3, 256));
  if (r < 85) return query();
  return clientMessage();
}

Node NodeGenerator::small() {
  switch (rng_.below(4)) {
    case 0: return presence();
    case 1: return receipt().children.front();
    case 2: return codec::makeNode("presence", {{"type", "available"}, {"from", contacts_[rng_.below(contacts_.size())]}});
    default: return codec::makeNode("action", {{"type", "set"}, {"epoch", epoch()}});
  }
}

std::vector<Node> mixedCorpus(std::uint64_t seed, std::size_t target_bytes) {
  NodeGenerator gen(seed);
  std::vector<Node> nodes;
  std::size_t total = 0;
  std::string buf;
  while (total < target_bytes) {
    nodes.push_back(gen.mixed());
    buf.clear();
    if (codec::encodeNode(nodes.back(), codec::EncodeStyle::Server, buf)) total += buf.size();
  }
  return nodes;
}

std::vector<Node> smallNodes(std::uint64_t seed, std::size_t count) {
  NodeGenerator gen(seed);
  std::vector<Node> nodes;
  nodes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) nodes.push_back(gen.small());
  return nodes;
}

}  // namespace wa::testing
