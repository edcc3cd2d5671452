// WebMessageInfo payloads of every kind the corpus carries, serialized to protobuf bytes.
#pragma once

#include <cstdint>
#include <string>

#include "wa/testing/generator/fake_data.h"

namespace wa::testing {

/// The kinds of message content the generator makes.
enum class MessageKind : std::uint8_t {
  Text,               ///< Message.conversation
  ExtendedText,       ///< extendedTextMessage with a link preview (title, description, thumbnail)
  Quote,              ///< extendedTextMessage replying to another message (contextInfo.quotedMessage)
  Image,              ///< imageMessage with mediaKey, hashes and a JPEG thumbnail
  Video,              ///< videoMessage with a streaming sidecar
  Audio,              ///< audioMessage (voice note: ptt)
  Document,           ///< documentMessage (PDF)
  Sticker,            ///< stickerMessage
  Location,           ///< locationMessage with a thumbnail
  Contact,            ///< contactMessage with a vCard
  GroupNotification,  ///< a stub: messageStubType GROUP_* with parameters
  Revoke,             ///< protocolMessage REVOKE
  Count_,             ///< number of kinds (not a kind)
};

/// One message's header fields.
struct MessageHeader {
  std::string remote_jid;
  std::string id;
  bool from_me = false;
  std::string participant;  ///< set for group messages not from me
  std::uint64_t timestamp = 0;
  std::string push_name;
};

/// Serialized WebMessageInfo bytes for `kind` with `header`. Deterministic in `rng`.
/// `large_media` makes thumbnails of tens of KB instead of a few KB.
std::string makeWebMessageInfo(Random& rng, MessageKind kind, const MessageHeader& header, bool large_media = false);

}  // namespace wa::testing
