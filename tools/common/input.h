// Reading a tool's input: a file path, or standard input for "" and "-".
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include <tl/expected.hpp>

namespace wa::tools {

/// A display name for diagnostics: "<stdin>" for "" and "-", else the path.
std::string inputName(const std::string& path);

/// Reads the whole input. Fails with a message naming the path and the system error.
tl::expected<std::string, std::string> readWholeInput(const std::string& path);

/// Opens the input for streaming reads (binary mode); stdin is not closed on destruction.
using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
tl::expected<FilePtr, std::string> openInput(const std::string& path);

/// Opens the output for writing: standard output for "" and "-".
tl::expected<FilePtr, std::string> openOutput(const std::string& path);

}  // namespace wa::tools
