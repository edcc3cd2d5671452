// Crypto throughput against a yardstick in the same run: frame verify+decrypt and media MAC+decrypt
// through wa::crypto and through OpenSSL's EVP doing the same work; plus a constant-memory check
// that streams a large encrypted file through MediaDecryptStream and reports the peak RSS
// (`crypto_bench --stream-rss=1024` for 1 GiB; `--stream-rss-file` does the same through the
// two-pass verify-first API over a temporary file).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/hmac_many.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/session.h"

namespace {

using wa::crypto::ByteView;
using wa::crypto::Bytes;

wa::crypto::Key32 fixedKey(std::uint8_t first) {
  wa::crypto::Key32 k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(first + i);
  return k;
}

Bytes pattern(std::size_t size) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 7 % 251);
  return out;
}

const wa::crypto::SessionKeys kKeys{fixedKey(0x40), fixedKey(0x80)};

// ---- OpenSSL yardstick: the same work with keyed contexts reused across iterations ------------

class OpenSslHmac {
 public:
  explicit OpenSslHmac(ByteView key) {
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ctx_ = EVP_MAC_CTX_new(mac_);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    EVP_MAC_init(ctx_, key.data(), key.size(), params);
  }
  ~OpenSslHmac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  OpenSslHmac(const OpenSslHmac&) = delete;
  OpenSslHmac& operator=(const OpenSslHmac&) = delete;

  // Re-initialising without a key keeps the precomputed pads.
  void mac(ByteView a, ByteView b, std::uint8_t* out) {
    std::size_t len = 0;
    EVP_MAC_init(ctx_, nullptr, 0, nullptr);
    EVP_MAC_update(ctx_, a.data(), a.size());
    EVP_MAC_update(ctx_, b.data(), b.size());
    EVP_MAC_final(ctx_, out, &len, 32);
  }

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
};

class OpenSslCbc {
 public:
  explicit OpenSslCbc(ByteView key) {
    cipher_ = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
    ctx_ = EVP_CIPHER_CTX_new();
    EVP_DecryptInit_ex2(ctx_, cipher_, key.data(), nullptr, nullptr);
  }
  ~OpenSslCbc() {
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
  }
  OpenSslCbc(const OpenSslCbc&) = delete;
  OpenSslCbc& operator=(const OpenSslCbc&) = delete;

  // Decrypts with PKCS#7 removal; returns the plaintext size or -1.
  long decrypt(const std::uint8_t* iv, ByteView ct, std::uint8_t* out) {
    int n = 0;
    int last = 0;
    EVP_DecryptInit_ex2(ctx_, nullptr, nullptr, iv, nullptr);
    if (EVP_DecryptUpdate(ctx_, out, &n, ct.data(), static_cast<int>(ct.size())) != 1) return -1;
    if (EVP_DecryptFinal_ex(ctx_, out + n, &last) != 1) return -1;
    return n + last;
  }

 private:
  EVP_CIPHER* cipher_ = nullptr;
  EVP_CIPHER_CTX* ctx_ = nullptr;
};

// ---- Frames -------------------------------------------------------------------------------------

Bytes serverBody(std::size_t plain_size) {
  wa::crypto::FrameCipher cipher(kKeys);
  wa::crypto::Iv iv{};
  iv[0] = 1;
  return cipher.encryptServerBody(pattern(plain_size), iv);
}

void BM_FrameDecrypt(benchmark::State& state) {
  const Bytes body = serverBody(static_cast<std::size_t>(state.range(0)));
  Bytes out(body.size());
  wa::crypto::FrameCipher cipher(kKeys);
  for (auto _ : state) {
    auto n = cipher.decryptServerBodyInto(body, out);
    if (!n) state.SkipWithError("decrypt failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_FrameDecryptOpenSsl(benchmark::State& state) {
  const Bytes body = serverBody(static_cast<std::size_t>(state.range(0)));
  Bytes out(body.size() + 16);
  OpenSslHmac hmac(kKeys.mac_key);
  OpenSslCbc cbc(kKeys.enc_key);
  std::uint8_t mac[32];
  const ByteView signed_part = ByteView(body).subspan(32);
  for (auto _ : state) {
    hmac.mac(signed_part, {}, mac);
    if (CRYPTO_memcmp(mac, body.data(), 32) != 0) state.SkipWithError("hmac mismatch");
    if (cbc.decrypt(body.data() + 32, ByteView(body).subspan(48), out.data()) < 0) state.SkipWithError("decrypt failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void BM_FrameEncrypt(benchmark::State& state) {
  const Bytes plain = pattern(static_cast<std::size_t>(state.range(0)));
  wa::crypto::FrameCipher cipher(kKeys);
  for (auto _ : state) benchmark::DoNotOptimize(cipher.encryptServerBody(plain));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plain.size()));
}

void frameSizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t size : {100, 1024, 16 * 1024, 64 * 1024, 64 * 1024 * 1024}) b->Arg(size);
}

BENCHMARK(BM_FrameDecrypt)->Apply(frameSizes);
BENCHMARK(BM_FrameDecryptOpenSsl)->Apply(frameSizes);
BENCHMARK(BM_FrameEncrypt)->Arg(1024)->Arg(64 * 1024);

// ---- HMAC-SHA256 of a batch of frames: sixteen at a time in AVX-512 lanes against one by one --
// (Crypto++ on SHA-NI: what verifying each frame alone costs). Arg: 0 = 256 frames of 1 KiB;
// 1 = a batch as a session gives them (128 KiB of frames, sizes from 100 bytes to 30 KiB).
std::vector<Bytes> hmacBatchData(int mix) {
  std::vector<Bytes> out;
  if (mix == 0) {
    for (int i = 0; i < 256; ++i) out.push_back(pattern(1024));
    return out;
  }
  const std::size_t sizes[] = {100, 250, 400, 700, 1200, 2500, 300, 5000, 180, 30000};
  std::size_t total = 0;
  for (std::size_t i = 0; total < 128 * 1024; ++i) {
    out.push_back(pattern(sizes[i % std::size(sizes)]));
    total += out.back().size();
  }
  return out;
}

void hmacMany(benchmark::State& state, wa::crypto::HmacManyBackend backend) {
  if (backend == wa::crypto::HmacManyBackend::Lanes16 && !wa::crypto::hmacLanesAvailable()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  const std::vector<Bytes> data = hmacBatchData(static_cast<int>(state.range(0)));
  const wa::crypto::HmacSha256Key key = wa::crypto::prepareHmacSha256Key(kKeys.mac_key);
  std::vector<wa::crypto::Sha256Digest> macs(data.size());
  std::vector<wa::crypto::HmacSha256Job> jobs;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    jobs.push_back({&key, data[i], &macs[i]});
    bytes += data[i].size();
  }
  for (auto _ : state) {
    wa::crypto::hmacSha256Many(jobs, backend);
    benchmark::DoNotOptimize(macs.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["frames"] = static_cast<double>(data.size());
}
void BM_HmacManyLanes16(benchmark::State& state) { hmacMany(state, wa::crypto::HmacManyBackend::Lanes16); }
void BM_HmacManyOneByOne(benchmark::State& state) { hmacMany(state, wa::crypto::HmacManyBackend::OneByOne); }
BENCHMARK(BM_HmacManyLanes16)->Arg(0)->Arg(1);
BENCHMARK(BM_HmacManyOneByOne)->Arg(0)->Arg(1);

// ---- Media --------------------------------------------------------------------------------------

struct MediaFixture {
  wa::crypto::MediaKeys keys;
  Bytes file;
  explicit MediaFixture(std::size_t size) {
    wa::crypto::MediaEncryptOptions options;
    options.media_key = fixedKey(0xc0);
    auto media = wa::crypto::encryptMedia(pattern(size), wa::crypto::MediaType::Video, options);
    keys = *wa::crypto::expandMediaKey(media->media_key, wa::crypto::MediaType::Video);
    file = std::move(media->enc_and_mac);
  }
};

void BM_MediaDecrypt(benchmark::State& state) {
  const MediaFixture fx(static_cast<std::size_t>(state.range(0)));
  Bytes out(fx.file.size());
  for (auto _ : state) {
    auto n = wa::crypto::decryptMediaInto(fx.keys, fx.file, out);
    if (!n) state.SkipWithError("decrypt failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fx.file.size()));
}

void BM_MediaDecryptOpenSsl(benchmark::State& state) {
  const MediaFixture fx(static_cast<std::size_t>(state.range(0)));
  Bytes out(fx.file.size() + 16);
  OpenSslHmac hmac(fx.keys.mac_key);
  OpenSslCbc cbc(fx.keys.cipher_key);
  const ByteView ct = ByteView(fx.file).first(fx.file.size() - 10);
  std::uint8_t mac[32];
  for (auto _ : state) {
    hmac.mac(fx.keys.iv, ct, mac);
    if (CRYPTO_memcmp(mac, fx.file.data() + ct.size(), 10) != 0) state.SkipWithError("mac mismatch");
    if (cbc.decrypt(fx.keys.iv.data(), ct, out.data()) < 0) state.SkipWithError("decrypt failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fx.file.size()));
}

void BM_MediaStreamDecrypt(benchmark::State& state) {
  const MediaFixture fx(static_cast<std::size_t>(state.range(0)));
  constexpr std::size_t kChunk = 1 << 20;
  Bytes out(wa::crypto::MediaDecryptStream::outputBound(kChunk));
  for (auto _ : state) {
    wa::crypto::MediaDecryptStream stream(fx.keys);
    for (std::size_t at = 0; at < fx.file.size(); at += kChunk) {
      const ByteView piece = ByteView(fx.file).subspan(at, std::min(kChunk, fx.file.size() - at));
      if (!stream.updateInto(piece, out)) state.SkipWithError("decrypt failed");
    }
    if (!stream.finishInto(out)) state.SkipWithError("mac mismatch");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fx.file.size()));
}

void BM_MediaEncrypt(benchmark::State& state) {
  const Bytes plain = pattern(static_cast<std::size_t>(state.range(0)));
  wa::crypto::MediaEncryptOptions options;
  options.media_key = fixedKey(0xc0);
  for (auto _ : state) benchmark::DoNotOptimize(wa::crypto::encryptMedia(plain, wa::crypto::MediaType::Video, options));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plain.size()));
}

BENCHMARK(BM_MediaDecrypt)->Arg(64 * 1024)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_MediaDecryptOpenSsl)->Arg(64 * 1024)->Arg(1 << 20)->Arg(64 << 20);
BENCHMARK(BM_MediaStreamDecrypt)->Arg(64 << 20);
BENCHMARK(BM_MediaEncrypt)->Arg(1 << 20);

// ---- Keys ---------------------------------------------------------------------------------------

void BM_SessionKeys(benchmark::State& state) {
  const wa::crypto::Key32 client = fixedKey(0x01);
  auto handshake = wa::crypto::makeServerHandshake(wa::crypto::x25519PublicKey(client), fixedKey(0x21), kKeys);
  for (auto _ : state) benchmark::DoNotOptimize(wa::crypto::deriveSessionKeys(client, handshake->secret));
}

void BM_MediaKeyExpansion(benchmark::State& state) {
  const wa::crypto::Key32 key = fixedKey(0xc0);
  for (auto _ : state) benchmark::DoNotOptimize(wa::crypto::expandMediaKey(key, wa::crypto::MediaType::Image));
}

BENCHMARK(BM_SessionKeys);
BENCHMARK(BM_MediaKeyExpansion);

// ---- Peak memory of a streamed decryption ---------------------------------------------------------

long maxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Encrypts `mib` MiB of generated plaintext chunk by chunk and pushes the ciphertext straight into a
// MediaDecryptStream: nothing the size of the file ever exists in memory.
int streamRss(std::uint64_t mib) {
  constexpr std::size_t kChunk = 1 << 20;
  const long before = maxRssKib();
  const auto keys = *wa::crypto::expandMediaKey(fixedKey(0xc0), wa::crypto::MediaType::Video);
  wa::crypto::MediaEncryptStream encryptor(keys, wa::crypto::MediaType::Video);
  wa::crypto::MediaDecryptStream decryptor(keys);
  const Bytes plain = pattern(kChunk);
  Bytes cipher(wa::crypto::MediaEncryptStream::outputBound(kChunk));
  Bytes out(wa::crypto::MediaDecryptStream::outputBound(cipher.size()));
  std::uint64_t produced = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < mib; ++i) {
    const std::size_t n = *encryptor.updateInto(plain, cipher);
    auto got = decryptor.updateInto(ByteView(cipher).first(n), out);
    if (!got) return std::fprintf(stderr, "decrypt failed: %s\n", describe(got.error()).c_str()), 1;
    produced += *got;
  }
  std::size_t tail = 0;
  const auto info = *encryptor.finishInto(cipher, tail);
  auto got = decryptor.updateInto(ByteView(cipher).first(tail), out);
  if (!got) return std::fprintf(stderr, "decrypt failed: %s\n", describe(got.error()).c_str()), 1;
  produced += *got;
  auto last = decryptor.finishInto(out);
  if (!last) return std::fprintf(stderr, "decrypt failed: %s\n", describe(last.error()).c_str()), 1;
  produced += *last;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("streamed %llu MiB (encrypt + MediaDecryptStream in 1 MiB chunks): plaintext %llu bytes (%s), "
              "%.2f s, %.0f MiB/s for both\n",
              static_cast<unsigned long long>(mib), static_cast<unsigned long long>(produced),
              produced == info.file_length ? "complete, mac verified" : "LENGTH MISMATCH", seconds,
              static_cast<double>(mib) / seconds);
  std::printf("peak RSS: %.1f MiB (%.1f MiB before streaming)\n", static_cast<double>(maxRssKib()) / 1024.0,
              static_cast<double>(before) / 1024.0);
  return produced == info.file_length ? 0 : 1;
}

// Writes an encrypted file of `mib` MiB under the temp directory (in 1 MiB pieces), then runs the
// two-pass decryptMediaVerifyFirst over it with a pread-style reader and a sink that discards.
int streamRssFile(std::uint64_t mib) {
  constexpr std::size_t kChunk = 1 << 20;
  const auto keys = *wa::crypto::expandMediaKey(fixedKey(0xc0), wa::crypto::MediaType::Video);
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "wa_crypto_bench_stream.enc";
  {
    std::ofstream file(path, std::ios::binary);
    wa::crypto::MediaEncryptStream encryptor(keys, wa::crypto::MediaType::Video);
    const Bytes plain = pattern(kChunk);
    Bytes cipher(wa::crypto::MediaEncryptStream::outputBound(kChunk));
    for (std::uint64_t i = 0; i < mib; ++i) {
      const std::size_t n = *encryptor.updateInto(plain, cipher);
      file.write(reinterpret_cast<const char*>(cipher.data()), static_cast<std::streamsize>(n));
    }
    std::size_t tail = 0;
    (void)encryptor.finishInto(cipher, tail);
    file.write(reinterpret_cast<const char*>(cipher.data()), static_cast<std::streamsize>(tail));
  }
  const long before = maxRssKib();
  const std::uint64_t size = std::filesystem::file_size(path);
  std::ifstream in(path, std::ios::binary);
  wa::crypto::ReadAt reader = [&](std::uint64_t offset, wa::crypto::MutableByteView out) -> wa::crypto::Expected<void> {
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size()));
    if (static_cast<std::size_t>(in.gcount()) != out.size()) {
      return wa::crypto::makeError(wa::crypto::ErrorCode::Io, wa::crypto::Stage::Media, offset, "short read");
    }
    return {};
  };
  std::uint64_t produced = 0;
  const auto start = std::chrono::steady_clock::now();
  auto ok = wa::crypto::decryptMediaVerifyFirst(keys, size, reader, [&](ByteView piece) -> wa::crypto::Expected<void> {
    produced += piece.size();
    return {};
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::filesystem::remove(path);
  if (!ok) return std::fprintf(stderr, "decrypt failed: %s\n", describe(ok.error()).c_str()), 1;
  std::printf("verify-first over a %llu MiB file: plaintext %llu bytes, %.2f s (two passes)\n",
              static_cast<unsigned long long>(mib), static_cast<unsigned long long>(produced), seconds);
  std::printf("peak RSS: %.1f MiB (%.1f MiB before decrypting)\n", static_cast<double>(maxRssKib()) / 1024.0,
              static_cast<double>(before) / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--stream-rss=")) return streamRss(std::strtoull(argv[i] + 13, nullptr, 10));
    if (arg.starts_with("--stream-rss-file=")) return streamRssFile(std::strtoull(argv[i] + 18, nullptr, 10));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
