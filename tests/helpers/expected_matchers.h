// GoogleTest helpers for Expected<T>: succeeds, or fails with a given code, offset and message.
#pragma once

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

/// EXPECT that an Expected holds a value; prints the error otherwise.
#define WA_EXPECT_OK(expr)                                                                      \
  do {                                                                                          \
    const auto& wa_result_ = (expr);                                                            \
    EXPECT_TRUE(wa_result_.has_value()) << "unexpected error at offset "                        \
                                        << (wa_result_ ? 0 : wa_result_.error().offset) << ": " \
                                        << (wa_result_ ? std::string() : wa_result_.error().message); \
  } while (0)

#define WA_ASSERT_OK(expr)                                                                      \
  do {                                                                                          \
    const auto& wa_result_ = (expr);                                                            \
    ASSERT_TRUE(wa_result_.has_value()) << "unexpected error at offset "                        \
                                        << (wa_result_ ? 0 : wa_result_.error().offset) << ": " \
                                        << (wa_result_ ? std::string() : wa_result_.error().message); \
  } while (0)

/// Matches a failed Expected whose error has this code and offset.
MATCHER_P2(FailsWith, code, offset, "fails with the given code and offset") {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  const auto& e = arg.error();
  *result_listener << "failed with code " << static_cast<int>(e.code) << " at offset " << e.offset << ": "
                   << e.message;
  return e.code == code && e.offset == static_cast<decltype(e.offset)>(offset);
}

/// Matches a failed Expected whose error has this code, offset and exact message.
MATCHER_P3(FailsWithMessage, code, offset, message, "fails with the given code, offset and message") {
  if (arg.has_value()) {
    *result_listener << "succeeded";
    return false;
  }
  const auto& e = arg.error();
  *result_listener << "failed with code " << static_cast<int>(e.code) << " at offset " << e.offset << ": "
                   << e.message;
  return e.code == code && e.offset == static_cast<decltype(e.offset)>(offset) && e.message == std::string(message);
}
