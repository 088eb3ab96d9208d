// Timelines on a ManualClock: a record is served on every read path until its deadline,
// on none from it, and the sweep then deletes it.
#include <boost/json/parse.hpp>

#include "server/relay_retention_test_util.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;

class RelayTimelineTest : public NeighbourhoodTest {
 protected:
  size_t GroupMessages() {
    return Call(*member, SyncGroupReq(group, 0, 0)).group_messages().messages_size();
  }
  size_t InboxEntries() { return Call(*member, SyncInboxReq()).inbox_messages().messages_size(); }
  size_t ExportedMessages() {
    v1::ServerMessage reply = Call(*member, ExportAccountReq());
    return json::parse(reply.account_export().json()).at("messages").as_array().size();
  }
  uint64_t Sweep() {
    Result<storage::SweepReport> report = store_->SweepWithReport();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? report->records_deleted : 0;
  }
  // A message from the member to the group and a pairwise entry from the leader to her.
  void WriteBoth() {
    ASSERT_TRUE(Call(*member, SendGroupReq(group, epoch, NewTestId(), "ct")).has_send_ack());
    v1::ClientMessage direct = SendDirectReq(ToString(member->identity.device_id()), NewTestId());
    ASSERT_TRUE(Call(*leader, direct).has_direct_ack());
  }
};

TEST_F(RelayTimelineTest, ARecordIsServedUntilItsDeadlineAndOnNoReadPathFromIt) {
  // Chat messages kept two hours (the hard floor is one).
  ASSERT_TRUE(
      Call(*admin, SetRetentionPolicyReq(v1::DATA_CLASS_CHAT_MESSAGE, 2 * kHour, kHour, kDay))
          .has_ok());
  ASSERT_NO_FATAL_FAILURE(WriteBoth());
  Sweep();  // whatever the set-up left to delete

  clock_.Advance(2 * kHour - 1);  // 1 ms before the deadline
  EXPECT_EQ(GroupMessages(), 1u);
  EXPECT_EQ(InboxEntries(), 1u);
  EXPECT_EQ(ExportedMessages(), 1u);
  EXPECT_EQ(Sweep(), 0u);

  clock_.Advance(1);  // at the deadline: absent before any sweep
  EXPECT_EQ(GroupMessages(), 0u);
  EXPECT_EQ(InboxEntries(), 0u);
  EXPECT_EQ(ExportedMessages(), 0u);
  EXPECT_EQ(Call(*leader, SyncGroupReq(group, 0, 0)).group_messages().messages_size(), 0);

  EXPECT_GE(Sweep(), 2u);  // the message and the entry are deleted
  EXPECT_EQ(Sweep(), 0u);  // and gone: nothing is left to delete
  EXPECT_EQ(GroupMessages(), 0u);
}

TEST_F(RelayTimelineTest, ShorteningACommunitysPeriodHidesOlderMessagesAtOnceAndAsksForASweep) {
  int sweeps_asked = 0;
  relay_->SetSweepHook([&] { ++sweeps_asked; });
  ASSERT_NO_FATAL_FAILURE(WriteBoth());
  clock_.Advance(3 * kDay);
  EXPECT_EQ(GroupMessages(), 1u);
  ASSERT_TRUE(
      Call(*leader, SetCommunityRetentionReq(community, v1::DATA_CLASS_CHAT_MESSAGE, 2 * kDay))
          .has_ok());
  EXPECT_EQ(sweeps_asked, 1);
  EXPECT_EQ(GroupMessages(), 0u);
  EXPECT_EQ(InboxEntries(), 1u);  // pairwise entries belong to no community: the default
  // The sweep the server runs on that request deletes it, so lengthening brings nothing back.
  EXPECT_GE(Sweep(), 1u);
  ASSERT_TRUE(
      Call(*leader, SetCommunityRetentionReq(community, v1::DATA_CLASS_CHAT_MESSAGE, 30 * kDay))
          .has_ok());
  EXPECT_EQ(GroupMessages(), 0u);
}

}  // namespace
}  // namespace weerbaar::server
