#include "signals/calendar.h"

#include <gtest/gtest.h>

#include <chrono>

namespace weerbaar::signals {
namespace {

// 2024-01-03 (a Wednesday) 15:42:07 UTC.
constexpr int64_t kWednesday = 1'704'296'527'000;

TEST(CalendarTest, TruncatesToTheHourTheUtcDayAndTheIsoWeek) {
  EXPECT_EQ(BucketStart(kWednesday, TimeBucket::kHour), 1'704'294'000'000);  // 15:00
  EXPECT_EQ(BucketStart(kWednesday, TimeBucket::kDay), 1'704'240'000'000);   // 01-03 00:00
  EXPECT_EQ(BucketStart(kWednesday, TimeBucket::kWeek), 1'704'067'200'000);  // Mon 01-01
  // A Monday midnight is its own week start; the millisecond before is the previous week.
  EXPECT_EQ(BucketStart(1'704'067'200'000, TimeBucket::kWeek), 1'704'067'200'000);
  EXPECT_EQ(BucketStart(1'704'067'199'999, TimeBucket::kWeek), 1'704'067'200'000 - kWeekMs);
}

TEST(CalendarTest, NumbersIsoWeeksAcrossYearBoundaries) {
  struct Case {
    int64_t ms;
    const char* week;
  };
  for (const Case& c :
       {Case{kWednesday, "2024-W01"}, Case{1'609'675'200'000, "2020-W53"},  // Sun 2021-01-03
        Case{1'735'545'600'000, "2025-W01"},                                // Mon 2024-12-30
        Case{1'798'761'540'000, "2026-W53"},                                // Thu 2026-12-31
        Case{0, "1970-W01"},                                                // Thu 1970-01-01
        Case{1'700'000'000'000, "2023-W46"},                                // Tue 2023-11-14
        Case{1'711'848'600'000, "2024-W13"}}) {                             // Sun 2024-03-31
    EXPECT_EQ(IsoWeekOf(c.ms).ToString(), c.week) << c.ms;
  }
}

int64_t Utc(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count() * kDayMs;
}

TEST(CalendarTest, NumbersCalendarQuartersConsecutivelyAcrossYears) {
  const Quarter q4 = QuarterOf(Utc(2026, 12, 31) + kDayMs - 1);  // the last millisecond
  EXPECT_EQ(q4.number, 2026u * 4 + 3);
  EXPECT_EQ(q4.start_ms, Utc(2026, 10, 1));
  const Quarter q1 = QuarterOf(Utc(2027, 1, 1));
  EXPECT_EQ(q1.number, q4.number + 1);
  EXPECT_EQ(q1.start_ms, Utc(2027, 1, 1));
  EXPECT_EQ(QuarterOf(Utc(2027, 3, 31)).number, q1.number);
  EXPECT_EQ(QuarterOf(Utc(2027, 4, 1)).number, q1.number + 1);
  EXPECT_EQ(q4.StartAfter(0), q4.start_ms);
  EXPECT_EQ(q4.StartAfter(1), Utc(2027, 1, 1));
  EXPECT_EQ(q4.StartAfter(2), Utc(2027, 4, 1));
  EXPECT_EQ(QuarterOf(Utc(2028, 8, 15)).StartAfter(2), Utc(2029, 1, 1));
  EXPECT_EQ(QuarterOf(0).start_ms, 0);  // 1970-01-01 begins a quarter
}

TEST(CalendarTest, ParsesTheNamesItPrints) {
  for (TimeBucket b : {TimeBucket::kHour, TimeBucket::kDay, TimeBucket::kWeek}) {
    EXPECT_EQ(ParseTimeBucket(TimeBucketName(b)).value(), b);
  }
  EXPECT_EQ(ParseTimeBucket("month").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace weerbaar::signals
