// wamedia decrypt: whole files (one verified pass to a file, or verify-first to standard output) and
// sidecar-checked byte ranges.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "common/atomic_output.h"
#include "common/background_writer.h"
#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/sidecar.h"
#include "wamedia/command_support.h"
#include "wamedia/commands.h"
#include "wa/support/read_buffer.h"

namespace wa::wamedia {
namespace {

// Plaintext [begin, end) with end exclusive (nullopt = to the end).
struct PlainRange {
  std::uint64_t begin = 0;
  std::optional<std::uint64_t> end;
};

std::optional<std::uint64_t> parseNumber(std::string_view text) {
  std::uint64_t n = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

Outcome<PlainRange> parseRange(const std::string& text) {
  const auto dash = text.find('-');
  const Failure bad = usageFailure("--range: '" + text + "' is not A-B or A- (byte offsets, B inclusive)");
  if (dash == std::string::npos) return tl::unexpected(bad);
  const auto first = parseNumber(std::string_view(text).substr(0, dash));
  const std::string_view last_text = std::string_view(text).substr(dash + 1);
  if (!first) return tl::unexpected(bad);
  PlainRange r{*first, std::nullopt};
  if (!last_text.empty()) {
    const auto last = parseNumber(last_text);
    if (!last || *last == UINT64_MAX) return tl::unexpected(bad);
    if (*last < *first) return tl::unexpected(usageFailure("--range: the last byte comes before the first"));
    r.end = *last + 1;
  }
  return r;
}

// One pass: plaintext goes to the (temporary) output as it is decrypted, written on a second thread
// while the next piece is decrypted; the caller commits it only when the stream finished cleanly.
Outcome<std::uint64_t> decryptInOnePass(EncryptedInput& input, const MediaParams& params,
                                        const crypto::MediaKeys& keys, const crypto::MediaDecryptOptions& checks,
                                        tools::AtomicOutput& out, tools::ProgressBar& progress,
                                        std::uint64_t progress_base) {
  crypto::MediaDecryptStream stream(keys, checks);
  support::ReadBuffer in_buf(kIoBufferSize);
  tools::BackgroundWriter writer(out, crypto::MediaDecryptStream::outputBound(kIoBufferSize));
  for (;;) {
    auto n = input.read(in_buf.bytes());
    if (!n) return tl::unexpected(ioFailure(n.error()));
    if (*n == 0) break;
    auto buffer = writer.acquire();
    if (!buffer) return tl::unexpected(ioFailure(buffer.error()));
    auto produced = stream.updateInto(crypto::ByteView(in_buf.data(), *n), *buffer);
    if (!produced) return tl::unexpected(explainFailure(input, params, produced.error()));
    writer.submit(*produced);
    progress.update(progress_base + stream.bytesIn());
  }
  auto buffer = writer.acquire();
  if (!buffer) return tl::unexpected(ioFailure(buffer.error()));
  auto last = stream.finishInto(*buffer);
  if (!last) {
    writer.submit(0);
    (void)writer.finish();  // out.bytesWritten() is read below
    Failure f = explainFailure(input, params, last.error());
    if (out.isStdout() && out.bytesWritten() > 0) {
      f.notes.push_back(fmt::format("{} bytes of unverified plaintext went to standard output already",
                                    out.bytesWritten()));
    }
    return tl::unexpected(f);
  }
  writer.submit(*last);
  if (auto ok = writer.finish(); !ok) return tl::unexpected(ioFailure(ok.error()));
  return stream.bytesOut();
}

// Two passes over a seekable input: nothing is written before the MAC has been checked.
Outcome<std::uint64_t> decryptVerifyingFirst(EncryptedInput& input, const MediaParams& params,
                                             const crypto::MediaKeys& keys, const crypto::MediaDecryptOptions& checks,
                                             tools::AtomicOutput& out, tools::ProgressBar& progress,
                                             std::uint64_t progress_base) {
  const crypto::ReadAt raw = input.readAt();
  std::uint64_t done = progress_base;
  const crypto::ReadAt counted = [&](std::uint64_t offset, crypto::MutableByteView buf) {
    auto ok = raw(offset, buf);
    done += buf.size();
    progress.update(done);
    return ok;
  };
  std::string write_error;
  const crypto::PlaintextSink sink = [&](crypto::ByteView plain) -> crypto::Expected<void> {
    if (auto ok = out.write(plain); !ok) {
      write_error = ok.error();
      return crypto::makeError(crypto::ErrorCode::Io, crypto::Stage::Media, 0, ok.error());
    }
    return {};
  };
  auto ok = crypto::decryptMediaVerifyFirst(keys, *input.size(), counted, sink, checks, kIoBufferSize);
  if (!ok) {
    if (!write_error.empty()) return tl::unexpected(ioFailure(write_error));
    Failure f = explainFailure(input, params, ok.error());
    if (out.bytesWritten() > 0 && crypto::sourceChangedBetweenPasses(ok.error())) {
      f.notes.push_back(fmt::format("{} bytes of plaintext went to standard output already (from bytes that were "
                                    "the ones authenticated)",
                                    out.bytesWritten()));
    } else if (out.bytesWritten() > 0) {
      f.notes.push_back(fmt::format("{} bytes of plaintext went to standard output already (the mac matched; this "
                                    "check needs the whole plaintext)",
                                    out.bytesWritten()));
    }
    return tl::unexpected(f);
  }
  return out.bytesWritten();
}

// Plaintext bytes of a range, a megabyte at a time, each sidecar chunk checked before use.
Outcome<std::uint64_t> decryptByteRange(EncryptedInput& input, const crypto::MediaKeys& keys,
                                        const crypto::Bytes& sidecar, PlainRange range, tools::AtomicOutput& out) {
  const std::uint64_t size = *input.size();
  const crypto::ReadAt read_at = input.readAt();
  constexpr std::uint64_t kPiece = 16 * crypto::kSidecarChunkSize;
  const std::uint64_t end = range.end.value_or(UINT64_MAX);
  for (std::uint64_t from = range.begin; from < end;) {
    const std::uint64_t to = std::min(end, (from / kPiece + 1) * kPiece);
    auto plain = crypto::decryptRange(keys, sidecar, size, read_at, from, to);
    if (!plain) return tl::unexpected(cryptoFailure(input.name(), plain.error()));
    if (plain->empty()) break;
    auto ok = out.write(*plain);
    crypto::secureWipe(*plain);
    if (!ok) return tl::unexpected(ioFailure(ok.error()));
    if (plain->size() < to - from) break;  // the plaintext ended inside this piece
    from = to;
  }
  return out.bytesWritten();
}

Outcome<std::uint64_t> runRange(const DecryptOptions& o, EncryptedInput& input, const MediaParams& params,
                                const crypto::MediaKeys& keys, tools::AtomicOutput& out) {
  auto range = parseRange(o.range);
  if (!range) return tl::unexpected(range.error());
  std::optional<crypto::Bytes> sidecar = params.streaming_sidecar;
  if (!o.sidecar.empty()) {
    auto decoded = decodeSidecarArgument("--sidecar", o.sidecar);
    if (!decoded) return tl::unexpected(decoded.error());
    sidecar = std::move(*decoded);
  }
  if (!sidecar) {
    return tl::unexpected(
        usageFailure("--range needs the streaming sidecar: give --sidecar, or --message with a streamingSidecar"));
  }
  return decryptByteRange(input, keys, *sidecar, *range, out);
}

}  // namespace

int runDecrypt(const DecryptOptions& o, tools::Diagnostics& diag) {
  auto params = resolveMedia(o.media);
  if (!params) return report(diag, params.error());
  const bool input_is_stdin = tools::isStdio(o.input);
  if (input_is_stdin && o.media.message_file == "-")
    return report(diag, usageFailure("--message - and the encrypted file cannot both be standard input"));
  if (!o.range.empty() && params->type_auto)
    return report(diag, usageFailure("--range needs the media type (auto reads the whole file): give --type"));

  std::string output = o.output;
  const bool auto_named = output.empty() && params->message;
  if (auto_named) output = outputNameFor(*params->message);
  const bool to_stdout = tools::isStdio(output);
  if (auto refuse = refuseTerminal(to_stdout)) return report(diag, *refuse);

  auto input = EncryptedInput::open(o.input);
  if (!input) return report(diag, ioFailure(input.error()));
  const bool verify_first = to_stdout && o.verify_first && o.verify_mac && o.range.empty();
  const bool need_seek = params->type_auto || verify_first || !o.range.empty();
  const int passes = (params->type_auto ? 1 : 0) + (verify_first ? 2 : 1);

  if (need_seek && !input->seekable()) {
    tools::ProgressBar spooling("spooling", 0, tools::ProgressBar::wanted(o.progress, 8u << 20));
    if (auto ok = input->spool([&](std::uint64_t n) { spooling.update(n); }); !ok)
      return report(diag, ioFailure(ok.error()));
  }
  if (auto problem = precheckInput(*input, *params)) {
    if (o.verify_mac || !o.range.empty()) return report(diag, *problem);
    diag.warning(problem->message);
  }
  tools::ProgressBar progress = makeProgress("decrypt", *input, passes, o.progress);
  auto typed = expandKeysFor(*input, *params, crypto::MediaType::Image, diag, progress);
  if (!typed) return report(diag, typed.error());
  const crypto::MediaKeys& keys = typed->keys;

  auto out = tools::AtomicOutput::open(output);
  if (!out) return report(diag, ioFailure(out.error()));
  crypto::MediaDecryptOptions checks;
  checks.verify_mac = o.verify_mac;
  if (o.verify_mac) {
    checks.file_sha256 = params->file_sha256;
    checks.file_enc_sha256 = params->file_enc_sha256;
  }
  const std::uint64_t base = params->type_auto ? input->size().value_or(0) : 0;
  Outcome<std::uint64_t> written =
      !o.range.empty() ? runRange(o, *input, *params, keys, *out)
      : verify_first   ? decryptVerifyingFirst(*input, *params, keys, checks, *out, progress, base)
                       : decryptInOnePass(*input, *params, keys, checks, *out, progress, base);
  progress.finish();
  if (!written) {
    out->discard();
    return report(diag, written.error());
  }
  if (auto ok = out->commit(); !ok) return report(diag, ioFailure(ok.error()));
  if (o.range.empty()) {
    if (o.verify_mac) warnFileLength(diag, *params, *written);
  }
  if (auto_named) diag.note(fmt::format("wrote {} ({} bytes)", output, *written));
  return tools::kExitOk;
}

}  // namespace wa::wamedia
