// Retention policies, the audit chain and the Art. 30 record through the relay.
#include "server/relay_retention_test_util.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

class RelayRetentionTest : public NeighbourhoodTest {
 protected:
  std::vector<TestClient*> NonAdmins() {
    return {leader.get(),  member.get(),  nonmember.get(),
            removed.get(), partner.get(), outsider.get()};
  }
  v1::RetentionInfo Retention(TestClient& who, const std::string& community_id = "") {
    v1::ServerMessage reply = Call(who, GetRetentionReq(community_id));
    EXPECT_TRUE(reply.has_retention_info()) << reply.DebugString();
    return reply.retention_info();
  }
};

TEST_F(RelayRetentionTest, ShowsEveryoneTheRetentionInForceForEveryClass) {
  v1::RetentionInfo info = Retention(*outsider);
  EXPECT_EQ(info.classes_size(), 9);  // every class that holds personal data
  v1::ClassRetention chat = ClassIn(info, v1::DATA_CLASS_CHAT_MESSAGE);
  EXPECT_EQ(chat.name(), "chat-message");
  EXPECT_EQ(chat.period_ms(), 90 * kDay);
  EXPECT_EQ(chat.source(), v1::RETENTION_BUILT_IN);
  EXPECT_EQ(chat.min_ms(), kDay);
  EXPECT_TRUE(chat.community_may_choose());
  v1::ClassRetention account = ClassIn(info, v1::DATA_CLASS_ACCOUNT);
  EXPECT_TRUE(account.while_exists());
  EXPECT_EQ(account.period_ms(), 0u);
  EXPECT_FALSE(ClassIn(info, v1::DATA_CLASS_AUDIT_ENTRY).community_may_choose());
}

TEST_F(RelayRetentionTest, ShowsACommunitysRetentionToItsMembersAndAdminsOnly) {
  for (TestClient* who : {admin.get(), leader.get(), member.get(), nonmember.get(), partner.get()})
    EXPECT_EQ(Retention(*who, community).community_id(), community);
  EXPECT_EQ(Call(*outsider, GetRetentionReq(community)).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Call(*outsider, GetRetentionReq(NewTestId())).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Call(*admin, GetRetentionReq(NewTestId())).error().code(), v1::NOT_FOUND);
}

TEST_F(RelayRetentionTest, RefusesEveryAdminRequestToEveryoneButAdmins) {
  const v1::ClientMessage admin_only[] = {
      SetRetentionPolicyReq(v1::DATA_CLASS_CHAT_MESSAGE, 30 * kDay, kDay, 60 * kDay),
      VerifyAuditReq(), RecordsOfProcessingReq()};
  for (TestClient* who : NonAdmins()) {
    for (const v1::ClientMessage& req : admin_only) {
      v1::ServerMessage reply = Call(*who, req);
      EXPECT_EQ(reply.error().code(), v1::PERMISSION_DENIED) << req.DebugString();
    }
  }
  // Nothing changed: the policy is still the built-in one.
  EXPECT_EQ(ClassIn(Retention(*admin), v1::DATA_CLASS_CHAT_MESSAGE).source(),
            v1::RETENTION_BUILT_IN);
}

TEST_F(RelayRetentionTest, RefusesACommunitysPeriodToAllButItsLeaderAndAdmins) {
  auto req = SetCommunityRetentionReq(community, v1::DATA_CLASS_CHAT_MESSAGE, 7 * kDay);
  for (TestClient* who :
       {member.get(), nonmember.get(), removed.get(), partner.get(), outsider.get()})
    EXPECT_EQ(Call(*who, req).error().code(), v1::PERMISSION_DENIED);
  auto elsewhere = SetCommunityRetentionReq(other_community, v1::DATA_CLASS_CHAT_MESSAGE, kDay);
  EXPECT_EQ(Call(*leader, elsewhere).error().code(), v1::PERMISSION_DENIED);
  EXPECT_TRUE(Call(*leader, req).has_ok());
  EXPECT_TRUE(Call(*admin, elsewhere).has_ok());
}

TEST_F(RelayRetentionTest, AnAdminsPolicyAppliesWithinTheHardLimitsAndIsAudited) {
  uint64_t before = Call(*admin, VerifyAuditReq()).audit_verification().entries();
  auto ok = SetRetentionPolicyReq(v1::DATA_CLASS_CHAT_MESSAGE, 30 * kDay, kDay, 60 * kDay);
  ASSERT_TRUE(Call(*admin, ok).has_ok());
  v1::ClassRetention chat = ClassIn(Retention(*member), v1::DATA_CLASS_CHAT_MESSAGE);
  EXPECT_EQ(chat.period_ms(), 30 * kDay);
  EXPECT_EQ(chat.source(), v1::RETENTION_ADMIN);
  EXPECT_EQ(chat.max_ms(), 60 * kDay);

  // Below the hard floor of an hour, a class kept while it exists, the audit log's floor.
  for (const v1::ClientMessage& bad :
       {SetRetentionPolicyReq(v1::DATA_CLASS_CHAT_MESSAGE, kDay, 60'000, kDay),
        SetRetentionPolicyReq(v1::DATA_CLASS_ACCOUNT, kDay, kDay, kDay),
        SetRetentionPolicyReq(v1::DATA_CLASS_AUDIT_ENTRY, kDay, kDay, kDay)})
    EXPECT_EQ(Call(*admin, bad).error().code(), v1::BAD_REQUEST) << bad.DebugString();

  v1::AuditVerification check = Call(*admin, VerifyAuditReq()).audit_verification();
  EXPECT_TRUE(check.intact()) << check.problem();
  EXPECT_EQ(check.entries(), before + 1);  // the change, and none of the refused ones
  EXPECT_EQ(check.head_index(), check.anchor_index() + check.entries());
  EXPECT_EQ(check.head_hash().size(), 32u);
}

TEST_F(RelayRetentionTest, AnAuditVerificationRunsInTheBackgroundWhileOthersAreAnswered) {
  ASSERT_TRUE(Call(*member, ExportAccountReq()).has_account_export());  // an audit entry
  background_.Hold(4);
  uint64_t rid = Send(*admin, VerifyAuditReq());
  EXPECT_TRUE(Call(*member, GetRetentionReq()).has_retention_info());
  EXPECT_FALSE(admin->conn.ReplyTo(rid).has_value());

  EXPECT_EQ(background_.RunHeld(), 1u);
  ASSERT_TRUE(tasks_.RunUntil([&] { return admin->conn.ReplyTo(rid).has_value(); }));
  v1::AuditVerification check = admin->conn.ReplyTo(rid)->audit_verification();
  EXPECT_TRUE(check.intact());
  EXPECT_GT(check.entries(), 0u);
  EXPECT_EQ(check.head_index(), check.anchor_index() + check.entries());
  EXPECT_EQ(check.head_hash().size(), 32u);
}

TEST_F(RelayRetentionTest, ALeadersPeriodAppliesInHerCommunityWithinTheBounds) {
  auto week = SetCommunityRetentionReq(community, v1::DATA_CLASS_SIGNAL_REPORT, 7 * kDay);
  ASSERT_TRUE(Call(*leader, week).has_ok());
  v1::ClassRetention report = ClassIn(Retention(*member, community), v1::DATA_CLASS_SIGNAL_REPORT);
  EXPECT_EQ(report.period_ms(), 7 * kDay);
  EXPECT_EQ(report.source(), v1::RETENTION_COMMUNITY);
  // Elsewhere the default still applies.
  EXPECT_EQ(ClassIn(Retention(*member), v1::DATA_CLASS_SIGNAL_REPORT).period_ms(), 180 * kDay);

  auto too_long = SetCommunityRetentionReq(community, v1::DATA_CLASS_SIGNAL_REPORT, 3 * 365 * kDay);
  EXPECT_EQ(Call(*leader, too_long).error().code(), v1::BAD_REQUEST);
  auto not_hers = SetCommunityRetentionReq(community, v1::DATA_CLASS_AUDIT_ENTRY, 400 * kDay);
  EXPECT_EQ(Call(*leader, not_hers).error().code(), v1::BAD_REQUEST);

  ASSERT_TRUE(
      Call(*leader, ResetCommunityRetentionReq(community, v1::DATA_CLASS_SIGNAL_REPORT)).has_ok());
  report = ClassIn(Retention(*member, community), v1::DATA_CLASS_SIGNAL_REPORT);
  EXPECT_EQ(report.source(), v1::RETENTION_BUILT_IN);
  EXPECT_EQ(report.period_ms(), 180 * kDay);
}

TEST_F(RelayRetentionTest, TheRecordOfProcessingFollowsTheLiveConfiguration) {
  ASSERT_TRUE(
      Call(*admin, SetRetentionPolicyReq(v1::DATA_CLASS_CHAT_MESSAGE, 30 * kDay, kDay, 60 * kDay))
          .has_ok());
  v1::RecordsOfProcessing record = Call(*admin, RecordsOfProcessingReq()).records_of_processing();
  EXPECT_EQ(record.records_size(), 9);
  EXPECT_EQ(record.generated_at_ms(), static_cast<uint64_t>(clock_.NowMillis()));
  EXPECT_FALSE(record.security_measures().empty());
  bool chat_seen = false;
  for (const v1::ProcessingRecord& r : record.records()) {
    EXPECT_FALSE(r.purpose().empty());
    EXPECT_FALSE(r.lawful_basis().empty());
    EXPECT_FALSE(r.recipients().empty());
    EXPECT_EQ(r.retention().data_class(), r.data_class());
    if (r.data_class() != v1::DATA_CLASS_CHAT_MESSAGE) continue;
    chat_seen = true;
    EXPECT_EQ(r.retention().period_ms(), 30 * kDay);
    EXPECT_EQ(r.retention().source(), v1::RETENTION_ADMIN);
  }
  EXPECT_TRUE(chat_seen);
}

}  // namespace
}  // namespace weerbaar::server
