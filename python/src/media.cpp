// media.decrypt and media.encrypt.
#include "media.h"

#include "errors.h"
#include "json_objects.h"
#include "node.h"
#include "wa/crypto/bytes.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_explain.h"
#include "wa/crypto/media_probe.h"
#include "wa/crypto/primitives.h"

namespace wa::python {
namespace {

std::string bytesArgument(const py::handle& value, const char* what) {
  if (py::isinstance<py::bytes>(value)) return value.cast<std::string>();
  if (py::isinstance<py::bytearray>(value))
    return std::string(PyByteArray_AsString(value.ptr()), static_cast<std::size_t>(PyByteArray_Size(value.ptr())));
  if (py::isinstance<py::memoryview>(value)) return py::bytes(value.attr("tobytes")()).cast<std::string>();
  throw py::type_error(std::string(what) + " must be bytes-like");
}

// A media key: 32 bytes, or base64 / hex:... text as in a message.
std::string keyArgument(const py::handle& value) {
  if (py::isinstance<py::str>(value)) {
    auto decoded = crypto::decodeKeyValue(value.cast<std::string>());
    if (!decoded) {
      crypto::Error e = decoded.error();
      e.message = "media_key: " + e.message;
      raise(ErrorKind::Media, e);
    }
    return std::string(decoded->begin(), decoded->end());
  }
  return bytesArgument(value, "media_key");
}

crypto::MediaType typeArgument(const std::string& name) {
  auto type = crypto::parseMediaType(name);
  if (!type) raise(ErrorKind::Media, type.error());
  return *type;
}

// Raises the failure of decrypting `data` as wamedia explains it: the message, then its notes.
[[noreturn]] void raiseMediaFailure(const crypto::Error& error, std::string_view data, std::string_view key,
                                    crypto::MediaType type) {
  crypto::MediaFailureFacts facts;
  facts.asked = type;
  facts.diagnosis = crypto::diagnoseMedia(crypto::asBytes(data.substr(0, 64)), data.size());
  if (error.stage == crypto::Stage::Hmac && facts.diagnosis.problem == crypto::MediaProblem::None) {
    py::gil_scoped_release unlocked;
    if (auto found = crypto::probeMediaType(crypto::asBytes(key), crypto::asBytes(data)))
      facts.matching_types = std::move(*found);
    else
      facts.matching_types.emplace();
  }
  const crypto::MediaFailureText text = crypto::explainMediaFailure(error, facts, "media_type=");
  std::string message = text.message;
  for (const auto& note : text.notes) message += "; " + note;
  raise(ErrorKind::Media, toString(error.stage), error.offset, support::toString(error.code), error.message, message);
}

}  // namespace

void registerMedia(py::module_& m) {
  py::module_ media = m.def_submodule("media", "Media files: decrypt and encrypt, as wamedia does, in memory.");
  media.def(
      "decrypt",
      [](const py::object& data, const py::object& media_key, const std::string& media_type) {
        const std::string enc = bytesArgument(data, "data");
        const std::string key = keyArgument(media_key);
        const crypto::MediaType type = typeArgument(media_type);
        auto keys = crypto::expandMediaKey(crypto::asBytes(key), type);
        if (!keys) raise(ErrorKind::Media, keys.error());
        std::string plain(crypto::maxPlaintextSize(enc.size()), '\0');
        crypto::Expected<std::size_t> n;
        {
          py::gil_scoped_release unlocked;
          n = crypto::decryptMediaInto(*keys, crypto::asBytes(enc),
                                       crypto::MutableByteView(reinterpret_cast<std::uint8_t*>(plain.data()), plain.size()));
        }
        if (!n) raiseMediaFailure(n.error(), enc, key, type);
        plain.resize(*n);
        return py::bytes(plain);
      },
      py::arg("data"), py::arg("media_key"), py::arg("media_type"),
      R"doc(Decrypts an encrypted media file (ciphertext and its 10-byte MAC) with the message's
mediaKey (32 bytes, or base64 / "hex:..." text) for a media type ('image', 'video', 'audio',
'document', 'sticker', 'ptt', 'gif', ...). The MAC is checked before any plaintext is released.
Raises MediaError naming the problem as wamedia does: an HTML page or a bad length instead of media,
or a MAC that matches another type ("use media_type=video").)doc");

  media.def(
      "encrypt",
      [](const py::object& data, const std::string& media_type, const py::object& media_key) {
        const std::string plain = bytesArgument(data, "data");
        const crypto::MediaType type = typeArgument(media_type);
        crypto::MediaEncryptOptions options;
        if (!media_key.is_none()) {
          const std::string key = keyArgument(media_key);
          auto fixed = crypto::toFixed<32>(crypto::asBytes(key), "media_key");
          if (!fixed) raise(ErrorKind::Media, fixed.error());
          options.media_key = *fixed;
        }
        crypto::Expected<crypto::EncryptedMedia> out;
        {
          py::gil_scoped_release unlocked;
          out = crypto::encryptMedia(crypto::asBytes(plain), type, options);
        }
        if (!out) raise(ErrorKind::Media, out.error());
        const std::string info = crypto::mediaInfoJson(type, out->media_key, out->info, std::nullopt, false);
        py::bytes encrypted(reinterpret_cast<const char*>(out->enc_and_mac.data()), out->enc_and_mac.size());
        return py::make_tuple(encrypted, jsonToPython(info));
      },
      py::arg("data"), py::arg("media_type"), py::arg("media_key") = py::none(),
      R"doc(Encrypts a file for a media type with the given mediaKey (a fresh random one when None).

Returns (encrypted bytes, info): info is the document wamedia encrypt prints, {"type", "mediaKey",
"fileSha256", "fileEncSha256", "fileLength", ["streamingSidecar"]}, byte values in base64.)doc");
}

}  // namespace wa::python
