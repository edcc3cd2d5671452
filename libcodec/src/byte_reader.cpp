// Out-of-line failure path of ByteReader.
#include "wa/codec/byte_reader.h"

#include <fmt/format.h>

namespace wa::codec {

bool ByteReader::need(std::size_t n, std::string_view what) noexcept {
  if (error_) return false;
  if (n <= bytes_.size() - pos_) return true;
  try {
    fail(ErrorCode::Truncated,
         fmt::format("expected {} ({} byte{}), found {} left", what, n, n == 1 ? "" : "s", bytes_.size() - pos_));
  } catch (...) {
    error_ = Error{ErrorCode::Truncated, stage_, absoluteOffset(), {}};
  }
  return false;
}

}  // namespace wa::codec
