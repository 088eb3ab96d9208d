// Retention policies: built-in defaults, the admin's policy and bounds, a community's
// own choice, refusals, and the audit record of every change.
#include <gtest/gtest.h>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

constexpr int64_t kDay = kDayMs;

class StoreRetentionTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorld(&w_));
    admin_ = RandomId();
  }
  EffectiveRetention Retention(const Id& community, DataClass data_class) {
    Result<EffectiveRetention> r = store_->GetRetention(community, data_class);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : EffectiveRetention{};
  }
  size_t AuditEntries() { return store_->ReadAudit(1, 1000)->size(); }

  World w_;
  Id admin_;
};

TEST_F(StoreRetentionTest, BuiltInDefaultsApplyUntilAnAdminSetsAPolicy) {
  EffectiveRetention chat = Retention({}, DataClass::kChatMessage);
  EXPECT_EQ(chat.period_ms, 90 * kDay);
  EXPECT_EQ(chat.source, RetentionSource::kBuiltIn);
  EXPECT_EQ(chat.policy.min_ms, kDay);
  EXPECT_EQ(chat.policy.max_ms, 730 * kDay);
  EXPECT_EQ(Retention({}, DataClass::kAccount).period_ms, kKeepForever);
  EXPECT_EQ(Retention({}, DataClass::kAuditEntry).period_ms, 730 * kDay);

  ASSERT_TRUE(SetPolicy(DataClass::kChatMessage, 30 * kDay, kDay, 60 * kDay, admin_).ok());
  EXPECT_EQ(Retention({}, DataClass::kChatMessage).period_ms, 30 * kDay);
  EXPECT_EQ(Retention({}, DataClass::kChatMessage).source, RetentionSource::kAdmin);
  EXPECT_EQ(Retention(w_.community, DataClass::kChatMessage).source, RetentionSource::kAdmin);

  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 7 * kDay, admin_).ok());
  EffectiveRetention chosen = Retention(w_.community, DataClass::kChatMessage);
  EXPECT_EQ(chosen.period_ms, 7 * kDay);
  EXPECT_EQ(chosen.source, RetentionSource::kCommunity);
  EXPECT_FALSE(chosen.clamped);
  EXPECT_EQ(Retention(RandomId(), DataClass::kChatMessage).period_ms, 30 * kDay);
  EXPECT_EQ(store_->GetRetention({}, DataClass(99)).status().code(), Code::kInvalidArgument);
}

TEST_F(StoreRetentionTest, RefusesPoliciesOutsideTheirOwnBoundsAndLeavesNoTrace) {
  const size_t before = AuditEntries();
  EXPECT_EQ(SetPolicy(DataClass::kChatMessage, 90 * kDay, kDay, 60 * kDay).status().code(),
            Code::kInvalidArgument);  // default above max
  EXPECT_EQ(SetPolicy(DataClass::kChatMessage, 10 * kDay, 20 * kDay, 60 * kDay).status().code(),
            Code::kInvalidArgument);  // default below min
  EXPECT_EQ(SetPolicy(DataClass::kChatMessage, 30 * kDay, 60 * kDay, 20 * kDay).status().code(),
            Code::kInvalidArgument);  // min above max
  EXPECT_EQ(SetPolicy(DataClass::kAccount, kDay, kDay, kDay).status().code(),
            Code::kInvalidArgument);  // kept while the account exists
  EXPECT_EQ(SetPolicy(DataClass::kAuditEntry, kDay, kDay, kDay).status().code(),
            Code::kInvalidArgument);  // below the audit log's floor
  EXPECT_EQ(Retention({}, DataClass::kChatMessage).source, RetentionSource::kBuiltIn);
  EXPECT_EQ(AuditEntries(), before);
}

TEST_F(StoreRetentionTest, RefusesACommunityPeriodOutsideTheAdminBounds) {
  ASSERT_TRUE(SetPolicy(DataClass::kChatMessage, 30 * kDay, 7 * kDay, 60 * kDay).ok());
  const size_t before = AuditEntries();
  auto set = [&](DataClass c, int64_t period) {
    return SetCommunityPeriod(w_.community, c, period).status().code();
  };
  EXPECT_EQ(set(DataClass::kChatMessage, 7 * kDay - 1), Code::kInvalidArgument);
  EXPECT_EQ(set(DataClass::kChatMessage, 60 * kDay + 1), Code::kInvalidArgument);
  EXPECT_EQ(set(DataClass::kPartnerShare, 30 * kDay), Code::kInvalidArgument);
  EXPECT_EQ(set(DataClass::kAuditEntry, 730 * kDay), Code::kInvalidArgument);
  EXPECT_EQ(SetCommunityPeriod(RandomId(), DataClass::kChatMessage, 30 * kDay).status().code(),
            Code::kNotFound);
  EXPECT_EQ(AuditEntries(), before);
  EXPECT_EQ(set(DataClass::kChatMessage, 7 * kDay), Code::kOk);
  EXPECT_EQ(set(DataClass::kChatMessage, 60 * kDay), Code::kOk);
  EXPECT_EQ(set(DataClass::kSignalReport, 14 * kDay), Code::kOk);
}

TEST_F(StoreRetentionTest, EveryChangeIsInTheAuditLogWithPseudonymousIds) {
  ASSERT_TRUE(SetPolicy(DataClass::kChatMessage, 30 * kDay, kDay, 60 * kDay, admin_).ok());
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 7 * kDay, admin_).ok());
  ASSERT_TRUE(Await<Done>([&](auto done) {
                store_->ClearCommunityRetention(w_.community, DataClass::kChatMessage, admin_,
                                                done);
              }).ok());
  auto entries = store_->ReadAudit(1, 100);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  for (const AuditEntry& e : *entries) {
    EXPECT_EQ(e.action, AuditAction::kPolicyChange);
    EXPECT_EQ(e.actor, store_->Pseudonym(admin_));
    EXPECT_NE(e.actor, admin_);
    EXPECT_EQ(e.actor.size(), 16u);
  }
  EXPECT_EQ(entries->at(0).detail, "policy chat-message default=30d min=1d max=60d");
  EXPECT_TRUE(entries->at(0).subject.empty());
  EXPECT_EQ(entries->at(1).detail, "community chat-message period=7d");
  EXPECT_EQ(entries->at(1).subject, store_->Pseudonym(w_.community));
  EXPECT_EQ(entries->at(2).detail, "community chat-message cleared");
  EXPECT_EQ(Retention(w_.community, DataClass::kChatMessage).source, RetentionSource::kAdmin);
  EXPECT_TRUE(store_->VerifyAudit()->intact);
}

TEST_F(StoreRetentionTest, NarrowedBoundsClampACommunitysEarlierChoice) {
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kChatMessage, 7 * kDay).ok());
  ASSERT_TRUE(SetPolicy(DataClass::kChatMessage, 30 * kDay, 14 * kDay, 60 * kDay).ok());
  EffectiveRetention r = Retention(w_.community, DataClass::kChatMessage);
  EXPECT_EQ(r.period_ms, 14 * kDay);
  EXPECT_EQ(r.source, RetentionSource::kCommunity);
  EXPECT_TRUE(r.clamped);
}

TEST_F(StoreRetentionTest, ClearingACommunityWithoutAChoiceIsNotFound) {
  auto cleared = Await<Done>([&](auto done) {
    store_->ClearCommunityRetention(w_.community, DataClass::kChatMessage, admin_, done);
  });
  EXPECT_EQ(cleared.status().code(), Code::kNotFound);
}

TEST_F(StoreRetentionTest, PoliciesSurviveAReopen) {
  ASSERT_TRUE(SetPolicy(DataClass::kSignalReport, 30 * kDay, 7 * kDay, 60 * kDay).ok());
  ASSERT_TRUE(SetCommunityPeriod(w_.community, DataClass::kSignalReport, 10 * kDay).ok());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(Retention({}, DataClass::kSignalReport).period_ms, 30 * kDay);
  EXPECT_EQ(Retention(w_.community, DataClass::kSignalReport).period_ms, 10 * kDay);
  EXPECT_EQ(Retention(w_.community, DataClass::kSignalReport).policy.max_ms, 60 * kDay);
}

}  // namespace
}  // namespace weerbaar::storage
