// Simulated power loss (docs/reliability.md, "Power loss and fault injection").
//
// For each crash point n: a fresh store on FaultFs runs the writer workload; the nth
// mutating file operation and every later one fail (the machine stopped there); the
// store is closed, the power loss drops everything not yet synced, and the store must
// reopen with every acknowledged write present exactly once, nothing invented, seqs
// gapless, and resends deduplicated. Crash points are spread evenly over the operations
// of a clean run, so they land in WAL writes, memtable flushes, compactions, MANIFEST and
// CURRENT updates and directory fsyncs.
//
// WEERBAAR_POWER_LOSS_POINTS (default 32) and WEERBAAR_POWER_LOSS_CONTROL_POINTS
// (default 10) set the number of crash points; the long run uses 500 and 100.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "storage/fault_workload.h"

namespace weerbaar::storage {
namespace {

struct CrashOutcome {
  bool crashed = false;
  std::string target;  // what the crash point hit
  bool reopened = false;
  Verdict verdict;
};

CrashOutcome CrashAndCheck(bool sync_writes, uint64_t crash_point) {
  FaultScenario scenario(sync_writes);
  Ledger ledger;
  scenario.fs->CrashAt(crash_point);
  {
    Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
    if (store.ok()) RunWorkload(**store, *scenario.fs, WorkloadOptions{}, ledger);
  }
  CrashOutcome out;
  out.crashed = scenario.fs->crashed();
  out.target = scenario.fs->crash_target();
  EXPECT_EQ(ledger.double_answers, 0u);
  EXPECT_TRUE(scenario.fs->PowerLoss().ok());
  Result<std::unique_ptr<Store>> reopened = Store::Open(scenario.options());
  out.reopened = reopened.ok();
  if (!reopened.ok()) {
    ADD_FAILURE() << "crash point " << crash_point << " (" << out.target
                  << "): reopen failed: " << reopened.status().ToString();
    return out;
  }
  out.verdict = Check(**reopened, ledger);
  EXPECT_EQ(scenario.fs->untracked(), 0u);
  return out;
}

// Mutating operations of a clean run, close included: [first, last] where the crash points
// go (from the start, or from the first message on).
std::pair<uint64_t, uint64_t> MutationsOfCleanRun(bool from_first_message) {
  FaultScenario scenario;
  Ledger ledger;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (store.ok()) RunWorkload(**store, *scenario.fs, WorkloadOptions{}, ledger);
  }
  EXPECT_EQ(ledger.acked.size(), ledger.sent.size());
  return {from_first_message ? ledger.world_mutations + 1 : 1, scenario.fs->mutations()};
}

struct Tally {
  uint64_t points = 0, crashed = 0, reopened = 0, points_with_loss = 0;
  Verdict sum;
  std::map<std::string, uint64_t> targets;

  void Add(uint64_t point, const CrashOutcome& o) {
    ++points;
    crashed += o.crashed;
    reopened += o.reopened;
    if (o.crashed) ++targets[o.target];
    const Verdict& v = o.verdict;
    points_with_loss += v.lost > 0;
    sum.Add(v);
    if (!v.clean() && !lost_expected) {
      ADD_FAILURE() << "crash point " << point << " (" << o.target << "): " << v.ToString();
    }
  }
  void Print(const char* title) const {
    std::printf(
        "%s: %llu crash points, %llu crashed, %llu reopened\n  %s\n  points with loss: %llu\n  "
        "crash points by file:",
        title, ULL(points), ULL(crashed), ULL(reopened), sum.ToString().c_str(),
        ULL(points_with_loss));
    for (const auto& [target, n] : targets) std::printf(" %s %llu", target.c_str(), ULL(n));
    std::printf("\n");
  }
  static unsigned long long ULL(uint64_t n) { return n; }

  bool lost_expected = false;
};

void Sweep(bool sync_writes, uint64_t points, Tally& tally) {
  // The negative control crashes only once messages flow: loss needs acknowledged writes.
  const auto [first, last] = MutationsOfCleanRun(!sync_writes);
  ASSERT_GT(last - first, points);
  for (uint64_t i = 0; i < points; ++i) {
    const uint64_t point = first + i * (last - first) / points;
    tally.Add(point, CrashAndCheck(sync_writes, point));
  }
}

TEST(PowerLossTest, KeepsEveryAcknowledgedWriteExactlyOnceAtEveryCrashPoint) {
  Tally tally;
  Sweep(true, EnvNumber("WEERBAAR_POWER_LOSS_POINTS", 32), tally);
  tally.Print("power loss, synced writes");
  EXPECT_EQ(tally.reopened, tally.points);
  EXPECT_EQ(tally.sum.lost, 0u);
  EXPECT_GT(tally.sum.acked_checked, 0u);
  // The points reach flushes and compactions (SST files) and version edits.
  EXPECT_GT(tally.targets["db/sst"], 0u);
  EXPECT_GT(tally.targets["db/manifest"], 0u);
}

// The negative control: acknowledging before the WAL is synced loses writes, and the
// harness must see it.
TEST(PowerLossTest, NegativeControlDetectsLostAcknowledgedWritesWhenSyncIsOff) {
  Tally tally;
  tally.lost_expected = true;
  Sweep(false, EnvNumber("WEERBAAR_POWER_LOSS_CONTROL_POINTS", 10), tally);
  tally.Print("power loss, sync_writes = false (negative control)");
  EXPECT_GT(tally.sum.lost, 0u);
  EXPECT_GT(tally.points_with_loss, 0u);
}

}  // namespace
}  // namespace weerbaar::storage
