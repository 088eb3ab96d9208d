// The retention rules as tables of input and expected output.
#include "storage/retention_rules.h"

#include <gtest/gtest.h>

namespace weerbaar::storage {
namespace {

constexpr int64_t kYear = 365 * kDayMs;

TEST(RetentionRulesTest, ValidatesPoliciesAgainstTheirOwnBoundsAndTheHardLimits) {
  struct Case {
    DataClass data_class;
    RetentionPolicy policy;
    bool ok;
  };
  const Case cases[] = {
      {DataClass::kChatMessage, {90 * kDayMs, kDayMs, 2 * kYear}, true},
      {DataClass::kChatMessage, {kDayMs, kDayMs, kDayMs}, true},
      {DataClass::kChatMessage, {0, 0, kDayMs}, false},                    // below the floor
      {DataClass::kChatMessage, {kDayMs, kDayMs, 11 * kYear}, false},      // above the ceiling
      {DataClass::kChatMessage, {3 * kDayMs, 2 * kDayMs, kDayMs}, false},  // min above max
      {DataClass::kChatMessage, {kDayMs / 2, kDayMs, 2 * kDayMs}, false},  // default below min
      {DataClass::kChatMessage, {3 * kDayMs, kDayMs, 2 * kDayMs}, false},  // default above max
      {DataClass::kAuditEntry, {2 * kYear, kYear, 5 * kYear}, true},
      {DataClass::kAuditEntry, {30 * kDayMs, kDayMs, 5 * kYear}, false},  // the audit floor
      {DataClass::kAccount, {kDayMs, kDayMs, kDayMs}, false},             // kept forever
      {DataClass::kSystem, {kDayMs, kDayMs, kDayMs}, false},
      {DataClass(77), {kDayMs, kDayMs, kDayMs}, false},
  };
  for (const Case& c : cases) {
    const Status s = ValidatePolicy(c.data_class, c.policy);
    EXPECT_EQ(s.ok(), c.ok) << static_cast<int>(c.data_class) << " " << c.policy.default_ms;
    if (!s.ok()) {
      EXPECT_EQ(s.code(), Code::kInvalidArgument);
    }
  }
}

TEST(RetentionRulesTest, LetsACommunityChooseOnlyWithinTheBoundsOfTheClassesItMay) {
  const RetentionPolicy bounds{30 * kDayMs, kDayMs, 60 * kDayMs};
  struct Case {
    DataClass data_class;
    int64_t period;
    bool ok;
  };
  const Case cases[] = {
      {DataClass::kChatMessage, kDayMs, true},
      {DataClass::kChatMessage, 60 * kDayMs, true},
      {DataClass::kChatMessage, kDayMs - 1, false},
      {DataClass::kChatMessage, 60 * kDayMs + 1, false},
      {DataClass::kSignalReport, 7 * kDayMs, true},
      {DataClass::kSurveyResponse, 7 * kDayMs, true},
      {DataClass::kPartnerShare, 7 * kDayMs, false},
      {DataClass::kAuditEntry, 7 * kDayMs, false},
      {DataClass::kConsentRecord, 7 * kDayMs, false},
      {DataClass::kAccount, 7 * kDayMs, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ValidateCommunityPeriod(c.data_class, bounds, c.period).ok(), c.ok)
        << static_cast<int>(c.data_class) << " " << c.period;
  }
}

TEST(RetentionRulesTest, TheEffectivePeriodIsTheCommunitysChoiceClampedOrTheDefault) {
  const RetentionPolicy p{30, 10, 60};
  EXPECT_EQ(EffectivePeriod(p, std::nullopt), 30);
  EXPECT_EQ(EffectivePeriod(p, 20), 20);
  EXPECT_EQ(EffectivePeriod(p, 5), 10);
  EXPECT_EQ(EffectivePeriod(p, 90), 60);
}

TEST(RetentionRulesTest, ADeadlineIsTheEarlierOfTheStoredExpiryAndCreationPlusThePeriod) {
  struct Case {
    int64_t created, expiry, period, deadline;
  };
  const Case cases[] = {
      {1000, 5000, 3000, 4000},          // shortened: the period wins
      {1000, 5000, 9000, 5000},          // lengthened: the stored expiry wins
      {1000, kKeepForever, 3000, 4000},  // kept until pruned: the period decides
      {1000, kKeepForever, kKeepForever, kKeepForever},
      {kKeepForever - 5, kKeepForever, 10, kKeepForever},  // saturates, never wraps
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Deadline(c.created, c.expiry, {c.period, kNoHorizon}), c.deadline)
        << c.created << " " << c.period;
  }
  EXPECT_FALSE(Expired(3999, 4000));
  EXPECT_TRUE(Expired(4000, 4000));
}

TEST(RetentionRulesTest, ARecordCreatedBeforeTheHorizonIsDeadWhateverThePeriod) {
  const RetentionRule rule{30 * kDayMs, 5000};
  EXPECT_EQ(Deadline(4999, kKeepForever, rule), 4999);
  EXPECT_TRUE(Expired(4999, Deadline(4999, kKeepForever, rule)));
  EXPECT_EQ(Deadline(5000, kKeepForever, rule), 5000 + 30 * kDayMs);  // at the horizon: live
  EXPECT_EQ(Deadline(6000, 7000, rule), 7000);  // after it: as without a horizon
}

TEST(RetentionRulesTest, AHorizonCoversExactlyWhatTheOldPeriodHidAndNeverGoesDown) {
  const int64_t now = 10 * kDayMs;
  const int64_t raised = RaisedHorizon(kNoHorizon, now, kDayMs);
  // The old period hid created + 1 day <= now; the horizon hides exactly those.
  EXPECT_TRUE(Expired(now, Deadline(now - kDayMs, kKeepForever, {kDayMs, kNoHorizon})));
  EXPECT_TRUE(Expired(now, Deadline(now - kDayMs, kKeepForever, {30 * kDayMs, raised})));
  EXPECT_FALSE(Expired(now, Deadline(now - kDayMs + 1, kKeepForever, {kDayMs, kNoHorizon})));
  EXPECT_FALSE(Expired(now, Deadline(now - kDayMs + 1, kKeepForever, {30 * kDayMs, raised})));
  EXPECT_EQ(RaisedHorizon(raised, now, 30 * kDayMs), raised);   // never lowered
  EXPECT_EQ(RaisedHorizon(raised, now, kKeepForever), raised);  // forever hid nothing
  EXPECT_TRUE(Lengthens(kDayMs, 30 * kDayMs));
  EXPECT_FALSE(Lengthens(30 * kDayMs, kDayMs));
  EXPECT_FALSE(Lengthens(kDayMs, kDayMs));
}

TEST(RetentionRulesTest, LiveFromIsTheEarliestCreationTheRuleKeeps) {
  const int64_t now = 10 * kDayMs;
  EXPECT_EQ(LiveFrom({kDayMs, kNoHorizon}, now), now - kDayMs + 1);
  EXPECT_EQ(LiveFrom({kDayMs, now - 1}, now), now - 1);
  EXPECT_EQ(LiveFrom({kKeepForever, kNoHorizon}, now), kNoHorizon);
  EXPECT_EQ(LiveFrom({kKeepForever, 42}, now), 42);
}

TEST(RetentionRulesTest, BucketsAreUtcDaysForTimeLimitedClassesOnly) {
  const int64_t nov_14_2023 = 1'700'000'000'000;
  EXPECT_EQ(BucketOf(DataClass::kChatMessage, nov_14_2023), 19675u);
  EXPECT_EQ(BucketOf(DataClass::kChatMessage, 19676 * kDayMs - 1), 19675u);
  EXPECT_EQ(BucketOf(DataClass::kChatMessage, 19676 * kDayMs), 19676u);
  EXPECT_EQ(BucketOf(DataClass::kAuditEntry, nov_14_2023), 19675u);
  EXPECT_EQ(BucketOf(DataClass::kAccount, nov_14_2023), 0u);
  EXPECT_EQ(BucketOf(DataClass::kMembership, nov_14_2023), 0u);
  EXPECT_EQ(BucketEndMs(19675), 19676 * kDayMs);
  EXPECT_EQ(KeyDeadline(19675, 90 * kDayMs), (19676 + 90) * kDayMs);
  EXPECT_EQ(KeyDeadline(19675, kKeepForever), kKeepForever);
}

TEST(RetentionRulesTest, EveryClassHasRulesAndOnlyTheLifetimeClassesAreKeptForever) {
  for (DataClass c : kAllDataClasses) {
    ASSERT_NE(RulesOf(c), nullptr);
    const bool forever = c == DataClass::kSystem || c == DataClass::kAccount ||
                         c == DataClass::kMembership || c == DataClass::kDelivery;
    EXPECT_EQ(KeptForever(c), forever) << RulesOf(c)->name;
    if (!forever) {
      EXPECT_TRUE(ValidatePolicy(c, RulesOf(c)->builtin).ok()) << RulesOf(c)->name;
    }
  }
  EXPECT_EQ(RulesOf(DataClass(0)), nullptr);
}

TEST(RetentionRulesTest, NamesEveryClassAndSaysWhichACommunityMayChoose) {
  for (DataClass c : kAllDataClasses) EXPECT_FALSE(DataClassName(c).empty());
  EXPECT_EQ(DataClassName(DataClass::kChatMessage), "chat-message");
  EXPECT_EQ(DataClassName(DataClass(0)), "");
  EXPECT_TRUE(CommunityMayChoose(DataClass::kSignalReport));
  EXPECT_FALSE(CommunityMayChoose(DataClass::kAuditEntry));
  EXPECT_FALSE(CommunityMayChoose(DataClass(0)));
}

}  // namespace
}  // namespace weerbaar::storage
