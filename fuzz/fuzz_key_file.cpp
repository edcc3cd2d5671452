// Fuzz target: key and session file parsing (every format, detection, value decoding) never crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/crypto/key_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = wa::crypto::parseKeyFile(text);
  if (file) {
    // Whatever parsed must write and parse back, and its keys must resolve or fail cleanly.
    (void)file->sessionKeys();
    for (const auto& [name, entry] : file->connections) (void)file->forConnection(name).sessionKeys();
    (void)wa::crypto::parseKeyFile(wa::crypto::writeKeyFile(*file));
  }
  return 0;
}
