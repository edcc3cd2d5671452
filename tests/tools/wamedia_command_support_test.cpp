// Tests for wamedia's option resolution, exit codes and failure analysis (tools/wamedia/command_support.h).
#include "wamedia/command_support.h"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "helpers/temp_dir.h"

#include "wa/crypto/media.h"

namespace wa::wamedia {
namespace {

const std::string kKeyHex = "hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// A selection as the options would give it.
MediaSelection selection(std::string key, std::string type, std::string message_file = "", std::size_t index = 0) {
  MediaSelection s;
  s.key = std::move(key);
  s.type = std::move(type);
  s.message_file = std::move(message_file);
  s.index = index;
  return s;
}

class WamediaCommandSupport : public wa::testing::TempDirTest {
 protected:
  // An encrypted image of `size` bytes under key 00..1f, written to `name`.
  std::string encrypted(const std::string& name, crypto::MediaType type, std::size_t size,
                        crypto::EncryptedMedia* media_out = nullptr) {
    crypto::MediaEncryptOptions options;
    crypto::Key32 key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
    options.media_key = key;
    auto media = crypto::encryptMedia(crypto::Bytes(size, 0x5a), type, options);
    if (media_out) *media_out = *media;
    return write(name, std::string(crypto::asChars(media->enc_and_mac)));
  }

};

TEST_F(WamediaCommandSupport, ResolvesOptions) {
  MediaSelection s;
  s.key = kKeyHex;
  s.type = "IMAGE";
  s.file_length = 12;
  s.file_sha256 = "hex:" + std::string(64, 'a');
  auto p = resolveMedia(s);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->type, crypto::MediaType::Image);
  EXPECT_EQ((*p->media_key)[31], 31);
  EXPECT_EQ(p->file_length, 12u);
  EXPECT_EQ((*p->file_sha256)[0], 0xaa);
  EXPECT_FALSE(p->file_enc_sha256);
  EXPECT_FALSE(p->message);
  s.type = "auto";
  EXPECT_TRUE(resolveMedia(s)->type_auto);
  auto refused = resolveMedia(s, ResolveRules{true, false, false});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().exit_code, 2);
  EXPECT_EQ(refused.error().message, "--type auto is not possible here: name the type");
  s.type = "all";
  EXPECT_FALSE(resolveMedia(s));
  EXPECT_TRUE(resolveMedia(s, ResolveRules{true, true, true})->type_all);
}

TEST_F(WamediaCommandSupport, UsageFailures) {
  const auto message = [](MediaSelection s) {
    auto p = resolveMedia(s);
    EXPECT_FALSE(p);
    if (p) return std::string();
    EXPECT_EQ(p.error().exit_code, 2) << p.error().message;
    return p.error().message;
  };
  EXPECT_EQ(message(MediaSelection{}), "no media type: give --type (or --type auto), or --message");
  EXPECT_EQ(message(selection("", "image")), "no media key: give --key, or --message");
  EXPECT_EQ(message(selection("AAAA", "image")), "--key: 3 bytes where 32 are needed");
  EXPECT_EQ(message(selection(kKeyHex, "movie")), "--type: unknown media type 'movie'");
  EXPECT_EQ(message(selection(kKeyHex, "ppic")), "--type: ppic: this media type has no media keys");
  MediaSelection bad_hash = selection(kKeyHex, "image");
  bad_hash.file_enc_sha256 = "hex:zz";
  EXPECT_EQ(message(bad_hash),
            "--file-enc-sha256: not hex (unexpected character at offset 0)");
  EXPECT_TRUE(resolveMedia(selection("", "image"), ResolveRules{false, true, false}));
}

TEST_F(WamediaCommandSupport, MessagesAndOverrides) {
  const std::string path = write("m.jsonl", R"({"i":0,"json":["x"]})"
                                            "\n"
                                            R"({"i":1,"node":{"audioMessage":{"ptt":true,"fileLength":"9",)"
                                            R"("mediaKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}}})"
                                            "\n"
                                            R"({"i":2,"node":{"imageMessage":{"mediaKey":"AAAA"}}})"
                                            "\n");
  auto p = resolveMedia(selection("", "", path));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->type, crypto::MediaType::Ptt);
  EXPECT_EQ(p->file_length, 9u);
  ASSERT_TRUE(p->message);
  EXPECT_EQ(p->message->location, "line 2");
  MediaSelection override = selection("", "video", path);
  override.file_length = 10;
  auto overridden = resolveMedia(override);
  EXPECT_EQ(overridden->type, crypto::MediaType::Video);
  EXPECT_EQ(overridden->file_length, 10u);
  auto second = resolveMedia(selection("", "", path, 1));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "--message " + path + ": line 3: imageMessage.mediaKey: 3 bytes where 32 are needed");
  // A given key replaces a broken one.
  EXPECT_TRUE(resolveMedia(selection(kKeyHex, "", path, 1)));
  auto beyond = resolveMedia(selection("", "", path, 2));
  EXPECT_EQ(beyond.error().message, "--message " + path + ": --index 2 but there are only 2 media messages");
  auto missing = resolveMedia(selection("", "", dir_ + "/none"));
  EXPECT_EQ(missing.error().exit_code, 3);
}

TEST_F(WamediaCommandSupport, CryptoFailureExitCodes) {
  EXPECT_EQ(cryptoFailure("f", {crypto::ErrorCode::AuthenticationFailed, crypto::Stage::Hmac, 16, "x"}).exit_code, 1);
  EXPECT_EQ(cryptoFailure("f", {crypto::ErrorCode::Truncated, crypto::Stage::Media, 3, "x"}).exit_code, 1);
  EXPECT_EQ(cryptoFailure("f", {crypto::ErrorCode::Io, crypto::Stage::Media, 0, "x"}).exit_code, 3);
  EXPECT_EQ(cryptoFailure("f", {crypto::ErrorCode::Unsupported, crypto::Stage::Media, 0, "x"}).exit_code, 2);
  EXPECT_EQ(cryptoFailure("f", {crypto::ErrorCode::Invalid, crypto::Stage::Key, 0, "x"}).exit_code, 2);
  EXPECT_EQ(cryptoFailure("in.enc", {crypto::ErrorCode::BadPadding, crypto::Stage::Decrypt, 26, "invalid pkcs#7 padding"})
                .message,
            "in.enc: decrypt at offset 0x1a (26): invalid pkcs#7 padding");
}

TEST_F(WamediaCommandSupport, SidecarArguments) {
  EXPECT_EQ(decodeSidecarArgument("--sidecar", "AAECAwQFBgcICQ==")->size(), 10u);
  EXPECT_EQ(decodeSidecarArgument("--sidecar", "hex:0001")->size(), 2u);
  EXPECT_EQ(decodeSidecarArgument("--sidecar", "@" + write("s.bin", std::string(20, 'x')))->size(), 20u);
  EXPECT_EQ(decodeSidecarArgument("--sidecar", "@" + dir_ + "/none").error().exit_code, 3);
  EXPECT_EQ(decodeSidecarArgument("--sidecar", "!!").error().exit_code, 2);
}

TEST_F(WamediaCommandSupport, PrecheckNamesWhatIsWrong) {
  MediaParams params;
  const auto precheck = [&](const std::string& bytes) {
    auto in = EncryptedInput::open(write("f", bytes));
    auto f = precheckInput(*in, params);
    return f ? f->message : std::string("none");
  };
  EXPECT_EQ(precheck(""), dir_ + "/f: the file is empty");
  EXPECT_EQ(precheck("<!doctype html><html><body>gone</body></html>"),
            dir_ + "/f: looks like an html page (an error or login page), not encrypted media");
  EXPECT_EQ(precheck(std::string(26, '\x01')), "none");
  EXPECT_EQ(precheck(std::string(27, '\x01')).rfind(dir_ + "/f: 27 bytes is not 16n + 10", 0), 0u);
  params.file_length = 100;  // 122 bytes expected
  EXPECT_EQ(precheck(std::string(106, '\x01')), "none");  // shorter, but the MAC decides
  EXPECT_EQ(precheck(std::string(100, '\x01')), dir_ + "/f: truncated: 100 bytes where the message announces 122 (22 missing)");
}

TEST_F(WamediaCommandSupport, ExplainsMacFailures) {
  crypto::EncryptedMedia video;
  auto path = encrypted("v.enc", crypto::MediaType::Video, 1000, &video);
  auto in = EncryptedInput::open(path);
  ASSERT_TRUE(in);
  MediaParams params = *resolveMedia(selection(kKeyHex, "image"));
  const crypto::Error mac{crypto::ErrorCode::AuthenticationFailed, crypto::Stage::Hmac, 1008, "media mac mismatch"};
  tools::Failure f = explainFailure(*in, params, mac);
  EXPECT_EQ(f.exit_code, 1);
  EXPECT_EQ(f.message, path + ": hmac at offset 0x3f0 (1008): media mac mismatch");
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0],
            "the media key is right but the type is not: the mac matches type video ('WhatsApp Video Keys', shared by "
            "gif, ptv): use --type video");
  // With a wrong key, the fileEncSha256 tells a wrong key from a wrong file.
  MediaParams wrong = *resolveMedia(selection("hex:" + std::string(64, '0'), "video"));
  wrong.file_enc_sha256 = video.info.file_enc_sha256;
  f = explainFailure(*in, wrong, mac);
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0],
            "the file is the one the message describes (fileEncSha256 matches): the media key does not belong to it");
  wrong.file_enc_sha256->at(0) ^= 1;
  f = explainFailure(*in, wrong, mac);
  EXPECT_EQ(f.notes[0],
            "the file is not the one the message describes (fileEncSha256 differs): a different or damaged download");
  // Other failures are reported as they are.
  const crypto::Error padding{crypto::ErrorCode::BadPadding, crypto::Stage::Decrypt, 992, "invalid pkcs#7 padding"};
  EXPECT_TRUE(explainFailure(*in, wrong, padding).notes.empty());
}

TEST_F(WamediaCommandSupport, ExplainsWithTheDiagnosisFirst) {
  auto in = EncryptedInput::open(write("page", "<html><head><title>404</title></head></html>\n" + std::string(10, ' ')));
  ASSERT_TRUE(in);
  MediaParams params = *resolveMedia(selection(kKeyHex, "image"));
  const crypto::Error mac{crypto::ErrorCode::AuthenticationFailed, crypto::Stage::Hmac, 48, "media mac mismatch"};
  tools::Failure f = explainFailure(*in, params, mac);
  EXPECT_EQ(f.message, dir_ + "/page: looks like an html page (an error or login page), not encrypted media");
  EXPECT_TRUE(f.notes.empty());
}

TEST_F(WamediaCommandSupport, FindsTheTypeByMac) {
  auto in = EncryptedInput::open(encrypted("p.enc", crypto::MediaType::Ptt, 500));
  ASSERT_TRUE(in);
  tools::Diagnostics diag("test", stderr);
  tools::ProgressBar progress("probe", 0, false);
  MediaParams params = *resolveMedia(selection(kKeyHex, "auto"));
  auto found = findTypeByMac(*in, params, diag, progress);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, crypto::MediaType::Audio);
  params.type = crypto::MediaType::Ptt;  // e.g. from the message
  EXPECT_EQ(*findTypeByMac(*in, params, diag, progress), crypto::MediaType::Ptt);
  MediaParams wrong = *resolveMedia(selection("hex:" + std::string(64, '1'), "auto"));
  auto none = findTypeByMac(*in, wrong, diag, progress);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().exit_code, 1);
  EXPECT_EQ(none.error().message,
            in->name() + ": hmac at offset 0x200 (512): media mac matches no media type (a wrong media key or a damaged file)");
}

TEST_F(WamediaCommandSupport, ExpandsTheKeysOfTheTypeGivenFoundOrFallenBackTo) {
  auto in = EncryptedInput::open(encrypted("v.enc", crypto::MediaType::Video, 300));
  ASSERT_TRUE(in);
  tools::Diagnostics diag("test", stderr);
  tools::ProgressBar progress("probe", 0, false);
  crypto::Key32 key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  const auto keysOf = [&](crypto::MediaType type) { return *crypto::expandMediaKey(key, type); };

  auto given = expandKeysFor(*in, *resolveMedia(selection(kKeyHex, "image")), crypto::MediaType::Video, diag, progress);
  ASSERT_TRUE(given);
  EXPECT_EQ(given->type, crypto::MediaType::Image);
  EXPECT_EQ(given->keys.mac_key, keysOf(crypto::MediaType::Image).mac_key);

  auto found = expandKeysFor(*in, *resolveMedia(selection(kKeyHex, "auto")), crypto::MediaType::Image, diag, progress);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->type, crypto::MediaType::Video);
  EXPECT_EQ(found->keys.cipher_key, keysOf(crypto::MediaType::Video).cipher_key);

  MediaParams none;
  none.media_key = key;
  auto fallen = expandKeysFor(*in, none, crypto::MediaType::Audio, diag, progress);
  ASSERT_TRUE(fallen);
  EXPECT_EQ(fallen->type, crypto::MediaType::Audio);

  auto unmatched = expandKeysFor(*in, *resolveMedia(selection("hex:" + std::string(64, '1'), "auto")),
                                 crypto::MediaType::Image, diag, progress);
  ASSERT_FALSE(unmatched);
  EXPECT_EQ(unmatched.error().exit_code, 1);
}

}  // namespace
}  // namespace wa::wamedia
