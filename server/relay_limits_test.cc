// Rate limits in the relay: token buckets per connection and per user, on a ManualClock.
#include "protocol/codec.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

v1::ClientMessage Ping() {
  v1::ClientMessage ping;
  ping.mutable_ping();
  return ping;
}

class RelayLimitsTest : public RelayTest {
 protected:
  // Applies the limits, then registers one admin (registration is not rate limited).
  void Start(RateLimit conn, RateLimit user, uint32_t strikes) {
    config_.connection_rate = conn;
    config_.user_rate = user;
    config_.rate_limit_strikes = strikes;
    MakeRelay();
    admin_ = Join(MintInvite(storage::InviteKind::kAdmin));
  }
  bool Pong(TestClient& c) { return Call(c, Ping()).has_pong(); }
  bool Limited(TestClient& c) {
    v1::ServerMessage reply = Call(c, Ping());
    return reply.has_error() && reply.error().code() == v1::RATE_LIMITED;
  }

  std::unique_ptr<TestClient> admin_;
};

TEST_F(RelayLimitsTest, RefusesRequestsOverTheConnectionBurstUntilTokensReturn) {
  Start({2, 3}, {1000, 1000}, 100);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Pong(*admin_)) << i;
  EXPECT_TRUE(Limited(*admin_));
  EXPECT_EQ(metrics_.rate_limited_total.load(), 1u);
  clock_.Advance(499);
  EXPECT_TRUE(Limited(*admin_));
  clock_.Advance(1);  // 2 a second: one token per 500 ms
  EXPECT_TRUE(Pong(*admin_));
  EXPECT_FALSE(admin_->conn.close_code.has_value());
}

TEST_F(RelayLimitsTest, SharesTheUserBucketAcrossHerConnections) {
  Start({1000, 1000}, {1, 4}, 100);
  auto second = Reconnect(*admin_);
  EXPECT_TRUE(Pong(*admin_));
  EXPECT_TRUE(Pong(*second));
  EXPECT_TRUE(Pong(*admin_));
  EXPECT_TRUE(Pong(*second));
  EXPECT_TRUE(Limited(*admin_));
  EXPECT_TRUE(Limited(*second));
}

TEST_F(RelayLimitsTest, ChargesNeitherBucketForARefusedRequest) {
  // The user bucket is empty; the connection bucket must not be drained by the refusals.
  Start({1, 2}, {10, 1}, 100);
  auto second = Reconnect(*admin_);
  EXPECT_TRUE(Pong(*admin_));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(Limited(*second));
  // 100 ms refill the user's token; a drained connection bucket would hold 0.1 by then.
  clock_.Advance(100);
  EXPECT_TRUE(Pong(*second));
}

TEST_F(RelayLimitsTest, ClosesWith1008AfterTheStrikesInARow) {
  Start({1, 1}, {1000, 1000}, 3);
  EXPECT_TRUE(Pong(*admin_));
  EXPECT_TRUE(Limited(*admin_));
  EXPECT_TRUE(Limited(*admin_));
  EXPECT_FALSE(admin_->conn.close_code.has_value());
  EXPECT_TRUE(Limited(*admin_));  // the third strike is answered, then the close follows
  EXPECT_EQ(admin_->conn.close_code, protocol::close_code::kPolicyViolation);
  // Frames after the close are ignored.
  size_t frames = admin_->conn.frames.size();
  relay_->HandleFrame(admin_->id, EncodeRequest(Ping(), 999));
  EXPECT_EQ(admin_->conn.frames.size(), frames);
}

TEST_F(RelayLimitsTest, AnAcceptedRequestResetsTheStrikes) {
  Start({1, 1}, {1000, 1000}, 3);
  for (int round = 0; round < 4; ++round) {
    EXPECT_TRUE(Pong(*admin_)) << round;
    EXPECT_TRUE(Limited(*admin_));
    EXPECT_TRUE(Limited(*admin_));
    clock_.Advance(1000);
  }
  EXPECT_FALSE(admin_->conn.close_code.has_value());
}

TEST_F(RelayLimitsTest, CountsEveryFrameIncludingUndecodableOnes) {
  Start({1, 2}, {1000, 1000}, 100);
  relay_->HandleFrame(admin_->id, "garbage");
  relay_->HandleFrame(admin_->id, "garbage");
  EXPECT_TRUE(Limited(*admin_));
}

}  // namespace
}  // namespace weerbaar::server
