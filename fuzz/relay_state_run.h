// The model behind relay_state_fuzz: one input's group, its members' connections, what the
// server acknowledged to them, and the invariants checked as frames arrive and at the end
// (relay_state_fuzz.cc lists them). Everything runs on the fuzzer's thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crypto/identity.h"
#include "fuzz/relay_env.h"

namespace weerbaar::fuzz {

inline constexpr int kMembers = 3;
inline constexpr int kMsgIds = 4;  // client_msg_ids per member: retries are the point

// Aborts (a fuzzer finding) unless `ok`.
void Check(bool ok);

// One client connection and what was asked on it.
struct Link {
  FakeConn conn;
  std::optional<server::ConnId> id;
  std::map<uint64_t, int> sent, answered;    // request id -> count
  std::map<uint64_t, std::string> send_ids;  // request id of a send -> its client_msg_id
  std::string last_frame;
  uint64_t next_rid = 1;
};

struct Device {
  Device() : identity(crypto::DeviceIdentity::Generate()) {}
  crypto::DeviceIdentity identity;
  std::string user_id;
  bool removed = false;                   // her removal was acknowledged
  std::optional<uint64_t> removal_epoch;  // the epoch her removal raised the group to
  bool erase_asked = false;               // she asked to be erased (it may have happened)
  bool erased = false;                    // her erasure receipt arrived
  std::array<std::unique_ptr<Link>, 2> links;
};

class Run {
 public:
  explicit Run(RelayEnv& env) : env_(env) {}
  void Setup();
  void Finish();

  // Actions (relay_state_fuzz.cc picks them from the input).
  // A new authenticated connection of member `m` in `slot`; refused for an erased member.
  void Connect(int m, std::unique_ptr<Link>& slot);
  void SendMessage(int m, Link& link, int n, bool stale_epoch);
  void Replay(Link& link);
  // The client goes away, whatever is in flight.
  void Drop(std::unique_ptr<Link>& slot);
  void RemoveMember(int m);
  void Sync(Link& link, uint64_t after_seq);
  void Garbage(Link& link, std::string bytes);
  void EraseAccount(int m, Link& link);
  void Restart();
  // After every action: an erased member has no connection the server left open.
  void CheckErasedAreClosed() const;

  Device& member(int m) { return members_[m]; }

 private:
  bool Authenticate(Link& link, const crypto::DeviceIdentity& identity);
  void ConnectAdmin();
  void Send(Link& link, v1::ClientMessage req);
  // Hands a frame to the relay as it is, counting the request id the relay will echo.
  void SendRaw(Link& link, const std::string& frame);
  void Watch(int m, Link& link);
  void OnMemberFrame(int m, const v1::ServerMessage& f, Link& link);
  void OnAdminFrame(const v1::ServerMessage& f);
  v1::ServerMessage AdminCall(v1::ClientMessage req);
  std::string MsgId(int m, int n) const;
  // Tells the relay the link is gone (as the session would), once; checks that a link the
  // server did not close got exactly one reply per request.
  void Forget(Link& link);
  bool IsErased(const Device& d);
  void CheckStored(const std::vector<storage::StoredMessage>& stored);

  RelayEnv& env_;
  std::unique_ptr<Link> admin_;
  std::string group_;
  std::array<Device, kMembers> members_;
  std::map<uint64_t, int> removals_;   // admin request id -> member being removed
  std::optional<int> removing_;        // a removal awaits its answer
  std::optional<int> awaiting_epoch_;  // removal acknowledged; its GroupChanged is next
  std::map<std::pair<int, std::string>, uint64_t> acked_;  // (member, id) -> seq
  int restarts_ = 0;
  int erasures_ = 0;
};

}  // namespace weerbaar::fuzz
