// Plaintext node records rendered in one output format (text tree, JSON documents, JSON lines).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "wa/codec/node/node.h"
#include "wa/codec/view/text_tree.h"
#include "wa/session/error.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// Appends records to a string; holds no output of its own, so that each worker thread renders
/// with its own renderer and the caller writes the strings in input order.
class NodeRenderer {
 public:
  virtual ~NodeRenderer() = default;
  /// A decoded node.
  virtual void node(std::string& out, const codec::Node& node) = 0;
  /// Record `index`, which failed at `error`; `raw` is what could not be decoded.
  virtual void failure(std::string& out, std::size_t index, const session::Error& error, std::string_view raw) = 0;
};

/// The text tree the options ask for (protobuf, --max-bytes, --proto-bytes), with `color` already
/// decided by the caller and the root at `indent_level`: for plaintext nodes and captured records.
codec::TextTreeOptions textTreeOptions(const DecodeOptions& options, bool color, std::size_t indent_level = 0);

/// The renderer for `options.format` (colour already decided by the caller).
std::unique_ptr<NodeRenderer> makeNodeRenderer(const DecodeOptions& options, bool color);

}  // namespace wa::wadecode
