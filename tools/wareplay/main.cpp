// wareplay: replay recorded WhatsApp Web (legacy protocol) sessions as client, as mock server,
// and record new ones through a proxy.
#include <variant>

#include "wareplay/commands.h"
#include "wareplay/options.h"

int main(int argc, char** argv) {
  auto parsed = wa::wareplay::parseOptions(argc, argv);
  if (parsed.exit_now >= 0) return parsed.exit_now;
  if (auto* client = std::get_if<wa::wareplay::ClientCommand>(&parsed.command))
    return wa::wareplay::runClientCommand(*client);
  if (auto* serve = std::get_if<wa::wareplay::ServeCommand>(&parsed.command))
    return wa::wareplay::runServeCommand(*serve);
  return wa::wareplay::runRecordCommand(std::get<wa::wareplay::RecordCommand>(parsed.command));
}
