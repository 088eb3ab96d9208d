// Injected I/O faults (docs/reliability.md, "Power loss and fault injection").
//
// For each kind of operation (write, sync, read, metadata) and each n: a fresh store on
// FaultFs runs the writer workload with the nth operation of that kind failing once.
// Every request must be answered exactly once, OK or with an error Status (the test
// waits for every answer: a hang is a failure ctest reports); nothing may crash. Then
// the fault is removed, the store reopened, and it must hold every acknowledged write
// exactly once, nothing invented, seqs gapless, resends deduplicated.
//
// WEERBAAR_FAULT_POINTS (default 6) values of n per kind, spread over the operations of
// that kind in a clean run; 0 means every n (the long run).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <vector>

#include "storage/fault_workload.h"

namespace weerbaar::storage {
namespace {

using Op = FaultFs::Op;

struct KindTally {
  uint64_t runs = 0, fired = 0, open_refused = 0, reopened = 0;
  uint64_t sent = 0, acked = 0, refused = 0;
  std::map<Code, uint64_t> errors;  // answers to writes, flushes, compactions, reads, opens
  Verdict sum;
};

void InjectAndCheck(Op op, uint64_t n, KindTally& tally) {
  FaultScenario scenario;
  Ledger ledger;
  scenario.fs->FailNth(op, n);
  ++tally.runs;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
    if (store.ok()) {
      RunWorkload(**store, *scenario.fs, WorkloadOptions{}, ledger);
    } else {
      ++tally.open_refused;
      ++tally.errors[store.status().code()];
    }
  }
  tally.fired += scenario.fs->fault_fired();
  scenario.fs->ClearFaults();
  EXPECT_EQ(ledger.double_answers, 0u);
  EXPECT_EQ(ledger.acked.size() + ledger.refused.size(), ledger.sent.size())
      << "a write was never answered";
  tally.sent += ledger.sent.size();
  tally.acked += ledger.acked.size();
  tally.refused += ledger.refused.size();
  for (const auto& [code, count] : ledger.errors) tally.errors[code] += count;
  Result<std::unique_ptr<Store>> reopened = Store::Open(scenario.options());
  if (!reopened.ok()) {
    ADD_FAILURE() << FaultFs::OpName(op) << " fault " << n
                  << ": reopen failed: " << reopened.status().ToString();
    return;
  }
  ++tally.reopened;
  const Verdict v = Check(**reopened, ledger);
  EXPECT_TRUE(v.clean()) << FaultFs::OpName(op) << " fault " << n << ": " << v.ToString();
  tally.sum.Add(v);
}

// Operations of each kind in a clean run.
std::map<Op, uint64_t> CountsOfCleanRun() {
  FaultScenario scenario;
  Ledger ledger;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (store.ok()) RunWorkload(**store, *scenario.fs, WorkloadOptions{}, ledger);
  }
  std::map<Op, uint64_t> counts;
  for (Op op : {Op::kWrite, Op::kSync, Op::kRead, Op::kMetadata}) {
    counts[op] = scenario.fs->count(op);
  }
  return counts;
}

std::vector<uint64_t> PointsOf(uint64_t total, uint64_t points) {
  std::vector<uint64_t> ns;
  if (points == 0 || points >= total) points = total;
  for (uint64_t i = 0; i < points; ++i) ns.push_back(1 + i * total / points);
  return ns;
}

std::string Errors(const std::map<Code, uint64_t>& errors) {
  std::string out;
  for (const auto& [code, n] : errors) {
    out += (out.empty() ? "" : ", ") + std::string(CodeName(code)) + " " + std::to_string(n);
  }
  return out.empty() ? "-" : out;
}

void PrintRow(Op op, uint64_t total, const KindTally& t) {
  std::printf("| %s | %llu of %llu | %llu | %llu | %llu/%llu | %s | %llu | %llu | %llu | %llu |\n",
              FaultFs::OpName(op), static_cast<unsigned long long>(t.runs),
              static_cast<unsigned long long>(total), static_cast<unsigned long long>(t.fired),
              static_cast<unsigned long long>(t.open_refused),
              static_cast<unsigned long long>(t.acked), static_cast<unsigned long long>(t.sent),
              Errors(t.errors).c_str(), static_cast<unsigned long long>(t.reopened),
              static_cast<unsigned long long>(t.sum.acked_checked),
              static_cast<unsigned long long>(t.sum.lost),
              static_cast<unsigned long long>(t.sum.in_doubt_present));
}

TEST(FaultInjectionTest, EveryRequestSucceedsOrFailsCleanlyAndTheStoreReopensConsistent) {
  const uint64_t points = EnvNumber("WEERBAAR_FAULT_POINTS", 6);
  const std::map<Op, uint64_t> totals = CountsOfCleanRun();
  std::map<Op, KindTally> tallies;
  for (const auto& [op, total] : totals) {
    for (uint64_t n : PointsOf(total, points)) InjectAndCheck(op, n, tallies[op]);
  }
  std::printf(
      "| fault | n tried | fired | open refused | writes acked/sent | errors answered | "
      "reopened | acked checked | lost | in doubt, stored "
      "|\n|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& [op, tally] : tallies) {
    PrintRow(op, totals.at(op), tally);
    EXPECT_EQ(tally.reopened, tally.runs) << FaultFs::OpName(op);
    EXPECT_EQ(tally.sum.lost, 0u) << FaultFs::OpName(op);
    // The faults bite: each kind fired and made some request fail.
    EXPECT_GT(tally.fired, 0u) << FaultFs::OpName(op);
    EXPECT_FALSE(tally.errors.empty()) << FaultFs::OpName(op);
  }
}

// A store that lost power after its last acknowledged write: its WAL holds writes no
// memtable flush has written to an SST file, so the next open replays them.
void LosePowerAfterWorkload(FaultScenario& scenario, Ledger& ledger) {
  {
    Result<std::unique_ptr<Store>> store = Store::Open(scenario.options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    // Round 7 neither flushes nor compacts: its writes are only in the WAL.
    RunWorkload(**store, *scenario.fs, WorkloadOptions{.rounds = 7}, ledger);
    scenario.fs->CrashAt(1);  // before the shutdown flush
  }
  ASSERT_TRUE(scenario.fs->PowerLoss().ok());
}

uint64_t ReadsOfARecovery() {
  FaultScenario scenario;
  Ledger ledger;
  LosePowerAfterWorkload(scenario, ledger);
  const uint64_t before = scenario.fs->count(Op::kRead);
  EXPECT_TRUE(Store::Open(scenario.options()).ok());
  return scenario.fs->count(Op::kRead) - before;
}

// A read fault while the store recovers (reading the MANIFEST, replaying the WAL): the
// open either fails or recovers everything. A replay that stopped early and was then
// flushed would lose acknowledged writes for good; the clean open after it would see that.
TEST(FaultInjectionTest, AReadFaultDuringRecoveryNeverDropsAcknowledgedWrites) {
  const uint64_t total = ReadsOfARecovery();
  KindTally tally;
  for (uint64_t n : PointsOf(total, EnvNumber("WEERBAAR_FAULT_POINTS", 6))) {
    FaultScenario scenario;
    Ledger ledger;
    ASSERT_NO_FATAL_FAILURE(LosePowerAfterWorkload(scenario, ledger));
    scenario.fs->FailNth(Op::kRead, n);
    ++tally.runs;
    Status opened = Store::Open(scenario.options()).status();
    tally.fired += scenario.fs->fault_fired();
    if (!opened.ok()) ++tally.open_refused, ++tally.errors[opened.code()];
    scenario.fs->ClearFaults();
    Result<std::unique_ptr<Store>> reopened = Store::Open(scenario.options());
    ASSERT_TRUE(reopened.ok()) << "read fault " << n << ": " << reopened.status().ToString();
    ++tally.reopened;
    tally.acked += ledger.acked.size();
    tally.sent += ledger.sent.size();
    const Verdict v = Check(**reopened, ledger);
    EXPECT_TRUE(v.clean()) << "read fault " << n << " in recovery: " << v.ToString();
    tally.sum.Add(v);
  }
  std::printf("read faults during recovery:\n");
  PrintRow(Op::kRead, total, tally);
  EXPECT_GT(tally.fired, 0u);
  EXPECT_GT(tally.sum.acked_checked, 0u);
}

}  // namespace
}  // namespace weerbaar::storage
