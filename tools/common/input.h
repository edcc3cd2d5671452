// Reading a tool's input: a file path, or standard input for "" and "-".
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "common/failure.h"

namespace wa::tools {

/// Whether `path` names standard input or output: "" or "-".
bool isStdio(const std::string& path);

/// A display name for diagnostics: "<stdin>" for "" and "-", else the path.
std::string inputName(const std::string& path);

/// Reads the whole input. Fails (I/O) with a message naming the path and the system error.
Outcome<std::string> readWholeInput(const std::string& path);

/// Opens the input for streaming reads (binary mode); stdin is not closed on destruction.
using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
Outcome<FilePtr> openInput(const std::string& path);

/// Opens the output for writing: standard output for "" and "-".
Outcome<FilePtr> openOutput(const std::string& path);

}  // namespace wa::tools
