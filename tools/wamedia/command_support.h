// What wamedia's subcommands share: failures and their exit codes, resolving the media key, type and
// expectations from options and messages, finding the type by the MAC, and explaining failures.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "common/diagnostics.h"
#include "common/failure.h"
#include "common/progress.h"
#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_types.h"
#include "wamedia/encrypted_input.h"
#include "wamedia/message_input.h"
#include "wamedia/options.h"

namespace wa::wamedia {

using tools::Failure;
using tools::ioFailure;
using tools::Outcome;
using tools::report;
using tools::usageFailure;

/// A library error about `input_name`: "<input>: <stage> at offset 0x.. (n): <message>", exit 1 for
/// verification failures, 3 for Io, 2 for a bad argument to the library.
Failure cryptoFailure(const std::string& input_name, const crypto::Error& error);

/// Everything known about the media to work on, options first, then the message: its facts
/// (`type` is nullopt with type_auto), the key, and the message used, if any.
struct MediaParams : MediaFacts {
  std::optional<crypto::Key32> media_key;
  bool type_auto = false;
  bool type_all = false;  ///< keys --type all
  std::optional<MediaMessage> message;
};

struct ResolveRules {
  bool need_key = true;
  bool allow_auto = true;
  bool allow_all = false;
};

/// Reads --message (if given) and combines it with the options. Usage failures (2) for values that
/// do not decode, a missing key or type, a message file without (enough) media messages; I/O (3)
/// when the message file cannot be read.
Outcome<MediaParams> resolveMedia(const MediaSelection& selection, const ResolveRules& rules = {});

/// Decodes a sidecar argument: base64, hex:..., or @FILE for raw bytes. Usage or I/O failures.
Outcome<crypto::Bytes> decodeSidecarArgument(const std::string& option, const std::string& value);

/// A progress bar for reading `input` `passes` times (auto: a terminal and at least 8 MiB).
tools::ProgressBar makeProgress(const std::string& label, const EncryptedInput& input, int passes,
                                tools::ColorMode mode);

/// The size of every read, in bytes: large enough for throughput, small enough for a flat RSS.
inline constexpr std::size_t kIoBufferSize = std::size_t{1} << 20;

/// Finds the type by the MAC under every label (the input must be seekable). Prefers a type the
/// params already name when it shares the matching label (gif over video). Prints a note naming the
/// label; fails (exit 1) when no label matches, after checking the input for other problems.
Outcome<crypto::MediaType> findTypeByMac(EncryptedInput& input, const MediaParams& params, tools::Diagnostics& diag,
                                         tools::ProgressBar& progress);

/// The media type and its expanded keys: the params' type (or `fallback` when they name none), or
/// with --type auto the type whose MAC matches (findTypeByMac(), reading the input once).
struct TypedKeys {
  crypto::MediaType type;
  crypto::MediaKeys keys;
};
Outcome<TypedKeys> expandKeysFor(EncryptedInput& input, const MediaParams& params, crypto::MediaType fallback,
                                 tools::Diagnostics& diag, tools::ProgressBar& progress);

/// Problems that make decryption pointless, found from the size and first bytes of a seekable
/// input: empty, too short, not 16n + 10, an HTML/JSON/XML page. Nothing otherwise.
std::optional<Failure> precheckInput(const EncryptedInput& input, const MediaParams& params);

/// The failure for a library error while verifying or decrypting `input`: names what is really
/// wrong (an error page, a truncated file) before blaming the key, and for a MAC mismatch on a
/// seekable input reads it once more to say which type's MAC matches and whether the file is the
/// one fileEncSha256 describes.
Failure explainFailure(EncryptedInput& input, const MediaParams& params, const crypto::Error& error);

/// The warning for a plaintext length other than the message's fileLength, if any.
void warnFileLength(tools::Diagnostics& diag, const MediaParams& params, std::uint64_t plaintext_length);

/// Refuses binary output to a terminal (usage failure).
std::optional<Failure> refuseTerminal(bool writes_stdout);

}  // namespace wa::wamedia
