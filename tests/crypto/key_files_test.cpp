// Tests for key files: the project format (with connections), the four foreign session formats,
// detection, value encodings, every error message, and the writer round trip.
#include "wa/crypto/key_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "crypto/test_support.h"

namespace wa::crypto {
namespace {

using test::FailsWith;
using test::FailsWithMessage;
using test::Succeeds;

Key32 counting(std::uint8_t first) {
  Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(first + i);
  return k;
}

const Key32 kEnc = counting(0x40);
const Key32 kMac = counting(0x80);
const std::string kEncB64 = base64Encode(kEnc);
const std::string kMacB64 = base64Encode(kMac);

// The session vector of session_test.cpp: this private key and secret derive kEnc/kMac.
const Key32 kPrivate = counting(0x01);
constexpr std::string_view kSecretHex =
    "5869aff450549732cbaaed5e5df9b30a6da31cb0e5742bad5ad4a1a768f1a67b7c08f042dfd4730221c78845c9167032ccefdac2d90dbc54"
    "b1102f4e15b3912c9d703a43151282524c9eb461698dbc08bead74fa964b3b780cd89e5c3bc9776eea9072218f4076848f0f410e48181e3b"
    "96fdeaefe3e95b509cd5d2e364c30877dad369cc7462850e726ca1c2ff12657f";

Expected<KeyFile> parse(const std::string& text) { return parseKeyFile(text); }

// ---- Project format -----------------------------------------------------------------------------

TEST(ProjectKeyFile, EncAndMacWithTokens) {
  auto file = parse(fmt::format(R"({{"encKey": "{}", "macKey": "{}", "clientId": "Y2xpZW50LWlk",
      "clientToken": "ct", "serverToken": "1@st", "browserToken": "bt", "wid": "15550000000@c.us"}})",
                                kEncB64, kMacB64));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->format, KeyFileFormat::Project);
  EXPECT_EQ(file->enc_key, kEnc);
  EXPECT_EQ(file->mac_key, kMac);
  EXPECT_EQ(file->client_id, "Y2xpZW50LWlk");
  EXPECT_EQ(file->client_token, "ct");
  EXPECT_EQ(file->server_token, "1@st");
  EXPECT_EQ(file->browser_token, "bt");
  EXPECT_EQ(file->wid, "15550000000@c.us");
  auto keys = file->sessionKeys();
  ASSERT_THAT(keys, Succeeds());
  EXPECT_EQ(keys->enc_key, kEnc);
}

TEST(ProjectKeyFile, ValueEncodings) {
  const std::string url = base64UrlEncode(kEnc, /*pad=*/false);
  auto file = parse(fmt::format(R"({{"encKey": "{}", "macKey": "hex:{}"}})", url, hexEncode(kMac)));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->enc_key, kEnc);
  EXPECT_EQ(file->mac_key, kMac);
}

TEST(ProjectKeyFile, PrivateKeyAndSecretDerive) {
  auto file = parse(fmt::format(R"({{"privateKey": "{}", "secret": "hex:{}"}})", base64Encode(kPrivate), kSecretHex));
  ASSERT_THAT(file, Succeeds());
  ASSERT_TRUE(file->secret.has_value());
  EXPECT_EQ(file->secret->size(), 144u);
  auto keys = file->sessionKeys();
  ASSERT_THAT(keys, Succeeds());
  EXPECT_EQ(keys->enc_key, kEnc);
  EXPECT_EQ(keys->mac_key, kMac);
}

TEST(ProjectKeyFile, PrivateKeyAloneWaitsForTheCapturesSecret) {
  auto file = parse(fmt::format(R"({{"privateKey": "{}"}})", base64Encode(kPrivate)));
  ASSERT_THAT(file, Succeeds());
  EXPECT_THAT(file->sessionKeys(), FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                                                    "secret: missing (the capture's Conn message carries it)"));
}

TEST(ProjectKeyFile, Connections) {
  const std::string other = base64Encode(counting(0x10));
  auto file = parse(fmt::format(R"({{"encKey": "{0}", "macKey": "{1}", "clientId": "default-id",
      "connections": {{"1": {{"clientToken": "t1"}},
                       "54321": {{"encKey": "{2}", "macKey": "{2}"}},
                       "ws-2": {{"privateKey": "{3}", "secret": "hex:{4}"}}}}}})",
                                kEncB64, kMacB64, other, base64Encode(kPrivate), kSecretHex));
  ASSERT_THAT(file, Succeeds());
  ASSERT_EQ(file->connections.size(), 3u);
  const KeyEntry one = file->forConnection("1");
  EXPECT_EQ(one.enc_key, kEnc);  // defaults
  EXPECT_EQ(one.client_token, "t1");
  EXPECT_EQ(one.client_id, "default-id");
  const KeyEntry port = file->forConnection("54321");
  EXPECT_EQ(port.enc_key, counting(0x10));
  EXPECT_EQ(port.client_id, "default-id");
  // A connection with privateKey + secret does not inherit the default encKey/macKey.
  const KeyEntry derived = file->forConnection("ws-2");
  EXPECT_FALSE(derived.enc_key.has_value());
  EXPECT_EQ(derived.sessionKeys()->mac_key, kMac);
  EXPECT_EQ(file->forConnection("unknown"), static_cast<const KeyEntry&>(*file));
}

TEST(ProjectKeyFile, PrivateKeysAndSecretsPairUpPerConnection) {
  // A default private key with per-connection secrets (one login's key, its secret given per capture).
  auto file = parse(fmt::format(R"({{"privateKey": "{}", "connections": {{"c1": {{"secret": "hex:{}"}}}}}})",
                                base64Encode(kPrivate), kSecretHex));
  ASSERT_THAT(file, Succeeds());
  auto keys = file->forConnection("c1").sessionKeys();
  ASSERT_THAT(keys, Succeeds());
  EXPECT_EQ(keys->enc_key, kEnc);
  // A connection's own private key does not inherit the defaults' secret, which was made for another.
  auto other = parse(fmt::format(R"({{"privateKey": "{}", "secret": "hex:{}", "connections": {{"c2": {{"privateKey": "{}"}}}}}})",
                                 base64Encode(kPrivate), kSecretHex, base64Encode(counting(0x05))));
  ASSERT_THAT(other, Succeeds());
  EXPECT_FALSE(other->forConnection("c2").secret.has_value());
  EXPECT_THAT(other->forConnection("c2").sessionKeys(), FailsWith(ErrorCode::Invalid, Stage::KeyFile, 0));
  EXPECT_THAT(parse(fmt::format(R"({{"encKey": "{}", "macKey": "{}", "connections": {{"c3": {{"secret": "hex:{}"}}}}}})",
                                kEncB64, kMacB64, kSecretHex)),
              Succeeds());  // encKey/macKey in effect: the secret is simply not needed
  EXPECT_THAT(parse(fmt::format(R"({{"connections": {{"c4": {{"secret": "hex:{}"}}}}}})", kSecretHex)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "connections.c4.privateKey: missing (a secret needs the private key it was made for)"));
}

TEST(ProjectKeyFile, ConnectionsWithoutDefaults) {
  auto file = parse(fmt::format(R"({{"connections": {{"a": {{"encKey": "{}", "macKey": "{}"}}}}}})", kEncB64, kMacB64));
  ASSERT_THAT(file, Succeeds());
  EXPECT_FALSE(file->hasKeyMaterial());
  EXPECT_TRUE(file->forConnection("a").hasKeyMaterial());
  EXPECT_THAT(parse(R"({"connections": {"a": {"clientToken": "x"}}})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "connections.a: encKey: missing (give encKey and macKey, or privateKey)"));
}

TEST(ProjectKeyFile, FieldErrorsNameTheFieldAndNeverTheValue) {
  const std::string short_key = base64Encode(Bytes(31, 0x41));
  EXPECT_THAT(parse(fmt::format(R"({{"encKey": "{}", "macKey": "{}"}})", short_key, kMacB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "encKey: 31 bytes where 32 are needed"));
  EXPECT_THAT(parse(fmt::format(R"({{"encKey": "{}"}})", kEncB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "macKey: missing"));
  EXPECT_THAT(parse(fmt::format(R"({{"macKey": "{}"}})", kMacB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "encKey: missing"));
  EXPECT_THAT(parse(R"({"privateKey": "AAAA", "secret": "not*base64"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "privateKey: 3 bytes where 32 are needed"));
  EXPECT_THAT(parse(fmt::format(R"({{"privateKey": "{}", "secret": "not*base64"}})", base64Encode(kPrivate))),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "secret: not base64 (unexpected character at offset 3)"));
  EXPECT_THAT(parse(fmt::format(R"({{"privateKey": "{}", "secret": "AAAA"}})", base64Encode(kPrivate))),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "secret: 3 bytes where 144 are needed"));
  EXPECT_THAT(parse(fmt::format(R"({{"secret": "hex:{}"}})", kSecretHex)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "privateKey: missing (a secret needs the private key it was made for)"));
  EXPECT_THAT(parse(R"({"encKey": 5, "macKey": "x"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "encKey: expected a string"));
  EXPECT_THAT(parse(R"({"clientId": "x"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "encKey: missing (give encKey and macKey, or privateKey)"));
  EXPECT_THAT(parse(fmt::format(R"({{"encKey": "{}", "macKey": "{}", "connections": []}})", kEncB64, kMacB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "connections: expected an object"));
  EXPECT_THAT(parse(fmt::format(R"({{"connections": {{"7": {{"encKey": "{}", "macKey": "hex:00"}}}}}})", kEncB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "connections.7.macKey: 1 byte where 32 are needed"));
}

TEST(ProjectKeyFile, SyntaxAndShapeErrors) {
  // The message gives the position, never the text around it.
  EXPECT_THAT(parse(R"({"encKey": "SECRETSECRET)"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 24,
                               "the key file is not JSON (syntax error at byte 24)"));
  EXPECT_THAT(parse("[1, 2]"), FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                                                "the key file is not a JSON object"));
  EXPECT_THAT(parse(std::string(40, '[') + std::string(40, ']')), FailsWith(ErrorCode::Invalid, Stage::KeyFile, 16));
  EXPECT_THAT(parse(std::string(kMaxKeyFileSize + 1, ' ')), FailsWith(ErrorCode::Invalid, Stage::KeyFile, 0));
  EXPECT_THAT(parse(""), FailsWith(ErrorCode::Invalid, Stage::KeyFile, 0));
}

// ---- Foreign formats ----------------------------------------------------------------------------

TEST(BaileysKeyFile, AuthInfo) {
  auto file = parse(fmt::format(R"({{"clientID": "cid==", "serverToken": "1@server", "clientToken": "client",
      "encKey": "{}", "macKey": "{}"}})",
                                kEncB64, kMacB64));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->format, KeyFileFormat::Baileys);
  EXPECT_EQ(file->client_id, "cid==");
  EXPECT_EQ(file->server_token, "1@server");
  EXPECT_EQ(file->client_token, "client");
  EXPECT_EQ(file->enc_key, kEnc);
  EXPECT_EQ(file->mac_key, kMac);
  EXPECT_THAT(parse(fmt::format(R"({{"clientID": "c", "encKey": "{}"}})", kEncB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "macKey: missing"));
  EXPECT_THAT(parse(R"({"clientID": "c"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "encKey: missing"));
}

TEST(BrowserKeyFile, LocalStorageDump) {
  const std::string bundle = fmt::format(R"({{"key":"a2V5","encKey":"{}","macKey":"{}"}})", kEncB64, kMacB64);
  std::string escaped;
  for (char c : bundle) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  auto file = parse(fmt::format(R"({{"WABrowserId": "\"browser-id==\"", "WASecretBundle": "{}",
      "WAToken1": "\"token-one=\"", "WAToken2": "\"1@token-two\"", "WAUnrelated": "x"}})",
                                escaped));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->format, KeyFileFormat::BrowserLocalStorage);
  EXPECT_EQ(file->client_id, "browser-id==");
  EXPECT_EQ(file->client_token, "token-one=");
  EXPECT_EQ(file->server_token, "1@token-two");
  EXPECT_EQ(file->enc_key, kEnc);
  EXPECT_EQ(file->mac_key, kMac);
  // The bundle may already be an object.
  auto object = parse(fmt::format(R"({{"WASecretBundle": {}}})", bundle));
  ASSERT_THAT(object, Succeeds());
  EXPECT_EQ(object->mac_key, kMac);
  EXPECT_THAT(parse(R"({"WASecretBundle": "{\"encKey\": \"AAAA\"}"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "WASecretBundle.encKey: 3 bytes where 32 are needed"));
  EXPECT_THAT(parse(R"({"WASecretBundle": "{not json"})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "WASecretBundle: not a JSON object"));
  EXPECT_THAT(parse(fmt::format(R"({{"WASecretBundle": {{"encKey": "{}"}}}})", kEncB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "WASecretBundle.macKey: missing"));
}

TEST(GoWhatsappKeyFile, Session) {
  auto file = parse(fmt::format(R"({{"ClientId": "cid", "ClientToken": "ct", "ServerToken": "st",
      "EncKey": "{}", "MacKey": "{}", "Wid": "15550000001@c.us"}})",
                                kEncB64, kMacB64));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->format, KeyFileFormat::GoWhatsapp);
  EXPECT_EQ(file->client_id, "cid");
  EXPECT_EQ(file->wid, "15550000001@c.us");
  EXPECT_EQ(file->enc_key, kEnc);
  EXPECT_THAT(parse(fmt::format(R"({{"ClientId": "c", "EncKey": "{}", "MacKey": "AAAA"}})", kEncB64)),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "MacKey: 3 bytes where 32 are needed"));
}

TEST(WebRevengKeyFile, LoginAndConnInfo) {
  auto file = parse(fmt::format(R"({{"loginInfo": {{"clientId": "cid", "serverRef": "ref", "privateKey": "{}",
      "publicKey": "{}", "key": {{"encKey": "{}", "macKey": "{}"}}}},
      "connInfo": {{"clientToken": "ct", "serverToken": "st", "browserToken": "bt", "secret": "hex:{}", "me": "15550000002@c.us"}}}})",
                                base64Encode(kPrivate), base64Encode(x25519PublicKey(kPrivate)), kEncB64, kMacB64,
                                kSecretHex));
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->format, KeyFileFormat::WebReveng);
  EXPECT_EQ(file->client_id, "cid");
  EXPECT_EQ(file->wid, "15550000002@c.us");
  EXPECT_EQ(file->browser_token, "bt");
  EXPECT_EQ(file->private_key, kPrivate);
  EXPECT_EQ(file->enc_key, kEnc);
  // Without the derived keys, privateKey + secret still give them.
  auto derived = parse(fmt::format(R"({{"loginInfo": {{"privateKey": "{}", "key": {{"encKey": null, "macKey": null}}}},
      "connInfo": {{"secret": "hex:{}"}}}})",
                                   base64Encode(kPrivate), kSecretHex));
  ASSERT_THAT(derived, Succeeds());
  EXPECT_EQ(derived->sessionKeys()->enc_key, kEnc);
  EXPECT_THAT(parse(R"({"connInfo": {"clientToken": "x"}})"),
              FailsWith(ErrorCode::Invalid, Stage::KeyFile, 0));
  EXPECT_THAT(parse(R"({"loginInfo": {"privateKey": "AAAA"}})"),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0,
                               "loginInfo.privateKey: 3 bytes where 32 are needed"));
}

TEST(KeyFileFormat, ExplicitFormatSkipsDetection) {
  const std::string text = fmt::format(R"({{"encKey": "{}", "macKey": "{}", "clientID": "c"}})", kEncB64, kMacB64);
  EXPECT_EQ(parse(text)->format, KeyFileFormat::Baileys);
  auto as_project = parseKeyFile(text, KeyFileFormat::Project);
  ASSERT_THAT(as_project, Succeeds());
  EXPECT_EQ(as_project->format, KeyFileFormat::Project);
  EXPECT_FALSE(as_project->client_id.has_value());  // "clientID" is not the project's "clientId"
  EXPECT_THAT(parseKeyFile(text, KeyFileFormat::BrowserLocalStorage),
              FailsWithMessage(ErrorCode::Invalid, Stage::KeyFile, 0, "WASecretBundle: missing"));
  EXPECT_EQ(toString(KeyFileFormat::GoWhatsapp), "go-whatsapp");
}

// ---- Writer and files ---------------------------------------------------------------------------

TEST(KeyFileWriter, RoundTrips) {
  KeyFile file;
  file.enc_key = kEnc;
  file.mac_key = kMac;
  file.client_id = "cid";
  file.wid = "15550000003@c.us";
  KeyEntry conn;
  conn.private_key = kPrivate;
  conn.secret = *hexDecode(kSecretHex);
  conn.server_token = "st";
  file.connections["9"] = conn;
  const std::string text = writeKeyFile(file);
  EXPECT_TRUE(text.starts_with("{\n  \"encKey\": \"" + kEncB64 + "\",\n  \"macKey\""));
  auto back = parseKeyFile(text);
  ASSERT_THAT(back, Succeeds());
  EXPECT_EQ(static_cast<const KeyEntry&>(*back), static_cast<const KeyEntry&>(file));
  EXPECT_EQ(back->connections, file.connections);
}

TEST(KeyFileReader, ReadsFilesAndReportsIo) {
  const std::string path = ::testing::TempDir() + "wa_crypto_key_file_test.json";
  {
    std::ofstream out(path);
    out << fmt::format(R"({{"encKey": "{}", "macKey": "{}"}})", kEncB64, kMacB64);
  }
  auto file = readKeyFile(path);
  ASSERT_THAT(file, Succeeds());
  EXPECT_EQ(file->enc_key, kEnc);
  std::remove(path.c_str());
  auto missing = readKeyFile(path);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::Io);
  EXPECT_EQ(missing.error().stage, Stage::KeyFile);
  EXPECT_TRUE(missing.error().message.starts_with("cannot open " + path));
}

// Every seed of the key file fuzzer is named by its outcome: ok_* parse and resolve, bad_* fail.
TEST(KeyFileCorpus, SeedsMatchTheirNames) {
  const std::filesystem::path dir = std::filesystem::path(WA_SOURCE_DIR) / "corpus/fuzz/fuzz_key_file";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto file = parseKeyFile(text);
    if (name.starts_with("ok_")) {
      ASSERT_THAT(file, Succeeds()) << name;
      const KeyEntry entry_keys = file->connections.empty() ? static_cast<const KeyEntry&>(*file)
                                                            : file->forConnection(file->connections.begin()->first);
      EXPECT_THAT(entry_keys.sessionKeys(), Succeeds()) << name;
    } else if (name.starts_with("bad_")) {
      EXPECT_FALSE(file.has_value()) << name;
    } else {
      ADD_FAILURE() << "seed not named ok_ or bad_: " << name;
    }
    ++seen;
  }
  EXPECT_GE(seen, 10);
}

}  // namespace
}  // namespace wa::crypto
