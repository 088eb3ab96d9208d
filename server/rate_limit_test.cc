#include "server/rate_limit.h"

#include <gtest/gtest.h>

namespace weerbaar::server {
namespace {

// Takes as many tokens as the bucket gives at `now`.
int Drain(TokenBucket& bucket, int64_t now) {
  int taken = 0;
  while (bucket.Available(now)) {
    bucket.Take();
    ++taken;
  }
  return taken;
}

TEST(TokenBucketTest, StartsFullAndGivesExactlyTheBurst) {
  TokenBucket bucket({10, 25}, 1000);
  EXPECT_EQ(Drain(bucket, 1000), 25);
  EXPECT_FALSE(bucket.Available(1000));
}

TEST(TokenBucketTest, RefillsAtTheRateWithoutFractionsGettingLost) {
  TokenBucket bucket({10, 5}, 0);
  Drain(bucket, 0);
  // 10 a second is one token per 100 ms; 99 ms is not enough, 100 ms is.
  EXPECT_FALSE(bucket.Available(99));
  EXPECT_TRUE(bucket.Available(100));
  bucket.Take();
  // Partial refills add up: 3 x 50 ms = 1.5 tokens.
  EXPECT_FALSE(bucket.Available(150));
  EXPECT_TRUE(bucket.Available(200));
}

TEST(TokenBucketTest, NeverHoldsMoreThanTheBurst) {
  TokenBucket bucket({1000, 3}, 0);
  Drain(bucket, 0);
  EXPECT_EQ(Drain(bucket, 1'000'000'000), 3);
}

TEST(TokenBucketTest, IgnoresAClockThatGoesBack) {
  TokenBucket bucket({1, 1}, 10'000);
  Drain(bucket, 10'000);
  EXPECT_FALSE(bucket.Available(0));
  EXPECT_FALSE(bucket.Available(10'999));
  EXPECT_TRUE(bucket.Available(11'000));
}

TEST(TokenBucketTest, SurvivesTheLargestRateAndAVeryLongPause) {
  TokenBucket bucket({1'000'000, 1'000'000}, 0);
  Drain(bucket, 0);
  EXPECT_EQ(bucket.tokens(), 0u);
  EXPECT_TRUE(bucket.Available(INT64_MAX));
  EXPECT_EQ(bucket.tokens(), 1'000'000u);
}

}  // namespace
}  // namespace weerbaar::server
