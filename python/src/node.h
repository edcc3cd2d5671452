// wa_web.Node: a decoded (or built) binary node, as Python sees it. Children are views into the
// tree they came from (no copies); a Node is immutable.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>

#include "wa/codec/node/node.h"

namespace wa::python {

namespace py = pybind11;

struct PyNode {
  std::shared_ptr<const codec::Node> root;  ///< keeps the tree alive
  const codec::Node* node = nullptr;        ///< this node, inside *root
  bool proto = true;                        ///< show WebMessageInfo of message nodes (message, to_json)
};

/// Defines Node, decode_node and encode_node in `module`.
void registerNodes(py::module_& module);

/// A str when `bytes` are UTF-8, else bytes (what the capture held, without loss).
py::object textOrBytes(std::string_view bytes);

/// `json.loads(text)`.
py::object loadJson(std::string_view text);

}  // namespace wa::python
