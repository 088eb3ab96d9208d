#include "bench/loadgen/stats.h"

#include <gtest/gtest.h>

namespace weerbaar::bench {
namespace {

TEST(SamplesTest, PercentilesUseTheNearestRank) {
  Samples s;
  for (int64_t ms = 100; ms >= 1; --ms) s.Add(ms * 1'000'000);  // 1..100 ms, unsorted
  EXPECT_DOUBLE_EQ(s.PercentileMs(50), 50);
  EXPECT_DOUBLE_EQ(s.PercentileMs(99), 99);
  EXPECT_DOUBLE_EQ(s.PercentileMs(100), 100);
  EXPECT_DOUBLE_EQ(s.PercentileMs(0.1), 1);
}

TEST(SamplesTest, NoSamplesGiveZero) {
  Samples s;
  EXPECT_EQ(s.PercentileMs(99), 0);
  EXPECT_EQ(s.count(), 0u);
}

TEST(MedianTest, TakesTheMiddleOrTheMeanOfTheMiddleTwo) {
  EXPECT_EQ(Median({3, 1, 2}), 2);
  EXPECT_EQ(Median({4, 1, 2, 3}), 2.5);
  EXPECT_EQ(Median({7}), 7);
  EXPECT_EQ(Median({}), 0);
}

}  // namespace
}  // namespace weerbaar::bench
