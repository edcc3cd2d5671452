// Input and output opening for the tools.
#include "common/input.h"

#include <cerrno>
#include <cstring>

namespace wa::tools {
namespace {

int noClose(std::FILE*) { return 0; }

}  // namespace

bool isStdio(const std::string& path) { return path.empty() || path == "-"; }

std::string inputName(const std::string& path) { return isStdio(path) ? "<stdin>" : path; }

Outcome<FilePtr> openInput(const std::string& path) {
  if (isStdio(path)) return FilePtr(stdin, noClose);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(kExitIo, path + ": " + std::strerror(errno));
  return FilePtr(f, std::fclose);
}

Outcome<FilePtr> openOutput(const std::string& path) {
  if (isStdio(path)) return FilePtr(stdout, noClose);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return fail(kExitIo, path + ": " + std::strerror(errno));
  return FilePtr(f, std::fclose);
}

Outcome<std::string> readWholeInput(const std::string& path) {
  auto file = openInput(path);
  if (!file) return tl::unexpected(std::move(file.error()));
  std::string data;
  char buf[1 << 16];
  for (;;) {
    std::size_t n = std::fread(buf, 1, sizeof buf, file->get());
    data.append(buf, n);
    if (n < sizeof buf) break;
  }
  if (std::ferror(file->get())) return fail(kExitIo, inputName(path) + ": " + std::strerror(errno));
  return data;
}

}  // namespace wa::tools
