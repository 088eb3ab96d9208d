#include "common/clock.h"

#include <gtest/gtest.h>

namespace weerbaar {
namespace {

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.NowMillis(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowMillis(), 1500);
  EXPECT_EQ(clock.MonotonicMillis(), 1500);
}

TEST(ClockTest, SystemClockIsAfter2024) {
  EXPECT_GT(SystemClock::Default()->NowMillis(), 1'704'067'200'000);
}

}  // namespace
}  // namespace weerbaar
