// Node construction helpers and tree statistics.
#include "wa/codec/node/node.h"

namespace wa::codec {

Node makeNode(std::string description, std::vector<Attribute> attributes) {
  Node n;
  n.description = std::move(description);
  n.attributes = std::move(attributes);
  return n;
}

Node makeTextNode(std::string description, std::vector<Attribute> attributes, std::string text) {
  Node n = makeNode(std::move(description), std::move(attributes));
  n.content = ContentKind::Text;
  n.data = std::move(text);
  return n;
}

Node makeBytesNode(std::string description, std::vector<Attribute> attributes, std::string bytes) {
  Node n = makeNode(std::move(description), std::move(attributes));
  n.content = ContentKind::Bytes;
  n.data = std::move(bytes);
  return n;
}

Node makeParentNode(std::string description, std::vector<Attribute> attributes, std::vector<Node> children) {
  Node n = makeNode(std::move(description), std::move(attributes));
  n.content = ContentKind::Children;
  n.children = std::move(children);
  return n;
}

std::size_t countNodes(const Node& node) noexcept {
  std::size_t n = 1;
  for (const auto& c : node.children) n += countNodes(c);
  return n;
}

}  // namespace wa::codec
