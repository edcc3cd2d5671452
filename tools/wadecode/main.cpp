// wadecode: decode captured WhatsApp Web (legacy protocol) frames and binary nodes.
#include <variant>

#include "common/diagnostics.h"
#include "wadecode/decode_command.h"
#include "wadecode/encode_command.h"
#include "wadecode/options.h"

int main(int argc, char** argv) {
  auto parsed = wa::wadecode::parseOptions(argc, argv);
  if (parsed.exit_now >= 0) return parsed.exit_now;
  wa::tools::Diagnostics diag("wadecode");
  if (auto* encode = std::get_if<wa::wadecode::EncodeOptions>(&parsed.command))
    return wa::wadecode::runEncode(*encode, diag);
  return wa::wadecode::runDecode(std::get<wa::wadecode::DecodeOptions>(parsed.command), diag);
}
