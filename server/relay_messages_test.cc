// Group sends, fan-out, epochs, duplicates, sync, cursors and direct (inbox) messages.
#include "protocol/codec.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

using Body = v1::ServerMessage::BodyCase;

class RelayMessagesTest : public NeighbourhoodTest {
 protected:
  v1::ServerMessage Send(TestClient& from, const std::string& client_msg_id,
                         const std::string& ciphertext = "sealed") {
    return Call(from, SendGroupReq(group, epoch, client_msg_id, ciphertext));
  }
  uint64_t CurrentEpoch() { return Call(*leader, GetGroupReq(group)).group_info().epoch(); }
};

TEST_F(RelayMessagesTest, AcksThenPushesOneSharedBufferToEveryOtherConnection) {
  auto member_second_device = Join(Invite(*member, v1::INVITE_DEVICE_LINK), "Mo");
  ASSERT_EQ(member_second_device->user_id, member->user_id);
  auto member_again = Reconnect(*member);  // the sending device on a second connection
  epoch = CurrentEpoch();

  std::string client_msg_id = NewTestId();
  v1::ServerMessage ack = Send(*member, client_msg_id, "opaque ciphertext");
  ASSERT_TRUE(ack.has_send_ack()) << ack.DebugString();
  EXPECT_FALSE(ack.send_ack().duplicate());

  EXPECT_TRUE(member->conn.Pushes(Body::kPushGroup).empty());  // not the sending connection
  EXPECT_TRUE(nonmember->conn.Pushes(Body::kPushGroup).empty());
  EXPECT_TRUE(removed->conn.Pushes(Body::kPushGroup).empty());
  std::vector<const FakeConnection*> recipients = {&leader->conn, &member_second_device->conn,
                                                   &member_again->conn};
  const std::string* shared = nullptr;
  for (const FakeConnection* conn : recipients) {
    std::vector<size_t> pushes = conn->Pushes(Body::kPushGroup);
    ASSERT_EQ(pushes.size(), 1u);
    const std::string* buffer = conn->frames[pushes[0]].get();
    if (shared == nullptr) shared = buffer;
    EXPECT_EQ(buffer, shared) << "every recipient shares one encoded buffer";
  }
  v1::GroupMessage push =
      leader->conn.Decode(leader->conn.Pushes(Body::kPushGroup)[0]).push_group();
  EXPECT_EQ(push.seq(), ack.send_ack().seq());
  EXPECT_EQ(push.group_id(), group);
  EXPECT_EQ(push.epoch(), epoch);
  EXPECT_EQ(push.sender_user(), member->user_id);
  EXPECT_EQ(push.sender_device(), ToString(member->identity.device_id()));
  EXPECT_EQ(push.client_msg_id(), client_msg_id);
  EXPECT_EQ(push.ciphertext(), "opaque ciphertext");
  EXPECT_EQ(metrics_.durable_write.count() > 0, true);
}

TEST_F(RelayMessagesTest, RefusesAMessageStampedWithAnOldEpoch) {
  v1::ServerMessage reply = Call(*member, SendGroupReq(group, epoch - 1, NewTestId(), "old"));
  ASSERT_TRUE(reply.has_error()) << reply.DebugString();
  EXPECT_EQ(reply.error().code(), v1::STALE_EPOCH);
  EXPECT_TRUE(leader->conn.Pushes(Body::kPushGroup).empty());
}

TEST_F(RelayMessagesTest, AcksARetryAsADuplicateWithoutPushingItAgain) {
  std::string client_msg_id = NewTestId();
  v1::ServerMessage first = Send(*member, client_msg_id);
  v1::ServerMessage retry = Send(*member, client_msg_id);
  ASSERT_TRUE(retry.has_send_ack()) << retry.DebugString();
  EXPECT_TRUE(retry.send_ack().duplicate());
  EXPECT_EQ(retry.send_ack().seq(), first.send_ack().seq());
  EXPECT_EQ(leader->conn.Pushes(Body::kPushGroup).size(), 1u);
}

TEST_F(RelayMessagesTest, PushesTheNewEpochToMembersWhenOneIsRemoved) {
  auto second = Join(Invite(*leader, v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group), "Sam");
  uint64_t before = CurrentEpoch();
  ASSERT_TRUE(Call(*leader, RemoveMemberReq(group, second->user_id)).has_ok());
  std::vector<size_t> pushes = member->conn.Pushes(Body::kPushGroupChanged);
  ASSERT_FALSE(pushes.empty());
  v1::GroupChanged changed = member->conn.Decode(pushes.back()).push_group_changed();
  EXPECT_EQ(changed.group_id(), group);
  EXPECT_EQ(changed.epoch(), before + 1);
  EXPECT_EQ(Call(*member, SendGroupReq(group, before, NewTestId(), "x")).error().code(),
            v1::STALE_EPOCH);
  EXPECT_EQ(Call(*second, SendGroupReq(group, before + 1, NewTestId(), "x")).error().code(),
            v1::PERMISSION_DENIED);
}

TEST_F(RelayMessagesTest, PushesTheNewEpochToMembersWhenAMemberLinksADevice) {
  size_t seen = leader->conn.Pushes(Body::kPushGroupChanged).size();
  Join(Invite(*member, v1::INVITE_DEVICE_LINK), "Mo");
  std::vector<size_t> pushes = leader->conn.Pushes(Body::kPushGroupChanged);
  ASSERT_EQ(pushes.size(), seen + 1);
  EXPECT_EQ(leader->conn.Decode(pushes.back()).push_group_changed().epoch(), epoch + 1);
}

TEST_F(RelayMessagesTest, SyncsInPagesFromASequenceNumber) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(Send(*member, NewTestId(), "m" + std::to_string(i)).has_send_ack());
  v1::GroupMessages page = Call(*leader, SyncGroupReq(group, 0, 2)).group_messages();
  ASSERT_EQ(page.messages_size(), 2);
  EXPECT_TRUE(page.more());
  EXPECT_EQ(page.messages(0).ciphertext(), "m0");
  v1::GroupMessages rest =
      Call(*leader, SyncGroupReq(group, page.messages(1).seq(), 0)).group_messages();
  ASSERT_EQ(rest.messages_size(), 1);
  EXPECT_FALSE(rest.more());
  EXPECT_EQ(rest.messages(0).ciphertext(), "m2");
}

TEST_F(RelayMessagesTest, KeepsEachDevicesCursorForListGroups) {
  uint64_t seq = Send(*member, NewTestId()).send_ack().seq();
  ASSERT_TRUE(Call(*leader, SetCursorReq(group, seq)).has_ok());
  v1::GroupSummary summary = Call(*leader, ListGroupsReq()).group_list().groups(0);
  EXPECT_EQ(summary.cursor(), seq);
  EXPECT_EQ(summary.last_seq(), seq);
  EXPECT_EQ(Call(*member, ListGroupsReq()).group_list().groups(0).cursor(), 0u);
}

TEST_F(RelayMessagesTest, DeliversADirectMessageToTheInboxAndPushesIt) {
  std::string to = ToString(nonmember->identity.device_id());
  v1::ServerMessage ack = Call(*member, SendDirectReq(to, NewTestId()));
  ASSERT_TRUE(ack.has_direct_ack()) << ack.DebugString();
  ASSERT_EQ(ack.direct_ack().seqs_size(), 1);
  std::vector<size_t> pushes = nonmember->conn.Pushes(Body::kPushInbox);
  ASSERT_EQ(pushes.size(), 1u);
  v1::InboxMessage pushed = nonmember->conn.Decode(pushes[0]).push_inbox();
  EXPECT_EQ(pushed.from_user(), member->user_id);
  EXPECT_EQ(pushed.payload(), "boxed sender key");

  v1::ClientMessage sync;
  sync.mutable_sync_inbox();
  ASSERT_EQ(Call(*nonmember, sync).inbox_messages().messages_size(), 1);
  v1::ClientMessage ack_inbox;
  ack_inbox.mutable_ack_inbox()->set_up_to_seq(ack.direct_ack().seqs(0));
  ASSERT_TRUE(Call(*nonmember, ack_inbox).has_ok());
  EXPECT_EQ(Call(*nonmember, sync).inbox_messages().messages_size(), 0);
}

TEST_F(RelayMessagesTest, RefusesDirectMessagesToUnknownOrUnrelatedDevices) {
  EXPECT_EQ(Call(*member, SendDirectReq(NewTestId(), NewTestId())).error().code(),
            v1::PERMISSION_DENIED);
  std::string outsider_device = ToString(outsider->identity.device_id());
  EXPECT_EQ(Call(*member, SendDirectReq(outsider_device, NewTestId())).error().code(),
            v1::PERMISSION_DENIED);
  EXPECT_TRUE(outsider->conn.Pushes(Body::kPushInbox).empty());
}

TEST_F(RelayMessagesTest, AnswersABadFrameWithItsRequestIdAndClosesAfterThreeInARow) {
  v1::ClientMessage bad = SendGroupReq("short", epoch, NewTestId(), "x");
  bad.set_request_id(77);
  relay_->HandleFrame(member->id, protocol::Encode(bad));
  v1::ServerMessage reply = *member->conn.ReplyTo(77);
  EXPECT_EQ(reply.error().code(), v1::BAD_REQUEST);
  relay_->HandleFrame(member->id, "\xff\xff");
  EXPECT_FALSE(member->conn.close_code.has_value());
  relay_->HandleFrame(member->id, "\xff\xff");
  EXPECT_EQ(member->conn.close_code, protocol::close_code::kInvalidPayload);
}

TEST_F(RelayMessagesTest, ResetsTheBadFrameCountAfterAGoodFrame) {
  relay_->HandleFrame(member->id, "\xff\xff");
  relay_->HandleFrame(member->id, "\xff\xff");
  ASSERT_TRUE(Call(*member, GetGroupReq(group)).has_group_info());
  relay_->HandleFrame(member->id, "\xff\xff");
  EXPECT_FALSE(member->conn.close_code.has_value());
}

TEST_F(RelayMessagesTest, RefusesAnotherAuthenticationOnAnAuthenticatedConnection) {
  EXPECT_EQ(Call(*member, AuthenticateRequest(*member)).error().code(), v1::BAD_REQUEST);
  EXPECT_FALSE(member->conn.close_code.has_value());
}

}  // namespace
}  // namespace weerbaar::server
