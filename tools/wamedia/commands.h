// wamedia's subcommands, one file each; every one returns the exit status (DESIGN.md).
#pragma once

#include "common/diagnostics.h"
#include "wamedia/options.h"

namespace wa::wamedia {

int runDecrypt(const DecryptOptions& options, tools::Diagnostics& diag);
int runEncrypt(const EncryptOptions& options, tools::Diagnostics& diag);
int runSidecar(const SidecarOptions& options, tools::Diagnostics& diag);
int runKeys(const KeysOptions& options, tools::Diagnostics& diag);
int runList(const ListOptions& options, tools::Diagnostics& diag);

}  // namespace wa::wamedia
