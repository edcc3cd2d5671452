// Hand-made representative node trees shared by the node JSON and text tree golden tests.
// All phone numbers, names and keys are invented (555 numbers, hashes of field names).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "wa/codec/node/node.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::codec::testing {

/// WebMessageInfo bytes from JSON text; throws (failing the test) when the JSON is rejected.
inline std::string webMessageInfoBytes(const char* json_text) {
  auto bytes = webMessageInfoFromJsonText(json_text);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  return *bytes;
}

/// `<action add="last">` with four `message` children: a conversation text, an
/// extendedTextMessage with a link preview, an imageMessage with mediaKey in a group (plus an
/// unknown field 99), and bytes that do not parse.
inline Node actionWithMessages() {
  const std::string conversation = webMessageInfoBytes(R"({
    "key": {"remoteJid": "15550000001@s.whatsapp.net", "fromMe": false, "id": "3EB0A1B2C3D4E5F60001"},
    "message": {"conversation": "hello there \u2014 are we still on for 7?"},
    "messageTimestamp": "1589356438",
    "status": "DELIVERY_ACK",
    "pushName": "Test User One"
  })");
  const std::string extended = webMessageInfoBytes(R"({
    "key": {"remoteJid": "15550000002@s.whatsapp.net", "fromMe": true, "id": "3EB0A1B2C3D4E5F60002"},
    "message": {"extendedTextMessage": {
      "text": "see https://example.com/docs for the plan",
      "matchedText": "https://example.com/docs",
      "canonicalUrl": "https://example.com/docs",
      "description": "Example documentation",
      "title": "Docs",
      "previewType": "NONE",
      "contextInfo": {"stanzaId": "3EB0A1B2C3D4E5F60001", "participant": "15550000001@s.whatsapp.net",
                      "quotedMessage": {"conversation": "hello there"}}
    }},
    "messageTimestamp": "1589356501",
    "status": "SERVER_ACK"
  })");
  const std::string image = webMessageInfoBytes(R"({
    "key": {"remoteJid": "15550000003-1589350000@g.us", "fromMe": false, "id": "3EB0A1B2C3D4E5F60003",
            "participant": "15550000004@s.whatsapp.net"},
    "message": {"imageMessage": {
      "url": "https://mmg.whatsapp.net/d/f/AnExampleOnly.enc",
      "mimetype": "image/jpeg",
      "caption": "the whiteboard",
      "fileSha256": "NGU//xwpmhtJIdJg5JHq9EouMweH6uuLPyj170wuWos=",
      "fileLength": "48213",
      "height": 640,
      "width": 480,
      "mediaKey": "b/S45VdVZnA3OmEjgvzz+aqAhHNqUNWb5Vyr6QYaTJ4=",
      "fileEncSha256": "SjMuwJ8J9G810UVfo5yeM+60W4SBv82hIdVLv+tdp/E=",
      "directPath": "/v/t62.7118-24/00000000_000000000000000_0000000000000000000_n.enc",
      "mediaKeyTimestamp": "1589356400",
      "jpegThumbnail": "Be7sLXCEVpTTuomtnhw0trTYBidcPGO4QkGkCuRZHKQ="
    }},
    "messageTimestamp": "1589356600",
    "participant": "15550000004@s.whatsapp.net",
    "unknownFields": {"99": [{"varint": "7"}]}
  })");
  const std::string broken("\x0a\x05\x0a\x03\x61", 5);  // key claims 5 bytes, 3 follow
  return makeParentNode("action", {{"add", "last"}},
                        {
                            makeBytesNode("message", {}, conversation),
                            makeBytesNode("message", {}, extended),
                            makeBytesNode("message", {}, image),
                            makeBytesNode("message", {}, broken),
                        });
}

/// `<response type="contacts">` with `user` children, including a null attribute value, an empty
/// value and a non-ASCII name.
inline Node contactsResponse() {
  return makeParentNode(
      "response", {{"type", "contacts"}, {"checksum", "A1B2C3D4-0001"}, {"duplicate", std::nullopt}},
      {
          makeNode("user", {{"jid", "15550000001@c.us"}, {"name", "Alex Example"}, {"short", "Alex"}}),
          makeNode("user", {{"jid", "15550000002@c.us"}, {"notify", "Sam"}, {"vname", ""}}),
          makeNode("user", {{"jid", "15550000005@c.us"}, {"name", "Zo\xC3\xAB Caf\xC3\xA9 \xE2\x98\x95"}}),
          makeNode("user", {{"jid", "15550000003-1589350000@g.us"}, {"name", "Team \"Blue\""}}),
      });
}

}  // namespace wa::codec::testing
