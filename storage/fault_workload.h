// The writer workload of the power-loss and fault-injection tests, and the check of a
// reopened store against what the writer was told. Test only.
//
// The workload builds a community, a leader and a group, then sends rounds of group
// messages through the real API (each round submitted at once, so the committer batches
// them: group commit), flushes memtables while a round is in flight, compacts every
// column family now and then, and reads the group back. Every answer is noted in a Ledger.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "common/clock.h"
#include "crypto/secret.h"
#include "storage/fault_fs.h"
#include "storage/store.h"

namespace weerbaar::storage {

// A fresh data folder (database, keyring, scratch) with its FaultFs; removed at the end.
struct FaultScenario {
  explicit FaultScenario(bool sync_writes = true);
  ~FaultScenario();
  FaultScenario(const FaultScenario&) = delete;
  FaultScenario& operator=(const FaultScenario&) = delete;
  // Options that open a store on the folder through fs.
  Options options() const;

  std::string dir;
  bool sync_writes;
  ManualClock clock;
  crypto::SecretBytes master_key;
  std::shared_ptr<FaultFs> fs;
};

// A number from the environment (long runs), or `fallback`.
uint64_t EnvNumber(const char* name, uint64_t fallback);

// What the writer was told. Message ids are unique per workload.
struct Ledger {
  std::map<Id, std::string> sent;   // every message submitted: its ciphertext
  std::map<Id, uint64_t> acked;     // answered OK: the seq
  std::set<Id> refused;             // answered with an error
  std::map<Code, uint64_t> errors;  // every error answer (writes, flushes, compactions, reads)
  uint64_t double_answers = 0;      // a callback that ran twice (must stay 0)
  Id community;
  RegisterOutcome leader;
  Id group;
  bool community_acked = false;
  bool leader_acked = false;
  bool group_acked = false;
  uint64_t world_mutations = 0;  // FaultFs::mutations() once the world was built
};

struct WorkloadOptions {
  int rounds = 6;
  int per_round = 8;
  int flush_every = 2;    // rounds; the flush runs while the round's writes are in flight
  int compact_every = 3;  // rounds
  size_t message_bytes = 300;
};

// Runs the workload; stops early once `fs` has crashed. Never fails the test itself.
void RunWorkload(Store& store, const FaultFs& fs, const WorkloadOptions& options, Ledger& ledger);

// What a reopened store holds, compared with the ledger.
struct Verdict {
  uint64_t present = 0;           // messages in the group
  uint64_t acked_checked = 0;     // acknowledged messages found, with their seq and bytes
  uint64_t lost = 0;              // acknowledged (a message or a world step) but missing
  uint64_t invented = 0;          // never sent, or other bytes than were sent
  uint64_t duplicated = 0;        // one message id stored twice
  uint64_t gaps = 0;              // seqs not 1..n, or the group's last_seq not n
  uint64_t in_doubt_present = 0;  // answered with an error or not at all, yet stored
  uint64_t retry_failures = 0;    // a resend not deduplicated, or the next send refused
  bool clean() const {
    return lost == 0 && invented == 0 && duplicated == 0 && gaps == 0 && retry_failures == 0;
  }
  std::string ToString() const;
  // Adds every count of `other` (totals over many runs).
  void Add(const Verdict& other);
};

// Reads everything back, then resends every message that was not acknowledged and one
// that was (each must be deduplicated or take the next seq) and sends one new message.
Verdict Check(Store& store, const Ledger& ledger);

}  // namespace weerbaar::storage
