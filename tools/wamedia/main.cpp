// wamedia: decrypt, encrypt and check WhatsApp media files offline.
#include <variant>

#include "common/diagnostics.h"
#include "wamedia/commands.h"
#include "wamedia/options.h"

namespace {

struct Dispatch {
  wa::tools::Diagnostics& diag;
  int operator()(const wa::wamedia::DecryptOptions& o) const { return wa::wamedia::runDecrypt(o, diag); }
  int operator()(const wa::wamedia::EncryptOptions& o) const { return wa::wamedia::runEncrypt(o, diag); }
  int operator()(const wa::wamedia::SidecarOptions& o) const { return wa::wamedia::runSidecar(o, diag); }
  int operator()(const wa::wamedia::KeysOptions& o) const { return wa::wamedia::runKeys(o, diag); }
  int operator()(const wa::wamedia::ListOptions& o) const { return wa::wamedia::runList(o, diag); }
};

}  // namespace

int main(int argc, char** argv) {
  auto parsed = wa::wamedia::parseOptions(argc, argv);
  if (parsed.exit_now >= 0) return parsed.exit_now;
  wa::tools::Diagnostics diag("wamedia");
  return std::visit(Dispatch{diag}, parsed.command);
}
