// The keys wadecode is given (--keys, --enc-key, --mac-key, --private-key), and --print-keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/diagnostics.h"
#include "wa/session/capture_keys.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// The key sources the options give, or nullopt when one is wrong: every problem is reported on
/// `diag` ("--enc-key: 3 bytes where 32 are needed", ...) and `status` is set (2 usage, 3 when the
/// key file cannot be read).
std::optional<session::KeySources> readKeyOptions(const DecodeOptions& options, tools::Diagnostics& diag, int& status);

/// --print-keys without a capture: the keys of each connection the key file names (or the one
/// set of keys) when the sources settle them all, else nullopt (the capture's Conn is needed).
std::optional<nlohmann::ordered_json> settledKeys(session::CaptureKeys& keys);

/// --print-keys after reading a capture: {"encKey", "macKey"} of its one connection, or
/// {"connections": {...}} of those of several that have keys; nullopt when none has.
std::optional<nlohmann::ordered_json> capturedKeys(session::CaptureKeys& keys, const std::vector<std::string>& conns);

}  // namespace wa::wadecode
