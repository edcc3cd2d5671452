// Text tree: an XML-like, human-readable rendering of a node tree for terminals and logs.
//
//   <action add="last">
//     <message>
//       key {
//         remoteJid: "15550000001@s.whatsapp.net"
//       }
//     </message>
//     <presence type="available" from="15550000002@c.us"/>
//     <body>hello</body>
//     <enc type="msg">
//       0000  33 08 12 21 05 7f 45 1a  c4 0b 91 d2 2e 36 7c 55  |3..!..E......6|U|
//       ... 1187 more bytes
//     </enc>
//   </action>
//
// Children are indented 2 spaces. A node without content closes itself (`<x/>`); empty Text,
// Bytes or Children give `<x></x>`. An absent attribute value shows as the bare key (`<x key>`).
// Text content, and Bytes content that is printable UTF-8 (no controls besides \t \n \r), are
// inline. Other Bytes are `hex:0a0b` inline up to 16 bytes, else a hexdump block. Bytes of
// `message` nodes that parse as WebMessageInfo are shown in protobuf text format inside the
// element; when they do not parse, `<?> proto at offset N: ...` and a hexdump are shown instead.
// Untrusted strings never reach the terminal raw: in descriptions, keys, values and text, '\\',
// controls and bytes that are not UTF-8 are escaped (\n, \t, \r, \xNN), and '"' in values as \".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "wa/codec/node/node.h"
#include "wa/codec/proto/web_message_info.h"

namespace wa::codec {

struct TextTreeOptions {
  /// ANSI colours: tag names, attribute names, attribute values and `<?>` errors each distinct.
  /// Tools decide (terminal, --color, NO_COLOR); the library never looks at the environment.
  bool color = false;
  /// Show `message` bytes as WebMessageInfo text (else as any other Bytes).
  bool decode_proto = true;
  /// Bytes content shown before truncating with "... N more bytes" (inline text and hexdump
  /// alike); also the length past which proto string and bytes fields are cut. SIZE_MAX: no limit.
  std::size_t max_bytes = 512;
  /// Indent level (2 spaces each) of the root element.
  std::size_t indent_level = 0;
  /// How WebMessageInfo bytes fields (keys, hashes) are shown.
  ProtoBytes proto_bytes = ProtoBytes::Base64;
};

/// Appends the text tree of `node` to `out`, each line ending in '\n'. Recurses once per tree
/// level (trees from decodeNode are depth-limited).
void appendTextTree(std::string& out, const Node& node, const TextTreeOptions& options = {});

/// The text tree of `node` as a new string.
[[nodiscard]] std::string renderTextTree(const Node& node, const TextTreeOptions& options = {});

}  // namespace wa::codec
