// Node, decode_node and encode_node.
#include "node.h"

#include <pybind11/stl.h>

#include "errors.h"
#include "json_objects.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/node/encoder.h"
#include "wa/codec/proto/web_message_info.h"
#include "wa/codec/view/node_json.h"
#include "wa/support/text/utf8.h"

namespace wa::python {
namespace {

// The bytes behind a bytes-like object (bytes, bytearray, memoryview), or a TypeError.
std::string_view bytesOf(const py::buffer& data, py::buffer_info& info) {
  info = data.request();
  if (info.ndim > 1 || (info.ndim == 1 && info.strides[0] != info.itemsize))
    throw py::type_error("a contiguous bytes-like object is needed");
  return {static_cast<const char*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize)};
}

std::string stringOf(const py::handle& value, const char* what) {
  if (py::isinstance<py::bytes>(value)) return value.cast<std::string>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  throw py::type_error(std::string(what) + " must be str or bytes");
}

PyNode wrap(codec::Node node, bool proto) {
  auto root = std::make_shared<const codec::Node>(std::move(node));
  const codec::Node* p = root.get();
  return PyNode{std::move(root), p, proto};
}

PyNode child(const PyNode& parent, const codec::Node& node) { return PyNode{parent.root, &node, parent.proto}; }

// A Node built in Python: Node(description, attrs=None, content=None).
codec::Node build(const py::handle& description, const py::object& attrs, const py::object& content) {
  codec::Node n;
  n.description = stringOf(description, "description");
  if (!attrs.is_none()) {
    if (!py::isinstance<py::dict>(attrs)) throw py::type_error("attrs must be a dict");
    for (auto [k, v] : attrs.cast<py::dict>()) {
      codec::Attribute a;
      a.key = stringOf(k, "an attribute key");
      if (!v.is_none()) a.value = stringOf(v, "an attribute value");
      n.attributes.push_back(std::move(a));
    }
  }
  if (content.is_none()) {
    n.content = codec::ContentKind::None;
  } else if (py::isinstance<py::str>(content)) {
    n.content = codec::ContentKind::Text;
    n.data = content.cast<std::string>();
  } else if (py::isinstance<py::bytes>(content) || py::isinstance<py::bytearray>(content)) {
    n.content = codec::ContentKind::Bytes;
    n.data = py::isinstance<py::bytes>(content) ? content.cast<std::string>()
                                                : std::string(PyByteArray_AsString(content.ptr()),
                                                              static_cast<std::size_t>(PyByteArray_Size(content.ptr())));
  } else if (py::isinstance<py::list>(content) || py::isinstance<py::tuple>(content)) {
    n.content = codec::ContentKind::Children;
    for (auto item : content) {
      if (!py::isinstance<PyNode>(item)) throw py::type_error("content list items must be Node");
      n.children.push_back(*item.cast<const PyNode&>().node);
    }
  } else {
    throw py::type_error("content must be None, str, bytes or a list of Node");
  }
  return n;
}

py::object message(const PyNode& self) {
  const codec::Node& n = *self.node;
  if (!self.proto || n.description != "message" || n.content != codec::ContentKind::Bytes) return py::none();
  auto view = codec::parseWebMessageInfo(n.data);
  if (!view) return py::none();
  return jsonToPython(view->toJson());
}

std::string toJson(const PyNode& self, bool pretty) {
  codec::NodeJsonWriteOptions o;
  o.pretty = pretty;
  o.decode_proto = self.proto;
  std::string out;
  {
    py::gil_scoped_release unlocked;
    codec::appendNodeJson(out, *self.node, o);
  }
  return out;
}

void appendRepr(std::string& out, const codec::Node& n) {
  out += "<Node ";
  out += py::repr(textOrBytes(n.description)).cast<std::string>();
  for (const auto& a : n.attributes) {
    out += ' ';
    out += py::repr(textOrBytes(a.key)).cast<std::string>();
    out += '=';
    out += a.value ? py::repr(textOrBytes(*a.value)).cast<std::string>() : "None";
  }
  switch (n.content) {
    case codec::ContentKind::None: break;
    case codec::ContentKind::Text: out += " text=" + py::repr(textOrBytes(n.data)).cast<std::string>(); break;
    case codec::ContentKind::Bytes: out += " " + std::to_string(n.data.size()) + " bytes"; break;
    case codec::ContentKind::Children:
      out += " " + std::to_string(n.children.size()) + (n.children.size() == 1 ? " child" : " children");
      break;
  }
  out += '>';
}

}  // namespace

py::object textOrBytes(std::string_view bytes) {
  if (support::isUtf8(bytes)) return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(bytes.data(), static_cast<Py_ssize_t>(bytes.size()), "strict"));
  return py::bytes(bytes.data(), bytes.size());
}

py::object loadJson(std::string_view text) {
  static py::object loads = py::module_::import("json").attr("loads");
  return loads(py::str(text.data(), text.size()));
}

void registerNodes(py::module_& m) {
  py::class_<PyNode>(m, "Node", R"doc(A binary node: description, attributes, content.

Node(description, attrs=None, content=None) builds one (for encode_node); decode_node() and
Node.from_json() read one. Strings that are not UTF-8 are bytes, without loss. Immutable: children
are views into the same tree.)doc")
      .def(py::init([](const py::object& description, const py::object& attrs, const py::object& content) {
             return wrap(build(description, attrs, content), true);
           }),
           py::arg("description"), py::arg("attrs") = py::none(), py::arg("content") = py::none())
      .def_property_readonly("description", [](const PyNode& s) { return textOrBytes(s.node->description); },
                             "The node's name (str, or bytes when not UTF-8).")
      .def_property_readonly(
          "attrs",
          [](const PyNode& s) {
            py::dict d;
            for (const auto& a : s.node->attributes)
              d[textOrBytes(a.key)] = a.value ? textOrBytes(*a.value) : py::none();
            return d;
          },
          "The attributes as a dict in wire order; an absent value (LIST_EMPTY) is None. A key that repeats keeps "
          "its last value here; attr_list has them all.")
      .def_property_readonly(
          "attr_list",
          [](const PyNode& s) {
            py::list l;
            for (const auto& a : s.node->attributes)
              l.append(py::make_tuple(textOrBytes(a.key), a.value ? textOrBytes(*a.value) : py::none()));
            return l;
          },
          "The attributes as (key, value) pairs in wire order, repeats included.")
      .def_property_readonly(
          "content",
          [](const PyNode& s) -> py::object {
            const codec::Node& n = *s.node;
            switch (n.content) {
              case codec::ContentKind::None: return py::none();
              case codec::ContentKind::Text: return textOrBytes(n.data);
              case codec::ContentKind::Bytes: return py::bytes(n.data);
              case codec::ContentKind::Children: {
                py::list l;
                for (const auto& c : n.children) l.append(py::cast(child(s, c)));
                return l;
              }
            }
            return py::none();
          },
          "None, the text (str; bytes when not UTF-8), raw bytes, or the children (a list of Node).")
      .def_property_readonly(
          "content_kind",
          [](const PyNode& s) {
            switch (s.node->content) {
              case codec::ContentKind::Text: return "text";
              case codec::ContentKind::Bytes: return "bytes";
              case codec::ContentKind::Children: return "children";
              default: return "none";
            }
          },
          "'none', 'text', 'bytes' or 'children'.")
      .def_property_readonly(
          "children",
          [](const PyNode& s) {
            py::list l;
            for (const auto& c : s.node->children) l.append(py::cast(child(s, c)));
            return l;
          },
          "The child nodes (an empty list unless content is children).")
      .def_property_readonly("message", &message,
                             "For a message node with bytes content: its WebMessageInfo as a dict (the JSON mapping "
                             "wadecode writes); None otherwise, or when the bytes do not parse, or with proto=False.")
      .def("to_json", &toJson, py::arg("pretty") = false,
           "The node JSON exactly as wadecode writes it (one line; pretty: two-space indent).")
      .def_static(
          "from_json",
          [](std::string_view text) {
            codec::Expected<codec::Node> node;
            {
              py::gil_scoped_release unlocked;
              node = codec::nodeFromJson(text);
            }
            if (!node) raise(ErrorKind::Decode, node.error());
            return wrap(std::move(*node), true);
          },
          py::arg("text"), "Reads node JSON (what to_json and wadecode write). Raises DecodeError at the offset.")
      .def("__eq__",
           [](const PyNode& a, const py::object& b) {
             return py::isinstance<PyNode>(b) && *a.node == *b.cast<const PyNode&>().node;
           })
      .def("__hash__", [](const PyNode&) -> py::object { throw py::type_error("Node is not hashable"); })
      .def("__repr__", [](const PyNode& s) {
        std::string out;
        appendRepr(out, *s.node);
        return out;
      });

  m.def(
      "decode_node",
      [](const py::buffer& data, bool proto) {
        py::buffer_info info;
        const std::string_view bytes = bytesOf(data, info);
        codec::Expected<codec::Node> node;
        {
          py::gil_scoped_release unlocked;
          node = codec::decodeNode(codec::asBytes(bytes));
        }
        if (!node) raise(ErrorKind::Decode, node.error());
        return wrap(std::move(*node), proto);
      },
      py::arg("data"), py::kw_only(), py::arg("proto") = true,
      R"doc(Decodes one binary node (the plaintext of a binary frame).

proto=False leaves message bytes as they are (Node.message is None, to_json has no WebMessageInfo).
Raises DecodeError with .offset and .stage on bytes that are not exactly one node.)doc");

  m.def(
      "encode_node",
      [](const PyNode& node, std::string_view style) {
        auto s = codec::parseEncodeStyle(style);
        if (!s) throw py::value_error("style must be 'server', 'webclient' or 'plain'");
        codec::Expected<std::string> out;
        {
          py::gil_scoped_release unlocked;
          out = codec::encodeNode(*node.node, *s);
        }
        if (!out) raise(ErrorKind::Decode, out.error());
        return py::bytes(*out);
      },
      py::arg("node"), py::arg("style") = "server",
      R"doc(Encodes a node: 'server' packs as the real server does (its frames re-encode byte for byte),
'webclient' as WA-Web's writer, 'plain' never packs strings.)doc");
}

}  // namespace wa::python
