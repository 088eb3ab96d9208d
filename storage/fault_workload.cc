#include "storage/fault_workload.h"

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "crypto/primitives.h"
#include "storage/store_test_env.h"

namespace weerbaar::storage {

FaultScenario::FaultScenario(bool sync)
    : dir(MakeTempDir()), sync_writes(sync), master_key(crypto::RandomSecret(32)) {
  std::filesystem::create_directory(dir + "/scratch");
  fs = FaultFs::Create(dir + "/scratch");
}

FaultScenario::~FaultScenario() { std::filesystem::remove_all(dir); }

Options FaultScenario::options() const {
  Options options;
  options.path = dir + "/db";
  options.master_key = master_key.Clone();
  options.clock = &clock;
  options.sync_writes = sync_writes;
  options.fault_fs = fs;
  return options;
}

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}
namespace {

void NoteError(Ledger& ledger, const Status& s) {
  if (!s.ok()) ++ledger.errors[s.code()];
}

// Answers of one round of sends; the test waits on them (no timeouts: a lost callback
// hangs the test, which ctest's timeout reports).
class Round {
 public:
  explicit Round(Ledger& ledger) : ledger_(ledger) {}

  Callback<AppendResult> Answer(const Id& id) {
    ++expected_;
    return [this, id, answered = false](Result<AppendResult> r) mutable {
      std::lock_guard lock(mu_);
      if (answered) ++ledger_.double_answers;
      answered = true;
      if (r.ok()) {
        ledger_.acked[id] = r->seq;
      } else {
        ledger_.refused.insert(id);
        NoteError(ledger_, r.status());
      }
      ++answers_;
      cv_.notify_all();
    };
  }
  // An error of the sending thread, while answers may still arrive on the committer's.
  void Note(const Status& s) {
    std::lock_guard lock(mu_);
    NoteError(ledger_, s);
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return answers_ >= expected_; });
  }

 private:
  Ledger& ledger_;
  std::mutex mu_;
  std::condition_variable cv_;
  int expected_ = 0;
  int answers_ = 0;
};

bool BuildWorld(Store& store, Ledger& ledger) {
  ledger.community = RandomId();
  ledger.group = RandomId();
  Status s = Await<Done>([&](auto done) {
               store.CreateCommunity({ledger.community, "De Buurt", 0, ""}, done);
             }).status();
  ledger.community_acked = s.ok();
  InviteRecord invite;
  invite.token_hash = RandomId() + RandomId();
  invite.kind = InviteKind::kCommunity;
  invite.role = Role::kLeader;
  invite.community_id = ledger.community;
  invite.expires_ms = int64_t{1} << 62;
  if (s.ok()) s = Await<Done>([&](auto done) { store.CreateInvite(invite, done); }).status();
  RegisterRequest req{
      invite.token_hash,
      {RandomId(), "", std::string(32, 's'), std::string(32, 'a'), std::string(64, 'g'), 0},
      "Leider"};
  Result<RegisterOutcome> leader = Internal("not registered");
  if (s.ok()) leader = Await<RegisterOutcome>([&](auto done) { store.Register(req, done); });
  if (s.ok()) s = leader.status();
  if (s.ok()) ledger.leader = *leader;
  ledger.leader_acked = s.ok();
  GroupRecord group{ledger.group, ledger.community, "Straat", 0, 0, 0};
  if (s.ok()) {
    s = Await<Done>([&](auto done) {
          store.CreateGroup(group, ledger.leader.user_id, done);
        }).status();
  }
  ledger.group_acked = s.ok();
  NoteError(ledger, s);
  return s.ok();
}

NewGroupMessage Message(const Ledger& ledger, const Id& id, const std::string& ciphertext,
                        uint64_t epoch) {
  return {ledger.group, epoch, ledger.leader.device_id, ledger.leader.user_id, id, ciphertext};
}

void SendRound(Store& store, const WorkloadOptions& options, int round, bool flush,
               Ledger& ledger) {
  Round answers(ledger);
  for (int i = 0; i < options.per_round; ++i) {
    const Id id = "m" + std::to_string(round) + "-" + std::to_string(i);
    std::string ciphertext = id + std::string(options.message_bytes, 'x');
    ledger.sent[id] = ciphertext;
    store.AppendGroupMessage(Message(ledger, id, ciphertext, 1), answers.Answer(id));
  }
  if (flush) answers.Note(store.Flush());
  answers.Wait();
}

}  // namespace

void RunWorkload(Store& store, const FaultFs& fs, const WorkloadOptions& options, Ledger& ledger) {
  if (!BuildWorld(store, ledger)) return;
  ledger.world_mutations = fs.mutations();
  for (int round = 1; round <= options.rounds && !fs.crashed(); ++round) {
    SendRound(store, options, round, round % options.flush_every == 0, ledger);
    if (round % options.compact_every == 0) NoteError(ledger, store.CompactAll());
    NoteError(ledger, store.ReadGroup(ledger.group, 0, 1 << 20).status());
  }
}

namespace {

// Every stored message against the ledger.
void CheckMessages(const std::vector<StoredMessage>& messages, const Ledger& ledger, Verdict& v) {
  std::set<Id> seen;
  for (size_t i = 0; i < messages.size(); ++i) {
    const StoredMessage& m = messages[i];
    if (m.seq != i + 1) ++v.gaps;
    auto sent = ledger.sent.find(m.client_msg_id);
    if (sent == ledger.sent.end() || sent->second != m.ciphertext) ++v.invented;
    if (!seen.insert(m.client_msg_id).second) ++v.duplicated;
    auto acked = ledger.acked.find(m.client_msg_id);
    if (acked == ledger.acked.end()) {
      ++v.in_doubt_present;
    } else if (acked->second == m.seq) {
      ++v.acked_checked;
    } else {
      ++v.lost;  // acknowledged under another seq
    }
  }
  for (const auto& [id, seq] : ledger.acked) {
    if (!seen.count(id)) ++v.lost;
  }
}

// A resend of `id` must be answered with `seq` (stored) or with the next seq (not stored).
void Resend(Store& store, const Ledger& ledger, const Id& id, uint64_t epoch,
            const std::map<Id, uint64_t>& stored, uint64_t& next, Verdict& v) {
  Result<AppendResult> r = Await<AppendResult>([&](auto done) {
    store.AppendGroupMessage(Message(ledger, id, ledger.sent.at(id), epoch), done);
  });
  auto it = stored.find(id);
  const bool ok = r.ok() && (it != stored.end() ? r->duplicate && r->seq == it->second
                                                : !r->duplicate && r->seq == next);
  if (!ok) ++v.retry_failures;
  if (ok && it == stored.end()) ++next;
}

void CheckRetries(Store& store, const Ledger& ledger, const GroupRecord& group,
                  const std::vector<StoredMessage>& messages, Verdict& v) {
  std::map<Id, uint64_t> stored;
  for (const StoredMessage& m : messages) stored[m.client_msg_id] = m.seq;
  uint64_t next = messages.size() + 1;
  for (const auto& [id, ciphertext] : ledger.sent) {
    if (!ledger.acked.count(id)) Resend(store, ledger, id, group.epoch, stored, next, v);
  }
  if (!ledger.acked.empty()) {
    Resend(store, ledger, ledger.acked.begin()->first, group.epoch, stored, next, v);
  }
}

}  // namespace

Verdict Check(Store& store, const Ledger& ledger) {
  Verdict v;
  if (ledger.community_acked && !store.GetCommunity(ledger.community).ok()) ++v.lost;
  if (ledger.leader_acked && !store.GetDevice(ledger.leader.device_id).ok()) ++v.lost;
  Result<GroupRecord> group = store.GetGroup(ledger.group);
  if (!group.ok()) {
    if (ledger.group_acked) ++v.lost;
    v.lost += ledger.acked.size();
    return v;
  }
  Result<std::vector<StoredMessage>> messages = store.ReadGroup(ledger.group, 0, 1 << 20);
  if (!messages.ok()) {
    ++v.gaps;
    return v;
  }
  v.present = messages->size();
  CheckMessages(*messages, ledger, v);
  if (group->last_seq != messages->size()) ++v.gaps;
  CheckRetries(store, ledger, *group, *messages, v);
  return v;
}

void Verdict::Add(const Verdict& o) {
  present += o.present;
  acked_checked += o.acked_checked;
  lost += o.lost;
  invented += o.invented;
  duplicated += o.duplicated;
  gaps += o.gaps;
  in_doubt_present += o.in_doubt_present;
  retry_failures += o.retry_failures;
}

std::string Verdict::ToString() const {
  return "present " + std::to_string(present) + ", acked checked " + std::to_string(acked_checked) +
         ", lost " + std::to_string(lost) + ", invented " + std::to_string(invented) +
         ", duplicated " + std::to_string(duplicated) + ", gaps " + std::to_string(gaps) +
         ", in doubt but stored " + std::to_string(in_doubt_present) + ", retry failures " +
         std::to_string(retry_failures);
}

}  // namespace weerbaar::storage
