// Test helpers for wa::crypto: hex literals and matchers for Expected (success, or a given error).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

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

}  // namespace wa::crypto::test
