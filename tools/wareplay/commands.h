// The three wareplay commands: options in, exit status out (docs/man/wareplay.md).
#pragma once

#include "wareplay/options.h"

namespace wa::wareplay {

/// Plays the client side; prints the report; 0, 1 (differences), 2, 3 (network), 4 (timeout).
int runClientCommand(const ClientCommand& options);
/// Runs the mock server until SIGINT/SIGTERM; 0, 2 or 3.
int runServeCommand(const ServeCommand& options);
/// Runs the recording proxy until SIGINT/SIGTERM; 0, 2 or 3.
int runRecordCommand(const RecordCommand& options);

}  // namespace wa::wareplay
