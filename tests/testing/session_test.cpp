// The generated sessions are real: keys derive from the secret, every binary frame decrypts and
// decodes to its node, and every capture writer's output reads back, through the project's own
// readers, as the same messages in the same order.
#include "wa/testing/generator/session.h"

#include <gtest/gtest.h>

#include "wa/testing/generator/session_writers.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/node/decoder.h"
#include "wa/crypto/frame_cipher.h"

namespace wa::testing {
namespace {

GeneratedSession smallSession(std::uint64_t seed, bool restore = false) {
  SessionOptions o;
  o.seed = seed;
  o.restore = restore;
  o.contacts = 20;
  o.chats = 10;
  o.history_chunks = 2;
  o.live_messages = 10;
  return generateSession(o);
}

TEST(GeneratedSession, IsDeterministic) {
  auto a = smallSession(3), b = smallSession(3), c = smallSession(4);
  ASSERT_EQ(a.messages.size(), b.messages.size());
  for (std::size_t i = 0; i < a.messages.size(); ++i) EXPECT_EQ(a.messages[i].payload, b.messages[i].payload);
  EXPECT_NE(a.messages[0].payload, c.messages[0].payload);
}

TEST(GeneratedSession, SecretDerivesTheSessionKeys) {
  auto s = smallSession(5);
  auto keys = crypto::deriveSessionKeys(s.secrets.client_private_key, s.secrets.secret);
  ASSERT_TRUE(keys.has_value()) << keys.error().message;
  EXPECT_EQ(*keys, s.secrets.keys);
}

TEST(GeneratedSession, EveryBinaryFrameDecryptsAndDecodesToItsNode) {
  auto s = smallSession(6);
  crypto::FrameCipher cipher(s.secrets.keys);
  std::size_t binary = 0, sends = 0;
  for (const auto& m : s.messages) {
    ASSERT_EQ(m.payload.compare(0, m.tag.size(), m.tag), 0);
    if (m.op != codec::Opcode::Binary) continue;
    ++binary;
    auto body = crypto::asBytes(std::string_view(m.payload).substr(m.tag.size() + 1));
    crypto::Bytes plain;
    if (m.dir == codec::Direction::Send) {
      ++sends;
      auto f = cipher.decryptClientBody(body);
      ASSERT_TRUE(f.has_value()) << f.error().message;
      EXPECT_EQ(f->metric, m.metric);
      EXPECT_EQ(f->flags, 0x80);
      plain = f->plaintext;
    } else {
      auto p = cipher.decryptServerBody(body);
      ASSERT_TRUE(p.has_value()) << p.error().message;
      plain = *p;
    }
    auto node = codec::decodeNode(codec::ByteView(plain.data(), plain.size()));
    ASSERT_TRUE(node.has_value()) << node.error().message;
    ASSERT_TRUE(m.node.has_value());
    EXPECT_EQ(node->description, m.node->description);
    EXPECT_EQ(node->children.size(), m.node->children.size());
  }
  EXPECT_GT(binary, 10u);
  EXPECT_GT(sends, 2u);
}

TEST(GeneratedSession, RestoreHasNoSecretButALogin) {
  auto s = smallSession(7, /*restore=*/true);
  bool login = false, secret = false;
  for (const auto& m : s.messages) {
    if (m.payload.find("\"admin\",\"login\"") != std::string::npos) login = true;
    if (m.payload.find("\"secret\"") != std::string::npos) secret = true;
  }
  EXPECT_TRUE(login);
  EXPECT_FALSE(secret);
}

// Reads `bytes` with the reader for `format` and checks the messages against the sessions.
void expectReadsBack(const std::string& bytes, capture::CaptureFormat format,
                     const std::vector<const GeneratedSession*>& sessions, const char* what) {
  auto reader = capture::openCaptureReader(capture::makeMemorySource(bytes), format);
  ASSERT_TRUE(reader.has_value()) << what << ": " << reader.error().message;
  std::vector<capture::CaptureMessage> got;
  capture::CaptureMessage m;
  while ((*reader)->read(m)) {
    ASSERT_FALSE(m.error.has_value()) << what << ": record " << got.size() << ": " << m.error->message;
    if (m.op == codec::Opcode::Text || m.op == codec::Opcode::Binary) got.push_back(m);
  }
  std::size_t expected = 0;
  for (const auto* s : sessions) expected += s->messages.size();
  ASSERT_EQ(got.size(), expected) << what;
  // Per connection, the order and bytes of each session's messages are kept.
  std::map<std::string, std::vector<const capture::CaptureMessage*>> by_conn;
  for (const auto& g : got) by_conn[g.conn].push_back(&g);
  ASSERT_EQ(by_conn.size(), sessions.size()) << what;
  for (const auto& [conn, msgs] : by_conn) {
    const GeneratedSession* match = nullptr;
    for (const auto* s : sessions)
      if (s->messages.front().payload == msgs.front()->payload) match = s;
    ASSERT_NE(match, nullptr) << what << ": conn " << conn;
    for (std::size_t i = 0; i < msgs.size(); ++i) {
      EXPECT_EQ(msgs[i]->payload, match->messages[i].payload) << what << ": conn " << conn << " message " << i;
      EXPECT_EQ(msgs[i]->dir, match->messages[i].dir) << what << ": message " << i;
      EXPECT_EQ(msgs[i]->op, match->messages[i].op) << what << ": message " << i;
    }
  }
}

class CaptureWriters : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = smallSession(11);
    b_ = smallSession(12, /*restore=*/true);
    sessions_ = {&a_, &b_};
  }
  GeneratedSession a_, b_;
  std::vector<const GeneratedSession*> sessions_;
};

TEST_F(CaptureWriters, JsonlReadsBack) {
  expectReadsBack(toCaptureJsonl(a_, "0") + toCaptureJsonl(b_, "1"), capture::CaptureFormat::CaptureJsonl, sessions_,
                  "jsonl");
}

TEST_F(CaptureWriters, HarReadsBack) { expectReadsBack(toHar(sessions_), capture::CaptureFormat::Har, sessions_, "har"); }

TEST_F(CaptureWriters, MitmFlowsReadBack) {
  expectReadsBack(toMitmFlows(sessions_), capture::CaptureFormat::MitmFlow, sessions_, "mitm");
}

TEST_F(CaptureWriters, PcapReadsBack) {
  expectReadsBack(toPcap(sessions_, {}), capture::CaptureFormat::Pcap, sessions_, "pcap");
}

TEST_F(CaptureWriters, PcapWithDeflateFragmentsReorderingAndRetransmissionsReadsBack) {
  PcapSessionOptions o;
  o.deflate = true;
  o.fragment_size = 300;
  o.tcp.segment_size = 400;
  o.tcp.reorder_every = 5;
  o.tcp.retransmit_every = 4;
  expectReadsBack(toPcap(sessions_, o), capture::CaptureFormat::Pcap, sessions_, "pcap deflate");
}

TEST_F(CaptureWriters, PcapngIpv6Sll2WithoutContextTakeoverReadsBack) {
  PcapSessionOptions o;
  o.deflate = true;
  o.no_context_takeover = true;
  o.ipv6 = true;
  o.file.link = testing::PcapLinkType::LinuxSll2;
  o.file.format = testing::PcapFileFormat::Pcapng;
  expectReadsBack(toPcap(sessions_, o), capture::CaptureFormat::PcapNg, sessions_, "pcapng");
}

TEST_F(CaptureWriters, AutoDetectionPicksEveryFormat) {
  struct Case {
    std::string bytes;
    capture::CaptureFormat format;
  };
  std::vector<Case> cases = {{toCaptureJsonl(a_, "0"), capture::CaptureFormat::CaptureJsonl},
                             {toHar(sessions_), capture::CaptureFormat::Har},
                             {toMitmFlows(sessions_), capture::CaptureFormat::MitmFlow},
                             {toPcap(sessions_, {}), capture::CaptureFormat::Pcap}};
  for (const auto& c : cases) {
    EXPECT_EQ(capture::detectCaptureFormat(std::string_view(c.bytes).substr(0, capture::kDetectHeadBytes)), c.format);
  }
}

}  // namespace
}  // namespace wa::testing
