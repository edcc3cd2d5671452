// Table-driven base64 and hex codecs (the HAR reader's hot path decodes base64 here).
#include "wa/codec/capture/text_encoding.h"

#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "node/json_text.h"

namespace wa::codec {
namespace {

constexpr std::uint32_t kBad = 0xFF000000u;

// Four tables, one per position in a quantum, each holding the 6-bit value already shifted into
// its place of the 24-bit group; invalid characters carry kBad so one OR detects any of them.
struct Base64Tables {
  std::array<std::uint32_t, 256> d[4];
};

constexpr Base64Tables makeTables(bool url_safe) {
  Base64Tables t{};
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (auto& table : t.d)
    for (auto& v : table) v = kBad;
  auto set = [&t](unsigned char c, std::uint32_t v) {
    t.d[0][c] = v << 18;
    t.d[1][c] = v << 12;
    t.d[2][c] = v << 6;
    t.d[3][c] = v;
  };
  for (std::uint32_t i = 0; i < 64; ++i) set(static_cast<unsigned char>(alphabet[i]), i);
  if (url_safe) {
    set('-', 62);
    set('_', 63);
  }
  return t;
}

constexpr Base64Tables kStandard = makeTables(false);
constexpr Base64Tables kUrlSafe = makeTables(true);

Unexpected badChar(std::string_view in, std::size_t at, std::string_view what) {
  auto c = static_cast<unsigned char>(in[at]);
  return makeError(ErrorCode::Invalid, Stage::Capture, at,
                   fmt::format("expected {}, found {}", what,
                               c >= 0x20 && c < 0x7f ? fmt::format("'{}'", static_cast<char>(c))
                                                     : fmt::format("byte {:#04x}", c)));
}

// Offset of the first character of in[from, from+4) that is not in the alphabet.
std::size_t firstBad(const Base64Tables& t, std::string_view in, std::size_t from) {
  for (std::size_t i = from; i < in.size(); ++i)
    if (t.d[0][static_cast<unsigned char>(in[i])] == kBad) return i;
  return in.size();
}

constexpr std::array<std::int8_t, 256> makeHexTable() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 10; ++i) t[static_cast<std::size_t>('0' + i)] = static_cast<std::int8_t>(i);
  for (int i = 0; i < 6; ++i) {
    t[static_cast<std::size_t>('a' + i)] = static_cast<std::int8_t>(10 + i);
    t[static_cast<std::size_t>('A' + i)] = static_cast<std::int8_t>(10 + i);
  }
  return t;
}
constexpr std::array<std::int8_t, 256> kHex = makeHexTable();

}  // namespace

Expected<void> appendBase64Decoded(std::string_view in, std::string& out, bool url_safe) {
  const Base64Tables& t = url_safe ? kUrlSafe : kStandard;
  std::size_t len = in.size();
  // Padding: at most two '=' at the very end, and only as the tail of a full quantum.
  std::size_t pad = 0;
  while (pad < 2 && len > 0 && in[len - 1] == '=') --len, ++pad;
  if (pad != 0 && (len + pad) % 4 != 0)
    return makeError(ErrorCode::Invalid, Stage::Capture, len, "padding does not complete a base64 quantum");
  if (len % 4 == 1) {
    std::size_t bad = firstBad(t, in.substr(0, len), 0);
    if (bad < len) return badChar(in, bad, "a base64 character");
    return makeError(ErrorCode::Invalid, Stage::Capture, len - 1, "base64 ends with a lone character");
  }
  const std::size_t old_size = out.size();
  out.resize(old_size + len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1));
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + old_size);
  const auto* src = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t full = len / 4 * 4;
  std::size_t i = 0;
  // Eight characters per step; the OR of all lookups flags any invalid character.
  for (; i + 8 <= full; i += 8, dst += 6) {
    std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]] | t.d[2][src[i + 2]] | t.d[3][src[i + 3]];
    std::uint32_t b = t.d[0][src[i + 4]] | t.d[1][src[i + 5]] | t.d[2][src[i + 6]] | t.d[3][src[i + 7]];
    if (((a | b) & kBad) != 0) break;
    dst[0] = static_cast<unsigned char>(a >> 16);
    dst[1] = static_cast<unsigned char>(a >> 8);
    dst[2] = static_cast<unsigned char>(a);
    dst[3] = static_cast<unsigned char>(b >> 16);
    dst[4] = static_cast<unsigned char>(b >> 8);
    dst[5] = static_cast<unsigned char>(b);
  }
  for (; i < full; i += 4, dst += 3) {
    std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]] | t.d[2][src[i + 2]] | t.d[3][src[i + 3]];
    if ((a & kBad) != 0) {
      std::size_t bad = firstBad(t, in, i);
      out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(dst) - out.data()));
      return badChar(in, bad, "a base64 character");
    }
    dst[0] = static_cast<unsigned char>(a >> 16);
    dst[1] = static_cast<unsigned char>(a >> 8);
    dst[2] = static_cast<unsigned char>(a);
  }
  std::size_t rest = len - full;
  if (rest != 0) {
    std::uint32_t a = t.d[0][src[i]] | t.d[1][src[i + 1]];
    if (rest == 3) a |= t.d[2][src[i + 2]];
    if ((a & kBad) != 0) {
      std::size_t bad = firstBad(t, in.substr(0, len), i);
      out.resize(static_cast<std::size_t>(reinterpret_cast<char*>(dst) - out.data()));
      return badChar(in, bad, "a base64 character");
    }
    dst[0] = static_cast<unsigned char>(a >> 16);
    if (rest == 3) dst[1] = static_cast<unsigned char>(a >> 8);
  }
  return {};
}

Expected<std::string> decodeBase64(std::string_view in, bool url_safe) {
  std::string out;
  auto r = appendBase64Decoded(in, out, url_safe);
  if (!r) return Unexpected(std::move(r.error()));
  return out;
}

void appendBase64Encoded(std::string_view bytes, std::string& out) { detail::appendBase64(out, bytes); }

std::string encodeBase64(std::string_view bytes) {
  std::string out;
  appendBase64Encoded(bytes, out);
  return out;
}

Expected<std::string> decodeHex(std::string_view in, bool allow_separators) {
  std::string out;
  out.reserve(in.size() / 2);
  std::size_t i = 0;
  while (i < in.size()) {
    if (allow_separators && !out.empty() && (in[i] == ':' || in[i] == ' ')) {
      if (i + 1 >= in.size()) return badChar(in, i, "a hex digit after the separator");
      ++i;
    }
    int hi = kHex[static_cast<unsigned char>(in[i])];
    if (hi < 0) return badChar(in, i, "a hex digit");
    if (i + 1 >= in.size()) return makeError(ErrorCode::Invalid, Stage::Capture, i, "hex ends with a lone digit");
    int lo = kHex[static_cast<unsigned char>(in[i + 1])];
    if (lo < 0) return badChar(in, i + 1, "a hex digit");
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

std::string encodeHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}

}  // namespace wa::codec
