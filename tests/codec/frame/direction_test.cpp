// Tests of direction inference: the 16-byte rule for binary frames and the text frame rules.
#include "wa/codec/frame/direction.h"

#include <gtest/gtest.h>

namespace wa::codec {
namespace {

TEST(InferBinaryDirection, SixteenByteRule) {
  EXPECT_EQ(inferBinaryDirection(std::string(64, 'x')), Direction::Receive);   // 48 + 16
  EXPECT_EQ(inferBinaryDirection(std::string(48 + 160, 'x')), Direction::Receive);
  EXPECT_EQ(inferBinaryDirection(std::string(66, 'x')), Direction::Send);      // 2 + 48 + 16
  EXPECT_EQ(inferBinaryDirection(std::string(50 + 48, 'x')), Direction::Send);
  EXPECT_EQ(inferBinaryDirection("," + std::string(64, 'x')), Direction::Send);  // metric-less `tag,,`
  EXPECT_EQ(inferBinaryDirection(std::string(65, 'x')), Direction::Unknown);   // 49 + 16 but no ','
  EXPECT_EQ(inferBinaryDirection(std::string(48, 'x')), Direction::Unknown);   // no cipher block
  EXPECT_EQ(inferBinaryDirection(std::string(50, 'x')), Direction::Unknown);
  EXPECT_EQ(inferBinaryDirection(std::string(70, 'x')), Direction::Unknown);
  EXPECT_EQ(inferBinaryDirection(""), Direction::Unknown);
}

TEST(InferTextDirection, Rules) {
  EXPECT_EQ(inferTextDirection("?,,"), Direction::Send);
  EXPECT_EQ(inferTextDirection("!1589"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(goodbye,,["admin","Conn","disconnect"])"), Direction::Send);
  EXPECT_EQ(inferTextDirection(R"(1589.--0,["admin","init",[0,4,2080]])"), Direction::Send);
  EXPECT_EQ(inferTextDirection(R"(1589.--3,[ "query","exist","1@c.us"])"), Direction::Send);
  EXPECT_EQ(inferTextDirection(R"(1589.--0,{"status":200})"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(s1,["Conn",{}])"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(x,["Pong",true])"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(s12,[1])"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(preempt-1589-3,[1])"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(1589356439-7,[1])"), Direction::Receive);
  EXPECT_EQ(inferTextDirection(R"(1589.--3,[1])"), Direction::Unknown);
  EXPECT_EQ(inferTextDirection("no comma"), Direction::Unknown);
  EXPECT_EQ(inferTextDirection("sX,[1]"), Direction::Unknown);
}

}  // namespace
}  // namespace wa::codec
