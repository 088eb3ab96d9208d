// Export (Art. 15/20): exactly the user's data, and nobody else's.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

class StoreExportTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
    auto anna = NewGroupMember(w_, "Anna");
    auto bram = NewGroupMember(w_, "Bram");
    ASSERT_TRUE(anna.ok() && bram.ok());
    anna_ = *anna;
    bram_ = *bram;
  }
  Result<AppendResult> Say(const RegisterOutcome& who, const std::string& ciphertext) {
    return Send(w_.group, who, store_->GetGroup(w_.group)->epoch, RandomId(), ciphertext);
  }
  NewInboxMessage Pairwise(const RegisterOutcome& from, const RegisterOutcome& to,
                           const std::string& payload) {
    return {to.device_id, from.device_id, from.user_id, RandomId(), payload};
  }
  Result<Done> Cursor(const RegisterOutcome& who, uint64_t seq) {
    return Await<Done>([&](auto done) { store_->SetCursor(who.device_id, w_.group, seq, done); });
  }
  Result<Done> InviteBy(const RegisterOutcome& who) {
    InviteRecord invite = Invite(InviteKind::kCommunity);
    invite.community_id = w_.community;
    invite.created_by = who.user_id;
    return NewInvite(invite);
  }
  Result<uint64_t> AuditAbout(const Id& subject) {
    AuditEvent event{AuditAction::kShare, RandomId(), subject, "shared"};
    return Await<uint64_t>([&](auto done) { store_->AppendAudit(event, done); });
  }

  World w_;
  RegisterOutcome anna_, bram_;
};

TEST_F(StoreExportTest, HoldsExactlyTheUsersDataAndNoOneElses) {
  ASSERT_TRUE(Say(anna_, "anna-1").ok());
  ASSERT_TRUE(Say(bram_, "bram-1").ok());
  ASSERT_TRUE(Say(anna_, "anna-2").ok());
  ASSERT_TRUE(Deliver({Pairwise(bram_, anna_, "to-anna"), Pairwise(anna_, bram_, "to-bram")}).ok());
  ASSERT_TRUE(Cursor(anna_, 2).ok() && Cursor(bram_, 3).ok());
  ASSERT_TRUE(InviteBy(anna_).ok() && InviteBy(bram_).ok());
  ASSERT_TRUE(AuditAbout(anna_.user_id).ok() && AuditAbout(bram_.user_id).ok());
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 30 * kDayMs).ok());

  auto out = store_->ExportUser(anna_.user_id);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->exported_ms, clock_.NowMillis());
  EXPECT_EQ(out->user.user_id, anna_.user_id);
  EXPECT_EQ(out->user.display_name, "Anna");
  ASSERT_EQ(out->devices.size(), 1u);
  EXPECT_EQ(out->devices[0].device_id, anna_.device_id);
  EXPECT_EQ(out->devices[0].signing_key, std::string(32, 's'));
  ASSERT_EQ(out->communities.size(), 1u);
  EXPECT_EQ(out->communities[0].first.community_id, w_.community);
  EXPECT_EQ(out->communities[0].second, Role::kResident);
  ASSERT_EQ(out->groups.size(), 1u);
  EXPECT_EQ(out->groups[0].group_id, w_.group);
  ASSERT_EQ(out->messages.size(), 2u);
  EXPECT_EQ(out->messages[0].ciphertext, "anna-1");
  EXPECT_EQ(out->messages[0].seq, 1u);
  EXPECT_EQ(out->messages[1].ciphertext, "anna-2");
  EXPECT_EQ(out->messages[1].seq, 3u);
  ASSERT_EQ(out->inbox.size(), 1u);
  EXPECT_EQ(out->inbox[0].payload, "to-anna");
  ASSERT_EQ(out->cursors.size(), 1u);
  EXPECT_EQ(out->cursors[0].device_id, anna_.device_id);
  EXPECT_EQ(out->cursors[0].seq, 2u);
  ASSERT_EQ(out->invites.size(), 1u);
  EXPECT_EQ(out->invites[0].created_by, anna_.user_id);
  ASSERT_EQ(out->audit.size(), 1u);
  EXPECT_EQ(out->audit[0].subject, store_->Pseudonym(anna_.user_id));

  // Retention: every class, and for the classes a community may choose, her community.
  auto chat_in = [&](const Id& community) {
    return std::find_if(out->retention.begin(), out->retention.end(), [&](const auto& r) {
      return r.data_class == DataClass::kChatMessage && r.community_id == community;
    });
  };
  ASSERT_NE(chat_in(w_.community), out->retention.end());
  EXPECT_EQ(chat_in(w_.community)->period_ms, 30 * kDayMs);
  EXPECT_EQ(chat_in({})->period_ms, 90 * kDayMs);
  EXPECT_EQ(out->retention.size(), std::size(kAllDataClasses) + 3);

  // Nothing of Bram's, or of the leader's.
  for (const StoredMessage& m : out->messages) EXPECT_EQ(m.sender_user, anna_.user_id);
  for (const InboxEntry& e : out->inbox) EXPECT_EQ(e.device_id, anna_.device_id);
  auto bram = store_->ExportUser(bram_.user_id);
  ASSERT_TRUE(bram.ok());
  EXPECT_EQ(bram->messages.size(), 1u);
  EXPECT_EQ(bram->inbox.at(0).payload, "to-bram");
  EXPECT_EQ(bram->invites.at(0).created_by, bram_.user_id);
}

TEST_F(StoreExportTest, AnUnknownUserIsNotFound) {
  EXPECT_EQ(store_->ExportUser(RandomId()).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->ExportUser("").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::storage
