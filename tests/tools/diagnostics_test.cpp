// Tests for the tools' diagnostics (tools/common/diagnostics.h): the record-error line.
#include "common/diagnostics.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "wa/codec/error.h"
#include "wa/session/error.h"

namespace wa::tools {
namespace {

// Everything `print` writes through a Diagnostics on a temporary stream.
template <class Print>
std::string printed(Print print) {
  std::FILE* stream = std::tmpfile();
  Diagnostics diag("wadecode", stream);
  print(diag);
  std::string text(static_cast<std::size_t>(std::ftell(stream)), '\0');
  std::rewind(stream);
  text.resize(std::fread(text.data(), 1, text.size(), stream));
  std::fclose(stream);
  return text;
}

TEST(RecordErrorText, NamesTheRecordOffsetStageAndMessage) {
  EXPECT_EQ(recordErrorText(3, 17, "decode", "expected a list tag"),
            "record 3: offset 17: decode: expected a list tag");
  const session::Error error{support::ErrorCode::Invalid, session::Stage::Hmac, 4, "mismatch"};
  EXPECT_EQ(recordErrorText(0, error), "record 0: offset 4: hmac: mismatch");
}

TEST(ReportRecordError, OneLineForASessionError) {
  const session::Error error{support::ErrorCode::Invalid, session::Stage::Keys, 21, "no keys for connection 1"};
  EXPECT_EQ(printed([&](Diagnostics& d) { reportRecordError(d, "session.har", 5, error, " (reported once)"); }),
            "wadecode: error: session.har: record 5: offset 21: keys: no keys for connection 1 (reported once)\n");
}

TEST(ReportRecordError, KeepsTheStageOfACodecError) {
  const codec::Error error{support::ErrorCode::Invalid, codec::Stage::Encode, 57,
                           "a node needs a non-empty description"};
  std::size_t errors = 0;
  EXPECT_EQ(printed([&](Diagnostics& d) {
              reportRecordError(d, "<stdin>", 2, error);
              errors = d.errorCount();
            }),
            "wadecode: error: <stdin>: record 2: offset 57: encode: a node needs a non-empty description\n");
  EXPECT_EQ(errors, 1u);
}

}  // namespace
}  // namespace wa::tools
