// Horizons: what a shortened period hid is never served again, however the period changes
// afterwards and whenever sweeps and restarts happen (ManualClock, no sleeping).
#include <gtest/gtest.h>

#include "storage/store_test_env.h"
#include "storage/store_test_peer.h"

namespace weerbaar::storage {
namespace {

constexpr int64_t kDay = kDayMs;
constexpr DataClass kChat = DataClass::kChatMessage;

class StoreHorizonTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorldWithMember(&w_, &member_));
    ASSERT_TRUE(SetPolicy(kChat, 30 * kDay, kHourMs, 30 * kDay).ok());
  }

  Result<AppendResult> Post(const Id& client_msg_id = RandomId()) {
    return Send(w_.group, w_.leader, store_->GetGroup(w_.group)->epoch, client_msg_id, "sealed");
  }
  uint64_t PostOk(const Id& client_msg_id = RandomId()) {
    Result<AppendResult> posted = Post(client_msg_id);
    EXPECT_TRUE(posted.ok()) << posted.status().ToString();
    return posted.ok() ? posted->seq : 0;
  }
  uint64_t DeliverOk() {
    auto delivered = Deliver(
        {{member_.device_id, w_.leader.device_id, w_.leader.user_id, RandomId(), "payload"}});
    EXPECT_TRUE(delivered.ok()) << delivered.status().ToString();
    return delivered.ok() ? delivered->at(0).seq : 0;
  }
  Result<Done> ClearCommunityPeriod() {
    return Await<Done>(
        [&](auto done) { store_->ClearCommunityRetention(w_.community, kChat, {}, done); });
  }
  bool Served(uint64_t seq) {
    auto messages = store_->ReadGroup(w_.group, 0, 1000);  // named: a temporary would dangle
    EXPECT_TRUE(messages.ok());
    for (const StoredMessage& m : *messages) {
      if (m.seq == seq) return true;
    }
    return false;
  }
  bool InInbox(uint64_t seq) {
    auto entries = store_->ReadInbox(member_.device_id, 0, 1000);
    EXPECT_TRUE(entries.ok());
    for (const InboxEntry& e : *entries) {
      if (e.seq == seq) return true;
    }
    return false;
  }
  // Absent from every read path: get, group read, export, and the dedup inside a write.
  void ExpectGoneEverywhere(uint64_t seq, const Id& client_msg_id) {
    EXPECT_EQ(store_->GetMessage(w_.group, seq).status().code(), Code::kNotFound);
    EXPECT_FALSE(Served(seq));
    EXPECT_TRUE(store_->ExportUser(w_.leader.user_id)->messages.empty());
    Result<AppendResult> retry = Post(client_msg_id);
    ASSERT_TRUE(retry.ok());
    EXPECT_FALSE(retry->duplicate);
    EXPECT_NE(retry->seq, seq);
  }
  bool OnDisk(uint64_t seq) {
    return StoreTestPeer::RawGet(*store_, "messages", StoreTestPeer::SeqKey(w_.group, seq))
        .has_value();
  }

  World w_;
  RegisterOutcome member_;
};

TEST_F(StoreHorizonTest, LengtheningBeforeAnySweepNeverBringsBackWhatAShorteningHid) {
  const Id client_msg_id = RandomId();
  const uint64_t seq = PostOk(client_msg_id);  // under 30 days: stored expiry 30 days away
  clock_.Advance(5 * kDay);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, kDay).ok());
  EXPECT_FALSE(Served(seq));
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 30 * kDay).ok());
  ASSERT_TRUE(OnDisk(seq));  // not swept: only the horizon keeps it away
  ASSERT_NO_FATAL_FAILURE(ExpectGoneEverywhere(seq, client_msg_id));

  Reopen();
  EXPECT_EQ(store_->GetMessage(w_.group, seq).status().code(), Code::kNotFound);
  EXPECT_FALSE(Served(seq));
  ASSERT_TRUE(OnDisk(seq));
  auto swept = store_->SweepWithReport();
  ASSERT_TRUE(swept.ok());
  EXPECT_FALSE(OnDisk(seq));
  // Its data key goes too: its day ended before the horizon, 25 days before its period did.
  EXPECT_EQ(swept->data_keys_destroyed, 1u);
  EXPECT_EQ(store_->GetMessage(w_.group, seq).status().code(), Code::kNotFound);
}

TEST_F(StoreHorizonTest, TheCompactionFilterDropsWhatAHorizonHidesWithoutASweep) {
  const uint64_t seq = PostOk();
  clock_.Advance(5 * kDay);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, kDay).ok());
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 30 * kDay).ok());
  Reopen();  // the filter judges by the horizons loaded at open
  ASSERT_TRUE(store_->Flush().ok());
  ASSERT_TRUE(store_->CompactAll().ok());
  EXPECT_FALSE(OnDisk(seq));
}

TEST_F(StoreHorizonTest, ResettingACommunitysOwnPeriodKeepsWhatItHid) {
  const uint64_t seq = PostOk();
  clock_.Advance(5 * kDay);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 2 * kDay).ok());
  EXPECT_FALSE(Served(seq));
  ASSERT_TRUE(ClearCommunityPeriod().ok());  // back to the default of 30 days
  EXPECT_EQ(store_->GetRetention(w_.community, kChat)->period_ms, 30 * kDay);
  EXPECT_FALSE(Served(seq));
  const uint64_t later = PostOk();
  clock_.Advance(29 * kDay);
  EXPECT_TRUE(Served(later));
}

TEST_F(StoreHorizonTest, AnAdminChangeOfTheEffectivePeriodKeepsWhatItHidForEveryScope) {
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 20 * kDay).ok());
  const uint64_t seq = PostOk();
  const uint64_t entry = DeliverOk();  // pairwise: outside any community, the default applies
  clock_.Advance(5 * kDay);
  // Narrower bounds clamp the community's choice to 2 days; the default becomes 2 days.
  ASSERT_TRUE(SetPolicy(kChat, 2 * kDay, kHourMs, 2 * kDay).ok());
  EXPECT_TRUE(store_->GetRetention(w_.community, kChat)->clamped);
  EXPECT_FALSE(Served(seq));
  EXPECT_FALSE(InInbox(entry));
  ASSERT_TRUE(SetPolicy(kChat, 30 * kDay, kHourMs, 30 * kDay).ok());
  EXPECT_EQ(store_->GetRetention(w_.community, kChat)->period_ms, 20 * kDay);
  EXPECT_FALSE(Served(seq));
  EXPECT_FALSE(InInbox(entry));
  Reopen();
  EXPECT_FALSE(Served(seq));
  EXPECT_FALSE(InInbox(entry));
}

TEST_F(StoreHorizonTest, RecordsWrittenAfterTheShorteningFollowTheirOwnRules) {
  const uint64_t old_one = PostOk();
  clock_.Advance(5 * kDay);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, kDay).ok());
  const uint64_t under_short = PostOk();  // stored expiry: one day
  clock_.Advance(kHourMs);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 30 * kDay).ok());
  const uint64_t under_long = PostOk();
  const int64_t long_deadline = clock_.NowMillis() + 30 * kDay;
  EXPECT_FALSE(Served(old_one));
  EXPECT_TRUE(Served(under_short));  // the horizon lies before it
  clock_.Advance(kDay - kHourMs - 1);
  EXPECT_TRUE(Served(under_short));
  clock_.Advance(1);  // its stored expiry
  EXPECT_FALSE(Served(under_short));
  clock_.Set(long_deadline - 1);
  EXPECT_TRUE(Served(under_long));
  clock_.Advance(1);
  EXPECT_FALSE(Served(under_long));
}

TEST_F(StoreHorizonTest, AnotherCommunityIsUntouchedByThisOnesHorizon) {
  World other;
  ASSERT_NO_FATAL_FAILURE(MakeWorld(&other));
  auto theirs = Send(other.group, other.leader, 1, RandomId());
  ASSERT_TRUE(theirs.ok());
  clock_.Advance(5 * kDay);
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, kDay).ok());
  ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, 30 * kDay).ok());
  ASSERT_TRUE(store_->SweepWithReport().ok());
  EXPECT_EQ(store_->GetMessage(other.group, theirs->seq)->seq, theirs->seq);
}

}  // namespace
}  // namespace weerbaar::storage
