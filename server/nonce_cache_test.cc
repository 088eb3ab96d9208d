#include "server/nonce_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace weerbaar::server {
namespace {

TEST(NonceCacheTest, ANonceIsRefusedWhileItsRequestCouldStillBeAccepted) {
  NonceCache cache(10, /*window_ms=*/1000);
  ASSERT_TRUE(cache.Admit("n1", 0).ok());
  EXPECT_EQ(cache.Admit("n1", 0).code(), Code::kAlreadyExists);
  // A request signed at t may arrive until t + window, and t may be up to a window ahead
  // of the server's clock: so the nonce is kept for two windows.
  EXPECT_EQ(cache.Admit("n1", 1999).code(), Code::kAlreadyExists);
  EXPECT_TRUE(cache.Admit("n1", 2000).ok());
}

TEST(NonceCacheTest, WhenFullOfLiveNoncesANewOneIsRefusedNotAnOldOneForgotten) {
  NonceCache cache(3, 1000);
  for (std::string n : {"a", "b", "c"}) ASSERT_TRUE(cache.Admit(n, 0).ok());
  EXPECT_EQ(cache.Admit("d", 10).code(), Code::kResourceExhausted);
  EXPECT_EQ(cache.Admit("a", 10).code(), Code::kAlreadyExists);  // still remembered
  EXPECT_TRUE(cache.Admit("d", 2000).ok());                      // the others expired
  EXPECT_EQ(cache.size(), 1u);
}

TEST(NonceCacheTest, AClockSteppingBackNeverShortensHowLongANonceIsKept) {
  NonceCache cache(10, 1000);
  ASSERT_TRUE(cache.Admit("late", 5000).ok());
  ASSERT_TRUE(cache.Admit("early", 0).ok());  // the clock stepped back
  EXPECT_EQ(cache.Admit("late", 6999).code(), Code::kAlreadyExists);
  EXPECT_EQ(cache.Admit("early", 6999).code(), Code::kAlreadyExists);
}

}  // namespace
}  // namespace weerbaar::server
