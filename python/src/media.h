// wa_web.media: decrypt and encrypt media files held in memory, with wamedia's checks and words.
#pragma once

#include <pybind11/pybind11.h>

namespace wa::python {

namespace py = pybind11;

/// Defines the submodule `media` of `module`.
void registerMedia(py::module_& module);

}  // namespace wa::python
