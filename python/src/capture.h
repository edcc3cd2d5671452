// decrypt_frame and read_capture: records as wadecode's JSONL gives them, as dicts.
#pragma once

#include <pybind11/pybind11.h>

namespace wa::python {

namespace py = pybind11;

/// Defines decrypt_frame, read_capture and the CaptureReader iterator in `module`.
void registerCapture(py::module_& module);

}  // namespace wa::python
