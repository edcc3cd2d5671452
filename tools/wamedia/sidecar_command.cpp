// wamedia sidecar make|verify: streaming sidecars (video, audio) and sticker first-frame sidecars.
#include <algorithm>

#include <fmt/format.h>

#include "common/atomic_output.h"
#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/sidecar.h"
#include "wamedia/command_support.h"
#include "wamedia/commands.h"
#include "wa/support/read_buffer.h"

namespace wa::wamedia {
namespace {

// The first `length` bytes of a seekable input (at most its size).
Outcome<crypto::Bytes> readPrefix(EncryptedInput& input, std::uint64_t length) {
  const std::uint64_t size = *input.size();
  crypto::Bytes prefix(static_cast<std::size_t>(std::min(size, length)));
  if (auto ok = input.readAt()(0, prefix); !ok) return tl::unexpected(cryptoFailure(input.name(), ok.error()));
  return prefix;
}

// The encrypted bytes computeFirstFrameSidecar needs: the rounded first frame and the MAC after it.
std::uint64_t firstFrameSpan(std::uint64_t first_frame_length) {
  return (first_frame_length + 15) / 16 * 16 + crypto::kMediaMacSize;
}

// Whether the whole file's MAC matches, for telling a bad sidecar from a bad key.
bool fileMacMatches(EncryptedInput& input, const crypto::MediaKeys& keys) {
  crypto::MediaDecryptOptions checks;
  auto ok = crypto::decryptMediaVerifyFirst(
      keys, *input.size(), input.readAt(), [](crypto::ByteView) -> crypto::Expected<void> { return {}; }, checks,
      kIoBufferSize);
  return ok.has_value();
}

void addMacNote(Failure& f, EncryptedInput& input, const crypto::MediaKeys& keys, bool first_frame) {
  if (fileMacMatches(input, keys)) {
    f.notes.push_back(first_frame ? "the file's mac matches the key: the first-frame sidecar or its length is wrong"
                                  : "the file's mac matches the key: the sidecar belongs to another file or is damaged");
  } else {
    f.notes.push_back("the file's mac does not match either: the media key or type is wrong, or the file is damaged");
  }
}

Outcome<void> writeResult(const SidecarOptions& o, crypto::ByteView bytes) {
  auto out = tools::AtomicOutput::open(o.output);
  if (!out) return tl::unexpected(ioFailure(out.error()));
  auto ok = o.binary ? out->write(bytes) : out->write(crypto::base64Encode(bytes) + "\n");
  if (!ok) return tl::unexpected(ioFailure(ok.error()));
  if (auto done = out->commit(); !done) return tl::unexpected(ioFailure(done.error()));
  return {};
}

int runMake(const SidecarOptions& o, const MediaParams& params, EncryptedInput& input, const crypto::MediaKeys& keys,
            crypto::MediaType type, tools::Diagnostics& diag, tools::ProgressBar& progress, std::uint64_t base) {
  if (o.binary && tools::isStdio(o.output)) {
    if (auto refuse = refuseTerminal(true)) return report(diag, *refuse);
  }
  const std::optional<std::uint64_t> first_frame = o.first_frame_length;
  // One pass: the sidecar and a full check of the file (MAC and padding), so a sidecar made with the
  // wrong key is never printed.
  crypto::SidecarBuilder builder(keys.mac_key);
  builder.update(keys.iv);
  crypto::MediaDecryptStream check(keys);
  support::ReadBuffer in_buf(kIoBufferSize);
  std::vector<std::uint8_t> scratch(crypto::MediaDecryptStream::outputBound(kIoBufferSize));
  for (;;) {
    auto n = input.read(in_buf.bytes());
    if (!n) return report(diag, ioFailure(n.error()));
    if (*n == 0) break;
    const crypto::ByteView chunk(in_buf.data(), *n);
    builder.update(chunk);
    if (auto ok = check.updateInto(chunk, scratch); !ok)
      return report(diag, explainFailure(input, params, ok.error()));
    progress.update(base + check.bytesIn());
  }
  auto last = check.finishInto(scratch);
  crypto::secureWipe(scratch);
  progress.finish();
  if (!last) return report(diag, explainFailure(input, params, last.error()));
  crypto::Bytes result;
  if (first_frame) {
    if (!crypto::mediaTypeInfo(type).first_frame_sidecar)
      diag.warning(fmt::format("{} media get no firstFrameSidecar (only stickers do)", crypto::toString(type)));
    auto prefix = readPrefix(input, firstFrameSpan(*first_frame));
    if (!prefix) return report(diag, prefix.error());
    const crypto::MediaMac mac = crypto::computeFirstFrameSidecar(keys, *prefix, *first_frame);
    result.assign(mac.begin(), mac.end());
  } else {
    if (!crypto::mediaTypeInfo(type).streamable) {
      diag.warning(fmt::format("{} media do not use streaming sidecars (video and audio do)",
                               crypto::toString(type)));
    }
    result = builder.finish();
  }
  if (auto ok = writeResult(o, result); !ok) return report(diag, ok.error());
  return tools::kExitOk;
}

int runVerify(EncryptedInput& input, const crypto::MediaKeys& keys, tools::Diagnostics& diag,
              const std::optional<crypto::Bytes>& sidecar, const std::optional<crypto::Bytes>& first_frame_sidecar,
              std::optional<std::uint64_t> first_frame_length) {
  if (sidecar) {
    auto ok = crypto::verifySidecar(keys, *input.size(), input.readAt(), *sidecar);
    if (!ok) {
      Failure f = cryptoFailure(input.name(), ok.error());
      if (ok.error().code == crypto::ErrorCode::AuthenticationFailed) addMacNote(f, input, keys, false);
      return report(diag, f);
    }
    const std::uint64_t entries = crypto::sidecarEntryCount(*input.size());
    std::printf("streaming sidecar ok: %llu %s %llu bytes\n", static_cast<unsigned long long>(entries),
                entries == 1 ? "entry matches" : "entries match", static_cast<unsigned long long>(*input.size()));
  }
  if (first_frame_sidecar) {
    auto prefix = readPrefix(input, firstFrameSpan(*first_frame_length));
    if (!prefix) return report(diag, prefix.error());
    auto ok = crypto::verifyFirstFrameSidecar(keys, *prefix, *first_frame_length, *first_frame_sidecar);
    if (!ok) {
      Failure f = cryptoFailure(input.name(), ok.error());
      if (ok.error().code == crypto::ErrorCode::AuthenticationFailed) addMacNote(f, input, keys, true);
      return report(diag, f);
    }
    std::printf("first-frame sidecar ok: first frame of %llu bytes\n",
                static_cast<unsigned long long>(*first_frame_length));
  }
  std::fflush(stdout);
  return tools::kExitOk;
}

}  // namespace

int runSidecar(const SidecarOptions& o, tools::Diagnostics& diag) {
  auto params = resolveMedia(o.media);
  if (!params) return report(diag, params.error());
  if (tools::isStdio(o.input) && o.media.message_file == "-")
    return report(diag, usageFailure("--message - and the encrypted file cannot both be standard input"));

  std::optional<crypto::Bytes> sidecar;
  std::optional<crypto::Bytes> first_frame_sidecar;
  std::optional<std::uint64_t> first_frame_length = o.first_frame_length;
  if (!o.make) {
    if (!o.sidecar.empty()) {
      auto decoded = decodeSidecarArgument("--sidecar", o.sidecar);
      if (!decoded) return report(diag, decoded.error());
      sidecar = std::move(*decoded);
    }
    if (!o.first_frame_sidecar.empty()) {
      auto decoded = decodeSidecarArgument("--first-frame-sidecar", o.first_frame_sidecar);
      if (!decoded) return report(diag, decoded.error());
      first_frame_sidecar = std::move(*decoded);
    }
    if (o.sidecar.empty() && o.first_frame_sidecar.empty()) {
      sidecar = params->streaming_sidecar;
      first_frame_sidecar = params->first_frame_sidecar;
    }
    if (!first_frame_length) first_frame_length = params->first_frame_length;
    if (!sidecar && !first_frame_sidecar) {
      return report(diag, usageFailure("nothing to verify: give --sidecar or --first-frame-sidecar, or a --message "
                                       "with a streamingSidecar or firstFrameSidecar"));
    }
    if (first_frame_sidecar && !first_frame_length)
      return report(diag, usageFailure("--first-frame-sidecar needs --first-frame-length"));
  }

  auto input = EncryptedInput::open(o.input);
  if (!input) return report(diag, ioFailure(input.error()));
  const bool need_seek = !o.make || params->type_auto || o.first_frame_length;
  if (need_seek && !input->seekable()) {
    if (auto ok = input->spool(); !ok) return report(diag, ioFailure(ok.error()));
  }
  if (auto problem = precheckInput(*input, *params)) return report(diag, *problem);
  tools::ProgressBar progress = makeProgress("sidecar", *input, params->type_auto ? 2 : 1, o.progress);
  auto typed = expandKeysFor(*input, *params, crypto::MediaType::Video, diag, progress);
  if (!typed) return report(diag, typed.error());
  if (o.make) {
    return runMake(o, *params, *input, typed->keys, typed->type, diag, progress,
                   params->type_auto ? *input->size() : 0);
  }
  progress.finish();
  return runVerify(*input, typed->keys, diag, sidecar, first_frame_sidecar, first_frame_length);
}

}  // namespace wa::wamedia
