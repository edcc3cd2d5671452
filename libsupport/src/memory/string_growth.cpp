// Compiled as C++23 (see libsupport/CMakeLists.txt): std::string::resize_and_overwrite is the
// standard way to grow a string without writing its new bytes. Only this function's definition
// needs it; its declaration is plain C++20.
#include "wa/support/string_growth.h"

namespace wa::support {

char* appendUninitialized(std::string& s, std::size_t n) {
  const std::size_t old = s.size();
#if defined(__cpp_lib_string_resize_and_overwrite)
  // The operation writes nothing and keeps the bytes up to the size asked for: the caller writes
  // the new ones. It returns that size itself, not the one it is given: GCC 12.2's library passes
  // the new capacity there when it reallocates (fixed in 12.4 and 13.2).
  const std::size_t size = old + n;
  s.resize_and_overwrite(size, [size](char*, std::size_t) noexcept { return size; });
#else
  s.resize(old + n);
#endif
  return s.data() + old;
}

}  // namespace wa::support
