// wamedia's options, declared once in parseOptions() (CLI11) and passed down as plain structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "common/color.h"

namespace wa::wamedia {

/// Where the media key, type and expectations come from: options, a message, or both (options win).
struct MediaSelection {
  std::string key;   ///< --key: base64 or hex:
  std::string type;  ///< --type: a name or alias, "auto" (find it by the MAC); "" = from the message
  std::string message_file;  ///< --message: wadecode output holding the media message ("-" = stdin)
  std::size_t index = 0;     ///< --index: which media message of the file (0 = the first)
  std::string file_sha256;      ///< --file-sha256: base64 or hex:
  std::string file_enc_sha256;  ///< --file-enc-sha256: base64 or hex:
  std::optional<std::uint64_t> file_length;  ///< --file-length: the plaintext length announced
};

/// `wamedia decrypt [--type T] [--key K | --message F] [IN|-] [-o OUT|-]`
struct DecryptOptions {
  MediaSelection media;
  std::string input = "-";
  std::string output;  ///< "" = stdout, or the message's URL name with --message; "-" = stdout
  bool verify_first = true;  ///< stdout: no plaintext before the MAC is checked (two passes or a spool)
  bool verify_mac = true;    ///< --no-verify: salvage a damaged file (nothing is checked)
  std::string range;         ///< --range A-B (inclusive) or A-: plaintext bytes, checked by the sidecar
  std::string sidecar;       ///< --sidecar: base64, hex: or @FILE (raw bytes)
  tools::ColorMode progress = tools::ColorMode::Auto;
};

/// `wamedia encrypt --type T [--key K] [IN|-] [-o OUT|-] [--info FILE]`
struct EncryptOptions {
  std::string type;
  std::string key;  ///< "" = a fresh random key
  std::string input = "-";
  std::string output;     ///< "" or "-" = stdout
  std::string info_file;  ///< the JSON document; "" = stdout (stderr when the media goes to stdout)
  std::optional<std::uint64_t> first_frame_length;  ///< sticker first-frame sidecar
  tools::ColorMode progress = tools::ColorMode::Auto;
};

/// `wamedia sidecar make|verify ...`
struct SidecarOptions {
  bool make = true;  ///< make, or verify
  MediaSelection media;
  std::string input = "-";
  std::string output;                ///< make: "" or "-" = stdout
  bool binary = false;               ///< make: raw bytes instead of a base64 line
  std::string sidecar;               ///< verify: base64, hex: or @FILE
  std::string first_frame_sidecar;   ///< verify: base64 or hex:
  std::optional<std::uint64_t> first_frame_length;  ///< the sticker first frame
  tools::ColorMode progress = tools::ColorMode::Auto;
};

/// `wamedia keys (--key K --type T | --message F) [IN]`
struct KeysOptions {
  MediaSelection media;
  std::string input;  ///< only for --type auto
  bool base64 = false;
};

/// `wamedia list [FILE|-]`
struct ListOptions {
  std::string input = "-";
};

using Command = std::variant<DecryptOptions, EncryptOptions, SidecarOptions, KeysOptions, ListOptions>;

/// The parsed command, or the exit status to return at once (help printed: 0; usage error: 2).
struct ParsedOptions {
  Command command;
  int exit_now = -1;  ///< >= 0: exit with this status without doing anything
};

/// Declares every option and parses the command line; prints help and usage errors itself.
ParsedOptions parseOptions(int argc, char** argv);

}  // namespace wa::wamedia
