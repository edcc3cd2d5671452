// The binary node model: description, attributes in wire order, and content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wa::codec {

/// One attribute as it was on the wire. A value read from tag 0 (LIST_EMPTY) is absent
/// (`std::nullopt`), which node JSON shows as `null`.
struct Attribute {
  std::string key;
  std::optional<std::string> value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

/// What a node carries after its attributes (docs/protocol.md, "Nodes").
enum class ContentKind : std::uint8_t {
  None,      ///< odd list size: no content at all
  Text,      ///< a string read through a string tag (token, nibble, hex, JID pair)
  Bytes,     ///< raw bytes read through BINARY_8/20/32
  Children,  ///< a list of nodes (possibly empty: LIST_EMPTY)
};

/// A decoded or constructed node. Owns all its strings; no views into the input survive decoding.
/// `data` holds the text or bytes of Text/Bytes content and is empty otherwise; `children` is
/// empty unless the content is Children.
struct Node {
  std::string description;
  std::vector<Attribute> attributes;
  ContentKind content = ContentKind::None;
  std::string data;
  std::vector<Node> children;

  /// The value of the first attribute named `key`, or nullptr (also for a null value).
  [[nodiscard]] const std::string* attribute(std::string_view key) const noexcept {
    for (const auto& a : attributes)
      if (a.key == key) return a.value ? &*a.value : nullptr;
    return nullptr;
  }

  friend bool operator==(const Node&, const Node&) = default;
};

/// Convenience constructors for tests, the generator and tools.
Node makeNode(std::string description, std::vector<Attribute> attributes = {});
Node makeTextNode(std::string description, std::vector<Attribute> attributes, std::string text);
Node makeBytesNode(std::string description, std::vector<Attribute> attributes, std::string bytes);
Node makeParentNode(std::string description, std::vector<Attribute> attributes, std::vector<Node> children);

/// Number of nodes in the tree rooted at `node` (itself included).
std::size_t countNodes(const Node& node) noexcept;

}  // namespace wa::codec
