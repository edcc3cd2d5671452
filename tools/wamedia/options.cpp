// wamedia's command line: every option declared here, once.
//
// Names follow tools analysts already use: -o for the output as in openssl enc and curl, --range
// A-B inclusive as curl's -r, --no-verify as in curl and pip for "skip the check", --progress and
// --type as in the media tools of the protocol's own clients.
#include "wamedia/options.h"

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace wa::wamedia {
namespace {

void addSelection(CLI::App& app, MediaSelection& media, bool with_message) {
  app.add_option("--type", media.type,
                 "media type: image, video, audio, document, sticker, ptt, gif, history, ... (aliases such as "
                 "IMAGE or imageMessage work), or auto to find it by the MAC; default: the message's")
      ->group("Media");
  app.add_option("-k,--key", media.key, "mediaKey, base64 or hex:...")->group("Media");
  if (!with_message) return;
  app.add_option("-m,--message", media.message_file,
                 "wadecode output holding the media message (a JSONL record, node JSON, WebMessageInfo or "
                 "Message JSON, or wamedia encrypt's JSON); - for standard input")
      ->group("Media");
  app.add_option("--index", media.index, "use the Nth media message of --message (0 = the first)")
      ->group("Media")
      ->capture_default_str();
  app.add_option("--file-sha256", media.file_sha256, "expected SHA-256 of the plaintext (base64 or hex:)")
      ->group("Media");
  app.add_option("--file-enc-sha256", media.file_enc_sha256,
                 "expected SHA-256 of the encrypted file (base64 or hex:)")
      ->group("Media");
  app.add_option("--file-length", media.file_length, "expected plaintext length (a mismatch is a warning)")
      ->group("Media");
}

}  // namespace

ParsedOptions parseOptions(int argc, char** argv) {
  tools::ToolApp app{"wamedia: decrypt, encrypt and check WhatsApp media files offline", "wamedia"};
  app.require_subcommand(1);

  DecryptOptions decrypt;
  auto* dec = app.add_subcommand("decrypt", "decrypt a media file (the MAC is checked before any output is kept)");
  dec->add_option("input", decrypt.input, "encrypted file, or - for standard input")->capture_default_str();
  dec->add_option("-o,--output", decrypt.output,
                  "plaintext file (written whole and renamed once verified), or - for standard output; default: "
                  "standard output, or with --message a file named after its URL");
  addSelection(*dec, decrypt.media, true);
  dec->add_flag("!--no-verify-first", decrypt.verify_first,
                "to standard output: stream at once and check the MAC at the end (exit 1 then) instead of "
                "checking it before writing");
  dec->add_flag("!--no-verify", decrypt.verify_mac, "do not check the MAC or hashes (salvaging damaged files)");
  dec->add_option("--range", decrypt.range,
                  "decrypt only plaintext bytes A-B (inclusive, as curl -r; A- = to the end) using the sidecar")
      ->group("Sidecar");
  dec->add_option("--sidecar", decrypt.sidecar, "streaming sidecar: base64, hex:... or @FILE (raw bytes)")
      ->group("Sidecar");
  tools::addModeOption(*dec, "--progress", decrypt.progress,
                       "progress bar on stderr: auto (a terminal and a large file), always, never");

  EncryptOptions encrypt;
  auto* enc = app.add_subcommand("encrypt", "encrypt a file as WhatsApp media; prints its keys and hashes as JSON");
  enc->add_option("input", encrypt.input, "plaintext file, or - for standard input")->capture_default_str();
  enc->add_option("-o,--output", encrypt.output, "encrypted file, or - for standard output (the default)");
  enc->add_option("--type", encrypt.type, "media type (image, video, audio, document, sticker, ptt, gif, ...)")
      ->required()
      ->group("Media");
  enc->add_option("-k,--key", encrypt.key, "mediaKey, base64 or hex:... (default: a fresh random key)")
      ->group("Media");
  enc->add_option("--first-frame-length", encrypt.first_frame_length,
                  "sticker: bytes of the first frame, for the firstFrameSidecar")
      ->group("Media");
  enc->add_option("--info", encrypt.info_file,
                  "write the JSON document here (default: standard output, or standard error when the media "
                  "goes to standard output)");
  tools::addModeOption(*enc, "--progress", encrypt.progress, "progress bar on stderr: auto, always, never");

  SidecarOptions sidecar_make;
  SidecarOptions sidecar_verify;
  sidecar_verify.make = false;
  auto* side = app.add_subcommand("sidecar", "make or verify streaming and first-frame sidecars");
  side->require_subcommand(1);
  auto* make = side->add_subcommand("make", "print the sidecar of an encrypted file (base64)");
  make->add_option("input", sidecar_make.input, "encrypted file, or - for standard input")->capture_default_str();
  make->add_option("-o,--output", sidecar_make.output, "output file, or - for standard output (the default)");
  make->add_flag("--binary", sidecar_make.binary, "write the raw sidecar bytes instead of a base64 line");
  make->add_option("--first-frame-length", sidecar_make.first_frame_length,
                   "make the sticker firstFrameSidecar for a first frame of this many bytes instead");
  addSelection(*make, sidecar_make.media, true);
  tools::addModeOption(*make, "--progress", sidecar_make.progress, "progress bar on stderr: auto, always, never");
  auto* verify = side->add_subcommand("verify", "check every sidecar entry (or a firstFrameSidecar) against a file");
  verify->add_option("input", sidecar_verify.input, "encrypted file, or - for standard input")->capture_default_str();
  verify->add_option("--sidecar", sidecar_verify.sidecar,
                     "streaming sidecar: base64, hex:... or @FILE (default: the message's streamingSidecar)");
  verify->add_option("--first-frame-sidecar", sidecar_verify.first_frame_sidecar,
                     "sticker firstFrameSidecar: base64 or hex:... (default: the message's)");
  verify->add_option("--first-frame-length", sidecar_verify.first_frame_length,
                     "sticker first frame length (default: the message's firstFrameLength)");
  addSelection(*verify, sidecar_verify.media, true);
  tools::addModeOption(*verify, "--progress", sidecar_verify.progress, "progress bar on stderr: auto, always, never");

  KeysOptions keys;
  auto* key_cmd = app.add_subcommand("keys", "print the expanded iv, cipherKey, macKey and refKey (secrets!)");
  key_cmd->add_option("input", keys.input, "with --type auto: the encrypted file whose MAC picks the type");
  addSelection(*key_cmd, keys.media, true);
  key_cmd->add_flag("--base64", keys.base64, "print base64 instead of hex:...");

  ListOptions list;
  auto* list_cmd = app.add_subcommand("list", "list the media messages in wadecode output (no secrets)");
  list_cmd->add_option("input", list.input, "wadecode output, or - for standard input")->capture_default_str();

  ParsedOptions parsed;
  parsed.exit_now = tools::parseCommandLine(app, argc, argv);
  if (parsed.exit_now >= 0) return parsed;
  if (dec->parsed()) parsed.command = decrypt;
  else if (enc->parsed()) parsed.command = encrypt;
  else if (make->parsed()) parsed.command = sidecar_make;
  else if (verify->parsed()) parsed.command = sidecar_verify;
  else if (key_cmd->parsed()) parsed.command = keys;
  else parsed.command = list;
  return parsed;
}

}  // namespace wa::wamedia
