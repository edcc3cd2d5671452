// wamedia encrypt: a plaintext streamed through MediaEncryptStream, and the JSON a sender needs.
#include <unistd.h>

#include <fmt/format.h>

#include "common/atomic_output.h"
#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/crypto/media_explain.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"
#include "wamedia/command_support.h"
#include "wamedia/commands.h"
#include "wa/support/read_buffer.h"

namespace wa::wamedia {

int runEncrypt(const EncryptOptions& o, tools::Diagnostics& diag) {
  auto type = crypto::parseMediaType(o.type);
  if (!type) return report(diag, usageFailure("--type: " + type.error().message));
  crypto::Key32 media_key{};
  if (o.key.empty()) {
    media_key = crypto::randomKey32();
  } else {
    MediaSelection selection;
    selection.key = o.key;
    selection.type = o.type;
    auto params = resolveMedia(selection, ResolveRules{true, false, false});
    if (!params) return report(diag, params.error());
    media_key = *params->media_key;
  }
  auto keys = crypto::expandMediaKey(media_key, *type);
  if (!keys) return report(diag, usageFailure("--type: " + keys.error().message));
  if (o.first_frame_length && !crypto::mediaTypeInfo(*type).first_frame_sidecar)
    diag.warning(fmt::format("--first-frame-length: {} media get no firstFrameSidecar (only stickers do)", o.type));

  const bool media_to_stdout = tools::isStdio(o.output);
  if (media_to_stdout && o.info_file == "-")
    return report(diag, usageFailure("--info - and the encrypted media cannot both go to standard output"));
  if (auto refuse = refuseTerminal(media_to_stdout)) return report(diag, *refuse);
  auto input = EncryptedInput::open(o.input);
  if (!input) return report(diag, ioFailure(input.error()));
  auto out = tools::AtomicOutput::open(o.output);
  if (!out) return report(diag, ioFailure(out.error()));
  tools::ProgressBar progress = makeProgress("encrypt", *input, 1, o.progress);

  crypto::MediaEncryptStream stream(*keys, *type, o.first_frame_length);
  support::ReadBuffer in_buf(kIoBufferSize);
  std::vector<std::uint8_t> out_buf(crypto::MediaEncryptStream::outputBound(kIoBufferSize));
  std::uint64_t read_so_far = 0;
  for (;;) {
    auto n = input->read(in_buf.bytes());
    if (!n) return report(diag, ioFailure(n.error()));
    if (*n == 0) break;
    auto produced = stream.updateInto(crypto::ByteView(in_buf.data(), *n), out_buf);
    if (!produced) return report(diag, cryptoFailure(input->name(), produced.error()));
    if (auto ok = out->write(std::span<const std::uint8_t>(out_buf.data(), *produced)); !ok)
      return report(diag, ioFailure(ok.error()));
    read_so_far += *n;
    progress.update(read_so_far);
  }
  crypto::secureWipe(in_buf.bytes());
  std::size_t tail = 0;
  auto info = stream.finishInto(out_buf, tail);
  if (!info) return report(diag, cryptoFailure(input->name(), info.error()));
  if (auto ok = out->write(std::span<const std::uint8_t>(out_buf.data(), tail)); !ok)
    return report(diag, ioFailure(ok.error()));
  progress.finish();
  if (auto ok = out->commit(); !ok) return report(diag, ioFailure(ok.error()));

  const std::string json = crypto::mediaInfoJson(*type, media_key, *info, o.first_frame_length, /*pretty=*/true);
  crypto::secureWipe(media_key);
  if (!o.info_file.empty() && o.info_file != "-") {
    // Written like the media: whole or not at all.
    auto info_out = tools::AtomicOutput::open(o.info_file);
    if (!info_out) return report(diag, ioFailure(info_out.error()));
    if (auto ok = info_out->write(json); !ok) return report(diag, ioFailure(ok.error()));
    if (auto ok = info_out->commit(); !ok) return report(diag, ioFailure(ok.error()));
  } else {
    std::FILE* stream_out = media_to_stdout && o.info_file.empty() ? stderr : stdout;
    std::fflush(stdout);
    std::fputs(json.c_str(), stream_out);
    std::fflush(stream_out);
    if (std::ferror(stream_out)) return report(diag, ioFailure("<stdout>: write error"));
  }
  return tools::kExitOk;
}

}  // namespace wa::wamedia
