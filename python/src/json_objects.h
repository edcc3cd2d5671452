// JSON text to Python objects, as json.loads makes them, for the records of read_capture: the
// same dicts, lists, str, int, float, bool and None, built without the generic parser's costs
// (object keys are interned across calls, ASCII strings are copied at once).
#pragma once

#include <string>
#include <string_view>

#include <pybind11/pybind11.h>

namespace wa::python {

namespace py = pybind11;

/// Equal to json.loads(text) for every well-formed JSON document (numbers: int of any size, float
/// as float() reads it, NaN/Infinity as json.loads accepts them; strings with every escape, lone
/// surrogates included; duplicate object keys: the last wins). Malformed text is handed to
/// json.loads, so it raises json.JSONDecodeError exactly as json.loads would. Needs the GIL.
py::object jsonToPython(std::string_view text);

/// The objects of a tape (support/text/json_tape.h), written on any thread without the GIL by
/// support::appendJsonTape(text) (then they are jsonToPython(text)'s) or a JsonTapeWriter. A Raw
/// item goes to jsonToPython. Needs the GIL; the tape must come from this process.
py::object tapeToPython(std::string_view tape);

}  // namespace wa::python
