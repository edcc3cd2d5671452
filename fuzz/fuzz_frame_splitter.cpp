// Fuzz target: the frame splitter on any bytes, as text and binary, in every direction.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wa/codec/frame/frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wa::codec;
  std::string_view payload(reinterpret_cast<const char*>(data), size);
  for (auto op : {std::optional<Opcode>(), std::optional<Opcode>(Opcode::Text), std::optional<Opcode>(Opcode::Binary)}) {
    for (auto dir : {Direction::Unknown, Direction::Send, Direction::Receive}) {
      SplitOptions options;
      options.opcode = op;
      options.dir = dir;
      options.max_json_depth = 64;
      Frame f = splitFrame(payload, options);
      if (f.body_offset > size || f.body.size() > size - f.body_offset || f.tag.size() > size) __builtin_trap();
      if (f.error && f.error->offset > size) __builtin_trap();
    }
  }
  return 0;
}
