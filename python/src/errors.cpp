// The exception classes and raising them with their attributes.
#include "errors.h"

#include <Python.h>

namespace wa::python {
namespace {

PyObject* kinds[4] = {};

PyObject* make(const char* name, const char* doc, PyObject* bases) {
  PyObject* type = PyErr_NewExceptionWithDoc(name, doc, bases, nullptr);
  if (type == nullptr) throw py::error_already_set();
  return type;
}

}  // namespace

void registerErrors(py::module_& module) {
  PyObject* base = make("wa_web.Error",
                        "A failure of the toolkit. Attributes: stage (the pipeline stage that failed: 'decode', "
                        "'hmac', 'media', ...), offset (the byte offset of the failure in the input given), code "
                        "('truncated', 'invalid', 'authentication failed', ...) and reason (the message alone).",
                        PyExc_Exception);
  auto with = [base](PyObject* other) { return py::make_tuple(py::handle(base), py::handle(other)).release().ptr(); };
  kinds[static_cast<int>(ErrorKind::Decode)] =
      make("wa_web.DecodeError", "Bytes or text that are not a node, a frame or node JSON.", with(PyExc_ValueError));
  kinds[static_cast<int>(ErrorKind::Keys)] =
      make("wa_web.KeysError", "A key file or key value that cannot be used (never quotes key material).", base);
  kinds[static_cast<int>(ErrorKind::Capture)] =
      make("wa_web.CaptureError", "A capture that cannot be opened or read.", with(PyExc_OSError));
  kinds[static_cast<int>(ErrorKind::Media)] =
      make("wa_web.MediaError", "A media file that does not decrypt, or media that cannot be encrypted.", base);
  module.attr("Error") = py::handle(base);
  module.attr("DecodeError") = py::handle(kinds[static_cast<int>(ErrorKind::Decode)]);
  module.attr("KeysError") = py::handle(kinds[static_cast<int>(ErrorKind::Keys)]);
  module.attr("CaptureError") = py::handle(kinds[static_cast<int>(ErrorKind::Capture)]);
  module.attr("MediaError") = py::handle(kinds[static_cast<int>(ErrorKind::Media)]);
}

void raise(ErrorKind kind, std::string_view stage, std::uint64_t offset, std::string_view code,
           std::string_view reason, std::string_view text) {
  PyObject* type = kinds[static_cast<int>(kind)];
  py::object error = py::reinterpret_borrow<py::object>(type)(py::str(text.data(), text.size()));
  error.attr("stage") = py::str(stage.data(), stage.size());
  error.attr("offset") = py::int_(offset);
  error.attr("code") = py::str(code.data(), code.size());
  error.attr("reason") = py::str(reason.data(), reason.size());
  PyErr_SetObject(type, error.ptr());
  throw py::error_already_set();
}

}  // namespace wa::python
