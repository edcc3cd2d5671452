// Base64 (standard and URL-safe, padded or not), hex, key-value decoding and secure wiping.
#include "wa/crypto/bytes.h"

#include <string.h>  // explicit_bzero

#include <fmt/format.h>

namespace wa::crypto {
namespace {

constexpr char kStdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encodeWith(ByteView bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    if (pad) out += '=';
  }
  return out;
}

int base64Value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string base64Encode(ByteView bytes) { return encodeWith(bytes, kStdAlphabet, /*pad=*/true); }

std::string base64UrlEncode(ByteView bytes, bool pad) { return encodeWith(bytes, kUrlAlphabet, pad); }

Expected<Bytes> base64Decode(std::string_view text) {
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') --data_len;
  const std::size_t padding = text.size() - data_len;
  if (padding > 2 || (padding > 0 && text.size() % 4 != 0)) {
    return makeError(ErrorCode::InvalidArgument, Stage::Key, data_len, "not base64 (misplaced padding)");
  }
  Bytes out;
  out.reserve(data_len / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data_len; ++i) {
    const int v = base64Value(text[i]);
    if (v < 0) {
      return makeError(ErrorCode::InvalidArgument, Stage::Key, i,
                       fmt::format("not base64 (unexpected character at offset {})", i));
    }
    acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits & 0xFF));
    }
  }
  if (data_len % 4 == 1) {
    secureWipe(out);
    return makeError(ErrorCode::InvalidArgument, Stage::Key, text.size(),
                     "not base64 (a length no encoder produces)");
  }
  return out;
}

std::string hexEncode(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Expected<Bytes> hexDecode(std::string_view text) {
  if (text.size() % 2 != 0) {
    return makeError(ErrorCode::InvalidArgument, Stage::Key, text.size(), "not hex (odd number of digits)");
  }
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hexValue(text[i]);
    const int lo = hexValue(text[i + 1]);
    if (hi < 0 || lo < 0) {
      const std::size_t at = hi < 0 ? i : i + 1;
      return makeError(ErrorCode::InvalidArgument, Stage::Key, at,
                       fmt::format("not hex (unexpected character at offset {})", at));
    }
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

Expected<Bytes> decodeKeyValue(std::string_view text) {
  constexpr std::string_view kHexPrefix = "hex:";
  if (text.starts_with(kHexPrefix)) {
    auto decoded = hexDecode(text.substr(kHexPrefix.size()));
    if (!decoded) decoded.error().offset += kHexPrefix.size();
    return decoded;
  }
  return base64Decode(text);
}

void secureWipe(MutableByteView bytes) noexcept {
  // glibc's explicit_bzero: memset's speed, and never removed as a dead store.
  if (!bytes.empty()) ::explicit_bzero(bytes.data(), bytes.size());
}

namespace detail {
Error wrongLength(std::string_view field, std::size_t got, std::size_t want) {
  return Error{ErrorCode::InvalidArgument, Stage::Key, 0,
               fmt::format("{}: {} byte{} where {} are needed", field, got, got == 1 ? "" : "s", want)};
}
}  // namespace detail

}  // namespace wa::crypto
