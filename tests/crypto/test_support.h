// Test helpers for wa::crypto: hex literals and matchers for Expected (success, or a given error).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"

namespace wa::crypto {

// Lets gtest print errors in failure messages.
inline void PrintTo(const Error& e, std::ostream* os) {
  *os << "{" << toString(e.code) << ", " << toString(e.stage) << ", offset " << e.offset << ", \"" << e.message
      << "\"}";
}

template <class T>
void PrintTo(const tl::expected<T, Error>& value, std::ostream* os) {
  if (value.has_value()) {
    *os << "a value";
  } else {
    PrintTo(value.error(), os);
  }
}

}  // namespace wa::crypto

namespace wa::crypto::test {

/// Bytes from hex; aborts the test binary on a typo in a literal.
inline Bytes hex(std::string_view text) {
  auto out = hexDecode(text);
  if (!out) {
    ADD_FAILURE() << "bad hex literal in test";
    return {};
  }
  return *out;
}

template <std::size_t N>
std::array<std::uint8_t, N> hexArray(std::string_view text) {
  const Bytes b = hex(text);
  std::array<std::uint8_t, N> out{};
  EXPECT_EQ(b.size(), N);
  for (std::size_t i = 0; i < N && i < b.size(); ++i) out[i] = b[i];
  return out;
}

inline std::string toHex(ByteView b) { return hexEncode(b); }

/// Bytes i * mul % mod, a deterministic filler.
inline Bytes pattern(std::size_t size, unsigned mul = 7, unsigned mod = 251) {
  Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * mul % mod);
  return out;
}

MATCHER(Succeeds, "succeeds") {
  if (arg.has_value()) return true;
  *result_listener << "failed with " << ::testing::PrintToString(arg.error());
  return false;
}

MATCHER_P3(FailsWith, code, stage, offset,
           std::string("fails with ") + std::string(toString(code)) + " at " + std::string(toString(stage)) +
               " offset " + std::to_string(offset)) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  const Error& e = arg.error();
  *result_listener << "error " << ::testing::PrintToString(e);
  return e.code == code && e.stage == stage && e.offset == static_cast<std::uint64_t>(offset);
}

MATCHER_P4(FailsWithMessage, code, stage, offset, message,
           std::string("fails with ") + std::string(toString(code)) + " at " + std::string(toString(stage)) +
               " offset " + std::to_string(offset) + ": " + std::string(message)) {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  const Error& e = arg.error();
  *result_listener << "error " << ::testing::PrintToString(e);
  return e.code == code && e.stage == stage && e.offset == static_cast<std::uint64_t>(offset) &&
         e.message == std::string(message);
}

/// The HMAC-SHA256 vectors of RFC 4231 §4.2-4.5 and 4.7-4.8 (4.6 truncates its MAC): key in hex,
/// data, MAC in hex.
struct HmacCase {
  std::string key_hex;
  std::string data;
  std::string mac_hex;
};
inline std::vector<HmacCase> rfc4231Cases() {
  const std::string key6(131 * 2, 'a');  // 0xaa * 131: longer than a block, hashed first
  return {
      {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"4a656665", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"0102030405060708090a0b0c0d0e0f10111213141516171819", std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {key6, "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {key6,
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
       "hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

}  // namespace wa::crypto::test
