// Keys: given, loaded from a key file, or derived from a private key and a Conn secret.
#include "keys.h"

#include "errors.h"
#include "wa/crypto/bytes.h"
#include "wa/crypto/key_files.h"
#include "wa/crypto/session.h"

namespace wa::python {
namespace {

// A key argument: 32 bytes, or text in the key files' notation (base64, or hex:...).
crypto::Key32 keyOf(const py::handle& value, const char* field) {
  crypto::Bytes bytes;
  if (py::isinstance<py::bytes>(value) || py::isinstance<py::bytearray>(value)) {
    const std::string s = py::isinstance<py::bytes>(value)
                              ? value.cast<std::string>()
                              : std::string(PyByteArray_AsString(value.ptr()), static_cast<std::size_t>(PyByteArray_Size(value.ptr())));
    bytes.assign(s.begin(), s.end());
  } else if (py::isinstance<py::str>(value)) {
    auto decoded = crypto::decodeKeyValue(value.cast<std::string>());
    if (!decoded) {
      crypto::Error e = decoded.error();
      e.message = std::string(field) + ": " + e.message;
      raise(ErrorKind::Keys, e);
    }
    bytes = std::move(*decoded);
  } else {
    throw py::type_error(std::string(field) + " must be bytes or str (base64, or hex:...)");
  }
  auto key = crypto::toFixed<32>(bytes, field);
  if (!key) raise(ErrorKind::Keys, key.error());
  return *key;
}

std::string pathOf(const py::object& path) { return py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>(); }

PyKeys load(const py::object& path) {
  const std::string p = pathOf(path);
  crypto::Expected<crypto::KeyFile> file;
  {
    py::gil_scoped_release unlocked;
    file = crypto::readKeyFile(p);
  }
  if (!file) {
    crypto::Error e = file.error();
    e.message = p + ": " + e.message;
    raise(ErrorKind::Keys, e);
  }
  PyKeys k;
  k.sources.file = std::move(*file);
  k.origin = p;
  return k;
}

// encKey and macKey when the keys settle them without a capture: given, or the key file's defaults.
std::optional<crypto::SessionKeys> settled(const PyKeys& k) {
  session::CaptureKeys keys(k.sources);
  return keys.keysFor("");
}

}  // namespace

session::KeySources keySourcesOf(const py::object& keys) {
  if (keys.is_none()) return {};
  if (py::isinstance<PyKeys>(keys)) return keys.cast<const PyKeys&>().sources;
  return load(keys).sources;
}

void registerKeys(py::module_& m) {
  py::class_<PyKeys>(m, "Keys", R"doc(The keys that open binary frames.

Keys(enc_key=..., mac_key=...) gives them (32 bytes each, or base64 / "hex:..." text);
Keys.load(path) reads a key file in any format wadecode reads (per-connection keys, a private key
whose keys come from the capture's Conn, other clients' session files); Keys.derive(private_key=...,
secret=...) computes them from the client's private key and the Conn secret. Never shows key
material in its repr.)doc")
      .def(py::init([](const py::object& enc_key, const py::object& mac_key, const py::object& private_key) {
             PyKeys k;
             k.origin = "given";
             if (enc_key.is_none() != mac_key.is_none()) throw py::value_error("enc_key and mac_key go together");
             if (!enc_key.is_none()) {
               k.sources.enc_key = keyOf(enc_key, "enc_key");
               k.sources.mac_key = keyOf(mac_key, "mac_key");
             }
             if (!private_key.is_none()) k.sources.private_key = keyOf(private_key, "private_key");
             if (enc_key.is_none() && private_key.is_none())
               throw py::value_error("give enc_key and mac_key, or private_key");
             return k;
           }),
           py::kw_only(), py::arg("enc_key") = py::none(), py::arg("mac_key") = py::none(),
           py::arg("private_key") = py::none())
      .def_static("load", &load, py::arg("path"), "Reads a key file (any format wadecode --keys reads). Raises KeysError.")
      .def_static(
          "derive",
          [](const py::object& private_key, const py::object& secret) {
            const crypto::Key32 priv = keyOf(private_key, "private_key");
            crypto::Bytes s;
            if (py::isinstance<py::str>(secret)) {
              auto decoded = crypto::decodeKeyValue(secret.cast<std::string>());
              if (!decoded) raise(ErrorKind::Keys, decoded.error());
              s = std::move(*decoded);
            } else {
              const std::string raw = secret.cast<std::string>();
              s.assign(raw.begin(), raw.end());
            }
            auto keys = crypto::deriveSessionKeys(priv, s);
            if (!keys) raise(ErrorKind::Keys, keys.error());
            PyKeys k;
            k.origin = "derived";
            k.sources.enc_key = keys->enc_key;
            k.sources.mac_key = keys->mac_key;
            return k;
          },
          py::kw_only(), py::arg("private_key"), py::arg("secret"),
          "encKey and macKey from the client's private key and the Conn secret (144 bytes, or its base64). "
          "Raises KeysError when the secret does not fit the key.")
      .def_property_readonly(
          "enc_key",
          [](const PyKeys& k) -> py::object {
            auto s = settled(k);
            return s ? py::object(py::bytes(reinterpret_cast<const char*>(s->enc_key.data()), s->enc_key.size()))
                     : py::none();
          },
          "encKey (32 bytes), or None when it comes from a capture (per connection, or from its Conn).")
      .def_property_readonly(
          "mac_key",
          [](const PyKeys& k) -> py::object {
            auto s = settled(k);
            return s ? py::object(py::bytes(reinterpret_cast<const char*>(s->mac_key.data()), s->mac_key.size()))
                     : py::none();
          },
          "macKey (32 bytes), or None as for enc_key.")
      .def_property_readonly(
          "connections",
          [](const PyKeys& k) {
            py::list l;
            if (k.sources.file)
              for (const auto& [name, entry] : k.sources.file->connections) l.append(py::str(name));
            return l;
          },
          "The connections a key file names (client address:port, or port), in order.")
      .def("__repr__", [](const PyKeys& k) {
        std::string out = "<Keys " + k.origin;
        if (k.sources.file && !k.sources.file->connections.empty())
          out += ", " + std::to_string(k.sources.file->connections.size()) + " connections";
        return out + ">";
      });
}

}  // namespace wa::python
