// wa_web.Keys: the keys of a session (encKey and macKey), or of a capture (a key file with keys per
// connection, or a private key whose keys come from the capture's Conn).
#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "wa/session/capture_keys.h"

namespace wa::python {

namespace py = pybind11;

struct PyKeys {
  session::KeySources sources;
  std::string origin;  ///< for repr: "given", "derived", or the key file's path
};

/// Defines Keys in `module`.
void registerKeys(py::module_& module);

/// The key sources of a `keys` argument: None, a Keys, or a path (str or os.PathLike) to a key file.
session::KeySources keySourcesOf(const py::object& keys);

}  // namespace wa::python
