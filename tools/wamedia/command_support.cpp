// Shared subcommand logic: failures, option and message resolution, type probing, failure analysis.
#include "wamedia/command_support.h"

#include <algorithm>

#include <unistd.h>

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/crypto/media_probe.h"
#include "wa/crypto/primitives.h"
#include "wa/support/read_buffer.h"

namespace wa::wamedia {

Failure cryptoFailure(const std::string& input_name, const crypto::Error& error) {
  int code = tools::kExitRecordsFailed;
  if (error.code == crypto::ErrorCode::Io) code = tools::kExitIo;
  if (error.code == crypto::ErrorCode::Unsupported || error.stage == crypto::Stage::Key) code = tools::kExitUsage;
  return {code, input_name + ": " + crypto::describe(error), {}};
}

namespace {

Outcome<crypto::Bytes> decodeValue(const std::string& option, const std::string& value) {
  auto bytes = crypto::decodeKeyValue(value);
  if (!bytes) return tl::unexpected(usageFailure(option + ": " + bytes.error().message));
  return std::move(*bytes);
}

template <std::size_t N>
Outcome<std::array<std::uint8_t, N>> decodeFixed(const std::string& option, const std::string& value) {
  auto bytes = decodeValue(option, value);
  if (!bytes) return tl::unexpected(bytes.error());
  auto fixed = crypto::toFixed<N>(*bytes, option);
  if (!fixed) return tl::unexpected(usageFailure(fixed.error().message));
  return *fixed;
}

Outcome<MediaMessage> loadMessage(const MediaSelection& selection) {
  const std::string name = tools::inputName(selection.message_file);
  auto text = tools::readWholeInput(selection.message_file);
  if (!text) return tl::unexpected(std::move(text.error()));
  auto found = findMediaMessages(*text, selection.index + 1);
  if (!found) return tl::unexpected(usageFailure("--message " + name + ": " + found.error()));
  if (found->empty()) {
    Failure f = usageFailure("--message " + name + ": no media message found");
    f.notes.push_back(
        "looked for imageMessage, videoMessage, audioMessage, documentMessage and stickerMessage in decoded records, "
        "node JSON, WebMessageInfo and Message JSON");
    return tl::unexpected(f);
  }
  if (found->size() <= selection.index) {
    return tl::unexpected(usageFailure(fmt::format("--message {}: --index {} but there {} only {} media message{}",
                                                   name, selection.index, found->size() == 1 ? "is" : "are",
                                                   found->size(), found->size() == 1 ? "" : "s")));
  }
  MediaMessage m = std::move((*found)[selection.index]);
  if (!m.problem.empty()) return tl::unexpected(usageFailure("--message " + name + ": " + m.location + ": " + m.problem));
  return m;
}

std::string typeList(const std::vector<crypto::MediaType>& types) {
  std::string out;
  for (const crypto::MediaType t : types) {
    if (!out.empty()) out += ", ";
    out += crypto::toString(t);
  }
  return out;
}

}  // namespace

Outcome<MediaParams> resolveMedia(const MediaSelection& selection, const ResolveRules& rules) {
  MediaParams p;
  if (!selection.message_file.empty()) {
    auto m = loadMessage(selection);
    if (!m) return tl::unexpected(m.error());
    p.message = std::move(*m);
    const MediaMessage& msg = *p.message;
    const std::string where = "--message " + tools::inputName(selection.message_file) + ": " + msg.location + ": ";
    if (msg.media_key && selection.key.empty()) {
      auto key = crypto::toFixed<32>(*msg.media_key, (msg.field.empty() ? "" : msg.field + ".") + "mediaKey");
      if (!key) return tl::unexpected(usageFailure(where + key.error().message));
      p.media_key = *key;
    }
    static_cast<MediaFacts&>(p) = msg;  // the options below override them
  }
  if (!selection.key.empty()) {
    auto key = decodeFixed<32>("--key", selection.key);
    if (!key) return tl::unexpected(key.error());
    p.media_key = *key;
  }
  if (!selection.type.empty()) {
    if (selection.type == "auto") {
      if (!rules.allow_auto) return tl::unexpected(usageFailure("--type auto is not possible here: name the type"));
      p.type_auto = true;
      // A message's type still breaks ties between types that share a label.
    } else if (selection.type == "all" && rules.allow_all) {
      p.type_all = true;
    } else {
      auto type = crypto::parseMediaType(selection.type);
      if (!type) return tl::unexpected(usageFailure("--type: " + type.error().message));
      p.type = *type;
    }
  }
  if (!p.type_auto && !p.type_all) {
    if (!p.type) {
      return tl::unexpected(usageFailure(p.message ? "the message does not say its media type: give --type"
                                                   : "no media type: give --type (or --type auto), or --message"));
    }
    if (auto info = crypto::mediaHkdfInfo(*p.type); !info)
      return tl::unexpected(usageFailure("--type: " + info.error().message));
  }
  if (rules.need_key && !p.media_key) {
    return tl::unexpected(usageFailure(p.message ? "the message has no mediaKey: give --key"
                                                 : "no media key: give --key, or --message"));
  }
  if (!selection.file_sha256.empty()) {
    auto d = decodeFixed<32>("--file-sha256", selection.file_sha256);
    if (!d) return tl::unexpected(d.error());
    p.file_sha256 = *d;
  }
  if (!selection.file_enc_sha256.empty()) {
    auto d = decodeFixed<32>("--file-enc-sha256", selection.file_enc_sha256);
    if (!d) return tl::unexpected(d.error());
    p.file_enc_sha256 = *d;
  }
  if (selection.file_length) p.file_length = selection.file_length;
  return p;
}

Outcome<crypto::Bytes> decodeSidecarArgument(const std::string& option, const std::string& value) {
  if (value.starts_with("@")) {
    auto raw = tools::readWholeInput(value.substr(1));
    if (!raw) return tl::unexpected(ioFailure(option + ": " + raw.error().message));
    return crypto::Bytes(raw->begin(), raw->end());
  }
  return decodeValue(option, value);
}

tools::ProgressBar makeProgress(const std::string& label, const EncryptedInput& input, int passes,
                                tools::ColorMode mode) {
  const std::uint64_t total = input.size().value_or(0) * static_cast<std::uint64_t>(passes);
  const bool enabled = tools::ProgressBar::wanted(mode, input.size() ? total : (8u << 20));
  return tools::ProgressBar(label, total, enabled);
}

namespace {

// Reads the whole (seekable) input once, handing each piece to `consume`.
crypto::Expected<void> readAll(EncryptedInput& input, const std::function<void(crypto::ByteView)>& consume,
                               tools::ProgressBar* progress, std::uint64_t progress_base) {
  const crypto::ReadAt read_at = input.readAt();
  const std::uint64_t size = input.size().value_or(0);
  support::ReadBuffer buffer(static_cast<std::size_t>(std::min<std::uint64_t>(kIoBufferSize, size)));
  for (std::uint64_t at = 0; at < size;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - at));
    if (auto ok = read_at(at, crypto::MutableByteView(buffer.data(), n)); !ok) return ok;
    consume(crypto::ByteView(buffer.data(), n));
    at += n;
    if (progress) progress->update(progress_base + at);
  }
  return {};
}

std::string labelNote(crypto::MediaType found, const std::string& prefix) {
  std::vector<crypto::MediaType> others = crypto::mediaTypesSharingKeys(found);
  others.erase(others.begin());
  std::string note = fmt::format("{} type {} ('{}'", prefix, crypto::toString(found),
                                 crypto::mediaTypeInfo(found).hkdf_info);
  if (!others.empty()) note += ", shared by " + typeList(others);
  return note + ")";
}

// Types, the first of which is the type of the params when it shares the label found.
crypto::MediaType preferred(crypto::MediaType found, const MediaParams& params) {
  if (params.type && crypto::mediaTypeInfo(*params.type).hkdf_info == crypto::mediaTypeInfo(found).hkdf_info)
    return *params.type;
  return found;
}

bool isSizeOrMacError(const crypto::Error& e) {
  if (e.stage == crypto::Stage::Hmac) return true;
  return e.stage == crypto::Stage::Media &&
         (e.code == crypto::ErrorCode::Truncated || e.code == crypto::ErrorCode::Invalid);
}

bool isDefinite(crypto::MediaProblem p) {
  using P = crypto::MediaProblem;
  return p == P::Empty || p == P::TooShort || p == P::BadLength || p == P::LooksLikeHtml || p == P::LooksLikeJson ||
         p == P::LooksLikeXml;
}

}  // namespace

Outcome<crypto::MediaType> findTypeByMac(EncryptedInput& input, const MediaParams& params, tools::Diagnostics& diag,
                                         tools::ProgressBar& progress) {
  auto probe = crypto::MediaTypeProbe::create(*params.media_key);
  if (!probe) return tl::unexpected(cryptoFailure(input.name(), probe.error()));
  if (auto ok = readAll(input, [&](crypto::ByteView b) { probe->update(b); }, &progress, 0); !ok)
    return tl::unexpected(cryptoFailure(input.name(), ok.error()));
  auto found = probe->finish();
  if (!found) return tl::unexpected(explainFailure(input, params, found.error()));
  const crypto::MediaType type = preferred(found->front(), params);
  diag.note(labelNote(type, "the mac matches"));
  return type;
}

Outcome<TypedKeys> expandKeysFor(EncryptedInput& input, const MediaParams& params, crypto::MediaType fallback,
                                 tools::Diagnostics& diag, tools::ProgressBar& progress) {
  crypto::MediaType type = params.type.value_or(fallback);
  if (params.type_auto) {
    auto found = findTypeByMac(input, params, diag, progress);
    if (!found) return tl::unexpected(found.error());
    type = *found;
  }
  auto keys = crypto::expandMediaKey(*params.media_key, type);
  if (!keys) return tl::unexpected(cryptoFailure(input.name(), keys.error()));
  return TypedKeys{type, *keys};
}

std::optional<Failure> precheckInput(const EncryptedInput& input, const MediaParams& params) {
  if (!input.size()) return std::nullopt;
  const std::uint64_t size = *input.size();
  const crypto::MediaDiagnosis d = crypto::diagnoseMedia(input.head(), size, params.file_length);
  // A file shorter or longer than announced may still be authentic (the MAC decides), unless its
  // length is impossible anyway.
  const bool impossible_length = size < crypto::kMinEncryptedMediaSize || (size - crypto::kMediaMacSize) % 16 != 0;
  if (!isDefinite(d.problem) && !(d.problem != crypto::MediaProblem::None && impossible_length)) return std::nullopt;
  return Failure{tools::kExitRecordsFailed, input.name() + ": " + d.message, {}};
}

Failure explainFailure(EncryptedInput& input, const MediaParams& params, const crypto::Error& error) {
  Failure failure = cryptoFailure(input.name(), error);
  if (failure.exit_code != tools::kExitRecordsFailed || !isSizeOrMacError(error) || !input.size()) return failure;
  const crypto::MediaDiagnosis d = crypto::diagnoseMedia(input.head(), *input.size(), params.file_length);
  if (d.problem != crypto::MediaProblem::None) {
    Failure named{tools::kExitRecordsFailed, input.name() + ": " + d.message, {}};
    if (!isDefinite(d.problem)) named.notes.push_back(crypto::describe(error));
    return named;
  }
  if (error.stage != crypto::Stage::Hmac || !input.seekable() || !params.media_key) return failure;
  // Read the file once more: does another label's MAC match (unless every label was tried
  // already), is it the file the message describes?
  const bool want_probe = !params.type_auto;
  const bool want_sha = params.file_enc_sha256.has_value();
  if (!want_probe && !want_sha) return failure;
  auto probe = crypto::MediaTypeProbe::create(*params.media_key);
  if (!probe) return failure;
  crypto::Sha256 sha;
  auto read = readAll(
      input,
      [&](crypto::ByteView b) {
        if (want_probe) probe->update(b);
        if (want_sha) sha.update(b);
      },
      nullptr, 0);
  if (!read) return failure;
  if (want_probe) {
    if (auto found = probe->finish(); found) {
      const crypto::MediaType type = preferred(found->front(), params);
      failure.notes.push_back(labelNote(type, "the media key is right but the type is not: the mac matches") +
                              fmt::format(": use --type {}", crypto::toString(type)));
      return failure;
    }
  }
  if (want_sha) {
    if (crypto::constantTimeEqual(sha.finish(), *params.file_enc_sha256)) {
      failure.notes.push_back(
          "the file is the one the message describes (fileEncSha256 matches): the media key does not belong to it");
    } else {
      failure.notes.push_back(
          "the file is not the one the message describes (fileEncSha256 differs): a different or damaged download");
    }
  } else {
    failure.notes.push_back("no other media type's mac matches either: the media key is wrong or the file is damaged");
  }
  return failure;
}

void warnFileLength(tools::Diagnostics& diag, const MediaParams& params, std::uint64_t plaintext_length) {
  if (params.file_length && *params.file_length != plaintext_length) {
    diag.warning(fmt::format("fileLength mismatch: the message announces {} bytes, the file decrypted to {}",
                             *params.file_length, plaintext_length));
  }
}

std::optional<Failure> refuseTerminal(bool writes_stdout) {
  if (writes_stdout && ::isatty(STDOUT_FILENO)) {
    return usageFailure("refusing to write binary media to a terminal: give -o FILE or redirect standard output");
  }
  return std::nullopt;
}

}  // namespace wa::wamedia
