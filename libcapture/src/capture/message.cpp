// The frame of a captured message.
#include "wa/capture/message.h"

namespace wa::capture {

codec::Frame splitFrame(const CaptureMessage& message, bool parse_json) {
  codec::SplitOptions options;
  if (message.op == Opcode::Text || message.op == Opcode::Binary) options.opcode = message.op;
  options.dir = message.dir_inferred ? Direction::Unknown : message.dir;
  options.parse_json = parse_json;
  codec::Frame f = codec::splitFrame(message.payload, options);
  if (f.dir == Direction::Unknown && message.dir != Direction::Unknown) {
    f.dir = message.dir;
    f.dir_inferred = message.dir_inferred;
  }
  return f;
}

}  // namespace wa::capture
