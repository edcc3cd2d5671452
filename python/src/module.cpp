// The Python module wa_web: the toolkit's session layer for analysts (docs/python.md).
#include <pybind11/pybind11.h>

#include "capture.h"
#include "errors.h"
#include "keys.h"
#include "media.h"
#include "node.h"

PYBIND11_MODULE(wa_web, m) {
  m.doc() = R"doc(The legacy WhatsApp Web protocol: binary nodes, session keys, frames, captures and media.

decode_node / encode_node / Node: binary nodes. Keys: the session's keys. decrypt_frame: one frame
as a record. read_capture: a capture's records, exactly json.loads of `wadecode --format jsonl`.
media.decrypt / media.encrypt: media files. Failures raise wa_web.Error subclasses with .stage,
.offset, .code and .reason. The GIL is released while decoding and decrypting.)doc";
  m.attr("__version__") = WA_VERSION;
  wa::python::registerErrors(m);
  wa::python::registerNodes(m);
  wa::python::registerKeys(m);
  wa::python::registerCapture(m);
  wa::python::registerMedia(m);
}
