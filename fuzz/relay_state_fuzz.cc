// Fuzz target: the relay driven through random action sequences against a real store,
// checking the delivery, removal and erasure invariants during and after every input.
//
// Each input gets a fresh group: the process's admin creates it and three members join
// with group invites. The input bytes are then actions (op, argument):
//   connect / send (client_msg_id from a small set, current or stale epoch) / replay the
//   last frame / drop a connection (writes may be in flight) / remove a member / run one
//   queued store callback, chosen by the input (any order) / sync / a garbage frame /
//   restart the server / a member erases her account (op bytes 0xfe and 0xff, each at most
//   once per input).
// Invariants:
//   - no crash (ASan, UBSan) and no relay state left after every connection closed;
//   - sequence numbers of the group increase, and have no gaps but for the messages of
//     erased members;
//   - every acknowledged send of a member who is not erased is stored at its seq, once per
//     (device, client_msg_id), and a retried id is acknowledged with the same seq, across
//     restarts too (a send in flight at a restart is stored whole or not at all);
//   - once its removal is acknowledged, a member gets no push of the group, and nothing
//     she sends is stored under the new epoch;
//   - once her erasure is acknowledged: she is gone from the store, no message of hers is
//     stored or served by a sync, every connection of hers is closed and a new one is
//     refused (one Error, close 1008);
//   - every request on a connection the server did not close gets exactly one reply.
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz/relay_state_run.h"
#include "protocol/codec.h"

namespace weerbaar::fuzz {
namespace {

constexpr size_t kMaxActions = 64;
// Each input leaves a group, three users and their keys in the store, and every restart
// loads the table files of all of them; a new store (without RocksDB's diagnostic files)
// costs about 10 ms (RelayEnv::BeginInput).
constexpr uint64_t kInputsPerStore = 10;
// The two slow actions, once per input each: a restart closes (flushes) and reopens both
// RocksDB databases, an erasure flushes and compacts the keyring (tens of milliseconds
// each, against a few for a whole input without them).
constexpr int kMaxRestarts = 1;
constexpr int kMaxErasures = 1;

// The op byte: 0xfe restarts, 0xff erases, any other value is one of the eight cheap
// actions (op % 8). The two slow ones are rare among random bytes, so the fuzzer spends
// most of its time on the relay's logic rather than on reopening RocksDB.
constexpr int kRestart = 8;
constexpr int kErase = 9;
int ActionOf(uint8_t op) {
  if (op == 0xfe) return kRestart;
  if (op == 0xff) return kErase;
  return op % 8;
}

bool IsOpen(const std::unique_ptr<Link>& slot) {
  return slot && slot->id && !slot->conn.close_code;
}

}  // namespace

void Run::Connect(int m, std::unique_ptr<Link>& slot) {
  if (slot) Forget(*slot);  // a connection the server closed
  Device& d = members_[m];
  slot = std::make_unique<Link>();
  Watch(m, *slot);
  bool ok = Authenticate(*slot, d.identity);
  if (!d.erase_asked) return Check(ok);
  Check(!ok || !d.erased);
  if (ok) return;
  Check(slot->conn.frames.size() == 2 && slot->conn.frames[1].has_error() &&
        slot->conn.close_code == protocol::close_code::kPolicyViolation);
  Forget(*slot);
  slot.reset();
}

void Run::SendMessage(int m, Link& link, int n, bool stale_epoch) {
  uint64_t epoch = env_.store().GetGroup(group_)->epoch - (stale_epoch ? 1 : 0);
  v1::ClientMessage req;
  auto* s = req.mutable_send_group();
  s->set_group_id(group_);
  s->set_epoch(epoch);
  s->set_client_msg_id(MsgId(m, n));
  s->set_ciphertext("c" + std::to_string(n));
  link.send_ids[link.next_rid] = s->client_msg_id();
  Send(link, req);
}

void Run::Replay(Link& link) {
  if (!link.last_frame.empty()) SendRaw(link, link.last_frame);
}

void Run::Drop(std::unique_ptr<Link>& slot) {
  Forget(*slot);
  slot.reset();
}

void Run::RemoveMember(int m) {
  if (members_[m].removed || removing_) return;
  v1::ClientMessage req;
  req.mutable_remove_member()->set_group_id(group_);
  req.mutable_remove_member()->set_user_id(members_[m].user_id);
  removals_[admin_->next_rid] = m;
  removing_ = m;
  Send(*admin_, req);
}

void Run::Sync(Link& link, uint64_t after_seq) {
  v1::ClientMessage req;
  req.mutable_sync_group()->set_group_id(group_);
  req.mutable_sync_group()->set_after_seq(after_seq);
  Send(link, req);
}

void Run::Garbage(Link& link, std::string bytes) { SendRaw(link, bytes); }

void Run::EraseAccount(int m, Link& link) {
  if (erasures_ == kMaxErasures) return;
  ++erasures_;
  v1::ClientMessage req;
  req.mutable_erase_account()->set_confirm(true);
  members_[m].erase_asked = true;
  Send(link, req);
}

void Run::Restart() {
  if (restarts_ == kMaxRestarts) return;
  ++restarts_;
  // Shutdown closes every connection (1001); each session then reports its close.
  env_.relay().CloseAll(protocol::close_code::kGoingAway);
  Forget(*admin_);
  for (Device& d : members_)
    for (auto& link : d.links) {
      if (!link) continue;
      Check(!link->id || link->conn.close_code.has_value());
      Drop(link);
    }
  env_.Restart();
  removals_.clear();  // their answers died with the old relay
  removing_.reset();
  ConnectAdmin();
}

void Run::CheckErasedAreClosed() const {
  for (const Device& d : members_)
    for (const auto& link : d.links)
      Check(!d.erased || !link || !link->id || link->conn.close_code);
}

namespace {

void Act(Run& run, RelayEnv& env, uint8_t op, uint8_t arg, std::string extra) {
  int m = arg % kMembers;
  std::unique_ptr<Link>& slot = run.member(m).links[(arg >> 2) & 1];
  Link* link = slot && slot->id ? slot.get() : nullptr;
  switch (ActionOf(op)) {
    case 0:
      if (!IsOpen(slot)) run.Connect(m, slot);
      return;
    case 1:
      if (link) run.SendMessage(m, *link, (arg >> 3) & 3, (arg >> 5) & 1);
      return;
    case 2:
      if (link) run.Replay(*link);
      return;
    case 3:
      if (link) run.Drop(slot);
      return;
    case 4:
      return run.RemoveMember(m);
    case 5:  // one queued store callback, in an order the input chooses
      env.Barrier();
      return env.RunOne(arg);
    case 6:
      if (link) run.Sync(*link, arg >> 5);
      return;
    case 7:
      if (link) run.Garbage(*link, std::move(extra));
      return;
    case kRestart:
      return run.Restart();
    case kErase:
      if (link) run.EraseAccount(m, *link);
      return;
  }
}

}  // namespace
}  // namespace weerbaar::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weerbaar::fuzz;
  RelayEnv& env = RelayEnv::Get();
  env.BeginInput(kInputsPerStore);
  Run run(env);
  run.Setup();
  for (size_t i = 0, n = 0; i + 1 < size && n < kMaxActions; i += 2, ++n) {
    size_t extra = std::min<size_t>(size - i - 2, 8);
    Act(run, env, data[i], data[i + 1],
        std::string(reinterpret_cast<const char*>(data + i + 2), extra));
    run.CheckErasedAreClosed();
  }
  run.Finish();
  return 0;
}
