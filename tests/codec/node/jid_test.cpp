// Unit tests of JID parsing and formatting.
#include "wa/codec/node/jid.h"

#include <gtest/gtest.h>

#include "helpers/expected_matchers.h"

namespace wa::codec {
namespace {

TEST(Jid, User) {
  auto j = parseJid("49123456789@c.us");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->kind, JidKind::User);
  EXPECT_EQ(j->user, "49123456789");
  EXPECT_EQ(j->server, "c.us");
  EXPECT_EQ(formatJid(*j), "49123456789@c.us");
}

TEST(Jid, SWhatsappNetIsAnAliasOfCUs) {
  auto j = parseJid("49123456789@s.whatsapp.net");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->kind, JidKind::User);
  EXPECT_EQ(formatJid(*j), "49123456789@c.us");
}

TEST(Jid, Group) {
  auto j = parseJid("49123456789-1509911919@g.us");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->kind, JidKind::Group);
  EXPECT_EQ(j->group_creator, "49123456789");
  EXPECT_EQ(j->group_created, 1509911919u);
  EXPECT_EQ(formatJid(*j), "49123456789-1509911919@g.us");
}

TEST(Jid, BroadcastAndStatus) {
  auto b = parseJid("1509911919@broadcast");
  WA_ASSERT_OK(b);
  EXPECT_EQ(b->kind, JidKind::Broadcast);
  auto s = parseJid("status@broadcast");
  WA_ASSERT_OK(s);
  EXPECT_EQ(s->kind, JidKind::Status);
  EXPECT_EQ(formatJid(*s), "status@broadcast");
}

TEST(Jid, ServerAlone) {
  auto j = parseJid("g.us");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->kind, JidKind::Server);
  EXPECT_EQ(formatJid(*j), "g.us");
  auto s = parseJid("s.whatsapp.net");
  WA_ASSERT_OK(s);
  EXPECT_EQ(s->server, "c.us");
}

TEST(Jid, AdForms) {
  auto j = parseJid("4912.1:2@c.us");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->user, "4912");
  EXPECT_EQ(j->agent, 1);
  EXPECT_EQ(j->device, 2);
  EXPECT_EQ(formatJid(*j), "4912.1:2@c.us");
  auto d = parseJid("4912:7@c.us");
  WA_ASSERT_OK(d);
  EXPECT_FALSE(d->agent.has_value());
  EXPECT_EQ(d->device, 7);
  EXPECT_EQ(formatAdJid("4912", 0, 0), "4912@c.us");
  EXPECT_EQ(formatAdJid("4912", 3, 0), "4912.3@c.us");
  EXPECT_EQ(formatAdJid("4912", 0, 9), "4912:9@c.us");
}

TEST(Jid, OtherServer) {
  auto j = parseJid("user@example.com");
  WA_ASSERT_OK(j);
  EXPECT_EQ(j->kind, JidKind::Other);
}

TEST(JidErrors, Malformed) {
  EXPECT_THAT(parseJid(""), FailsWith(ErrorCode::Invalid, 0));
  EXPECT_THAT(parseJid("@c.us"), FailsWith(ErrorCode::Invalid, 0));
  EXPECT_THAT(parseJid("4912@"), FailsWith(ErrorCode::Invalid, 5));
  EXPECT_THAT(parseJid("a@b@c"), FailsWith(ErrorCode::Invalid, 3));
  EXPECT_THAT(parseJid("4912:300@c.us"), FailsWith(ErrorCode::Invalid, 5));
  EXPECT_THAT(parseJid("4912.x@c.us"), FailsWith(ErrorCode::Invalid, 5));
  EXPECT_THAT(parseJid("abc-def@g.us"), FailsWith(ErrorCode::Invalid, 0));
  EXPECT_THAT(parseJid("nothing"), FailsWith(ErrorCode::Invalid, 0));
}

}  // namespace
}  // namespace wa::codec
