// Fuzz target: WebMessageInfo bytes must fail cleanly, or give JSON that builds the same message;
// node JSON (which writes canonical bytes straight from the wire) must agree with the parse.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "wa/codec/view/node_json.h"
#include "wa/codec/view/text_tree.h"
#include "wa/codec/proto/web_message_info.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto view = wa::codec::parseWebMessageInfo(bytes);
  const std::string node_json = wa::codec::nodeToJson(wa::codec::makeBytesNode("message", {}, std::string(bytes)));
  if (!view) {
    if (view.error().offset > size) __builtin_trap();  // offsets stay inside the input
    if (node_json.find("\"WebMessageInfo\":") != std::string::npos) __builtin_trap();  // the wire path took bad bytes
    return 0;
  }
  const std::string json = view->toJson();
  const std::string tail = "\"WebMessageInfo\":" + json + "}]";
  if (node_json.size() < tail.size() || node_json.compare(node_json.size() - tail.size(), tail.size(), tail) != 0)
    __builtin_trap();  // the wire path and the parse disagree
  (void)view->toText(2, 64);
  auto rebuilt = wa::codec::webMessageInfoFromJsonText(json);
  if (!rebuilt) __builtin_trap();  // the mapping reads what it writes
  auto reparsed = wa::codec::parseWebMessageInfo(*rebuilt);
  if (!reparsed || reparsed->toJson() != json) __builtin_trap();
  (void)wa::codec::renderTextTree(wa::codec::makeBytesNode("message", {}, std::string(bytes)));
  return 0;
}
