// The module's exceptions: wa_web.Error and its kinds, each with the failure's stage, offset and
// code as attributes, raised from the libraries' error values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <pybind11/pybind11.h>

#include "wa/support/error.h"

namespace wa::python {

namespace py = pybind11;

enum class ErrorKind {
  Decode,   ///< wa_web.DecodeError (also a ValueError): nodes, node JSON, frames
  Keys,     ///< wa_web.KeysError: key files and key values
  Capture,  ///< wa_web.CaptureError (also an OSError): a capture that cannot be opened or read
  Media,    ///< wa_web.MediaError: media decryption and encryption
};

/// Creates the exception classes in `module`.
void registerErrors(py::module_& module);

/// Raises the exception of `kind` with message `text` and the attributes stage, offset, code and
/// reason (the message without the stage and offset).
[[noreturn]] void raise(ErrorKind kind, std::string_view stage, std::uint64_t offset, std::string_view code,
                        std::string_view reason, std::string_view text);

/// Raises a library's error as the tools print it ("decode at offset 0x1a (26): ...").
template <class StageT>
[[noreturn]] void raise(ErrorKind kind, const support::BasicError<StageT>& error) {
  raise(kind, toString(error.stage), error.offset, support::toString(error.code), error.message,
        support::describe(error));
}

}  // namespace wa::python
