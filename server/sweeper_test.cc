#include "server/sweeper.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

class SweeperTest : public RelayTest {
 protected:
  Sweeper::Observer Record() {
    return [this](const Result<storage::SweepReport>& r) {
      std::lock_guard<std::mutex> lock(mu_);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      reports_.push_back(*r);
    };
  }
  std::vector<storage::SweepReport> Reports() {
    std::lock_guard<std::mutex> lock(mu_);
    return reports_;
  }

  ManualWait wait_;
  std::mutex mu_;
  std::vector<storage::SweepReport> reports_;
};

TEST_F(SweeperTest, SweepsOnlyWhenTheIntervalHasPassedAndReportsWhatWent) {
  Sweeper sweeper(*store_, wait_, 60'000, Record());
  sweeper.Start();
  wait_.AwaitWaits(1);
  EXPECT_EQ(wait_.last_interval_ms(), 60'000);
  EXPECT_TRUE(Reports().empty());  // nothing before the first interval passed

  MintInvite(storage::InviteKind::kAdmin);  // expires in an hour
  clock_.Advance(2 * 3'600'000);
  wait_.Wake();  // the interval passed
  wait_.AwaitWaits(2);
  ASSERT_EQ(Reports().size(), 1u);
  EXPECT_GE(Reports()[0].records_deleted, 1u);

  wait_.Wake();
  wait_.AwaitWaits(3);
  ASSERT_EQ(Reports().size(), 2u);
  EXPECT_EQ(Reports()[1].records_deleted, 0u);  // gone already
  sweeper.Stop();
}

TEST_F(SweeperTest, StopsWhileWaitingWithoutSweeping) {
  Sweeper sweeper(*store_, wait_, 1000, Record());
  sweeper.Start();
  wait_.AwaitWaits(1);
  sweeper.Stop();
  EXPECT_TRUE(Reports().empty());
  sweeper.Stop();  // idempotent
}

TEST_F(SweeperTest, RunsASweepAskedForBeforeStopExactlyOnce) {
  Sweeper sweeper(*store_, wait_, 1000, Record());
  sweeper.Start();
  wait_.AwaitWaits(1);
  sweeper.SweepSoon();
  sweeper.Stop();
  EXPECT_EQ(Reports().size(), 1u);
}

TEST(SteadyWaitTest, EndsAWaitEarlyWhenWokenAndForGoodWhenStopped) {
  SteadyWait wait;
  wait.Wake();
  EXPECT_TRUE(wait.Wait(3'600'000));  // a wake given before the wait is not lost
  wait.Stop();
  EXPECT_FALSE(wait.Wait(3'600'000));
}

}  // namespace
}  // namespace weerbaar::server
