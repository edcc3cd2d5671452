// Growing a std::string without the zero fill that resize() writes first.
#pragma once

#include <cstddef>
#include <string>

namespace wa::support {

/// Grows `s` by `n` bytes and returns a pointer to the first of them. The new bytes are left as
/// they were in memory (not zero-filled as resize() fills them): the caller writes every one of
/// them, or cuts the string back to what it wrote (cutting back writes nothing), before anything
/// reads them. Capacity grows as append's does (at least doubling). The pointer is valid until the
/// string is next modified. Throws what std::string throws (std::length_error, std::bad_alloc).
///
/// Why: an encoder that knows its output's length ahead writes it in place; with resize() every
/// byte was written twice, and the first write (memset) was 4 % of a HAR decode.
char* appendUninitialized(std::string& s, std::size_t n);

}  // namespace wa::support
