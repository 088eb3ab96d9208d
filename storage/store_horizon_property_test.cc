// Property: over random sequences of retention changes (admin policies, a community's own
// period set and reset), clock advances, writes, sweeps, compactions and restarts, a
// record once hidden by the period in force is never served again, and a record never
// hidden under any period in force is served. Bounded and seeded: the same run every time.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <vector>

#include "storage/store_test_env.h"

namespace weerbaar::storage {
namespace {

constexpr DataClass kChat = DataClass::kChatMessage;
constexpr std::array<int64_t, 6> kPeriods = {kHourMs,    kDayMs,     2 * kDayMs,
                                             3 * kDayMs, 7 * kDayMs, 30 * kDayMs};
constexpr std::array<int64_t, 5> kAdvances = {kHourMs, 6 * kHourMs, kDayMs, 2 * kDayMs, 5 * kDayMs};

// What the model knows of one record.
struct Tracked {
  bool in_group;  // else a pairwise inbox entry (outside any community)
  uint64_t seq;
  int64_t created_ms;
  int64_t expiry_ms;  // stored: created + the period in force when written
  bool ever_hidden = false;
};

class StoreHorizonPropertyTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(MakeWorldWithMember(&w_, &member_));
  }

  int64_t PeriodNow(bool in_group) {
    return store_->GetRetention(in_group ? w_.community : Id(), kChat)->period_ms;
  }
  int64_t Pick(size_t n) { return std::uniform_int_distribution<int64_t>(0, n - 1)(rng_); }

  void Write(bool in_group) {
    const int64_t now = clock_.NowMillis();
    uint64_t seq = 0;
    if (in_group) {
      auto posted = Send(w_.group, w_.leader, store_->GetGroup(w_.group)->epoch, RandomId());
      ASSERT_TRUE(posted.ok()) << posted.status().ToString();
      seq = posted->seq;
    } else {
      auto delivered =
          Deliver({{member_.device_id, w_.leader.device_id, w_.leader.user_id, RandomId(), "p"}});
      ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
      seq = delivered->at(0).seq;
    }
    tracked_.push_back({in_group, seq, now, now + PeriodNow(in_group)});
  }

  void ChangeAdminPolicy() {
    std::array<int64_t, 3> p = {kPeriods[Pick(6)], kPeriods[Pick(6)], kPeriods[Pick(6)]};
    std::sort(p.begin(), p.end());
    ASSERT_TRUE(SetPolicy(kChat, p[1], p[0], p[2]).ok());
  }
  void ChangeCommunityPeriod() {
    const RetentionPolicy bounds = store_->GetRetention(w_.community, kChat)->policy;
    const int64_t period = kPeriods[Pick(6)];
    if (period < bounds.min_ms || period > bounds.max_ms) return;
    ASSERT_TRUE(SetCommunityPeriod(w_.community, kChat, period).ok());
  }
  void ClearCommunityPeriod() {
    Result<Done> cleared = Await<Done>(
        [&](auto done) { store_->ClearCommunityRetention(w_.community, kChat, {}, done); });
    ASSERT_TRUE(cleared.ok() || cleared.status().code() == Code::kNotFound);
  }

  void Step(int64_t roll) {
    if (roll < 30) {
      clock_.Advance(kAdvances[Pick(kAdvances.size())]);
    } else if (roll < 55) {
      Write(/*in_group=*/roll < 45);
    } else if (roll < 70) {
      ChangeCommunityPeriod();
    } else if (roll < 75) {
      ClearCommunityPeriod();
    } else if (roll < 87) {
      ChangeAdminPolicy();
    } else if (roll < 94) {
      ASSERT_TRUE(store_->SweepWithReport().ok());
    } else if (roll < 97) {
      ASSERT_TRUE(store_->Flush().ok());
      ASSERT_TRUE(store_->CompactAll().ok());
    } else {
      Reopen();
    }
  }

  std::set<uint64_t> ServedSeqs(bool in_group) {
    std::set<uint64_t> seqs;
    if (in_group) {
      auto messages = store_->ReadGroup(w_.group, 0, 10000);  // named: a temporary would dangle
      for (const StoredMessage& m : *messages) seqs.insert(m.seq);
    } else {
      auto entries = store_->ReadInbox(member_.device_id, 0, 10000);
      for (const InboxEntry& e : *entries) seqs.insert(e.seq);
    }
    return seqs;
  }

  // Served exactly when never hidden: live now by the period in force and its stored
  // expiry, and never expired by a period in force before (checked after every step).
  void Check(int step) {
    const int64_t now = clock_.NowMillis();
    const std::set<uint64_t> group = ServedSeqs(true);
    const std::set<uint64_t> inbox = ServedSeqs(false);
    for (Tracked& t : tracked_) {
      const int64_t deadline = std::min(t.expiry_ms, t.created_ms + PeriodNow(t.in_group));
      t.ever_hidden = t.ever_hidden || now >= deadline;
      const bool served = (t.in_group ? group : inbox).contains(t.seq);
      if (!t.ever_hidden) ++served_checks_;
      EXPECT_EQ(served, !t.ever_hidden)
          << "step " << step << (t.in_group ? " group" : " inbox") << " seq " << t.seq;
    }
  }

  World w_;
  RegisterOutcome member_;
  std::mt19937_64 rng_{20261129};
  std::vector<Tracked> tracked_;
  size_t served_checks_ = 0;
};

TEST_F(StoreHorizonPropertyTest, ARecordOnceHiddenIsNeverServedAgainAndOneNeverHiddenIsServed) {
  size_t hidden_then_lengthened = 0;
  for (int step = 0; step < 250 && !HasFailure(); ++step) {
    ASSERT_NO_FATAL_FAILURE(Step(Pick(100)));
    Check(step);
    for (const Tracked& t : tracked_) {
      const int64_t now = clock_.NowMillis();
      if (t.ever_hidden && now < std::min(t.expiry_ms, t.created_ms + PeriodNow(t.in_group))) {
        ++hidden_then_lengthened;  // the case the horizon exists for
      }
    }
  }
  // The run exercised both outcomes and the case the horizon is for.
  EXPECT_GT(std::count_if(tracked_.begin(), tracked_.end(), [](auto& t) { return t.ever_hidden; }),
            0);
  EXPECT_GT(hidden_then_lengthened, 0u);
  EXPECT_GT(served_checks_, 0u);
}

}  // namespace
}  // namespace weerbaar::storage
