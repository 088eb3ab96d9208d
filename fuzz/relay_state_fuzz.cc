// Fuzz target: the relay driven through random action sequences against a real store,
// checking the delivery invariants after every input.
//
// Each input gets a fresh group: the process's admin creates it and three members join
// with group invites. The input bytes are then actions (op, argument):
//   connect / send (client_msg_id from a small set, current or stale epoch) / replay the
//   last frame / drop a connection (writes may be in flight) / remove a member / run one
//   queued store callback, chosen by the input (any order) / sync / a garbage frame.
// Invariants:
//   - no crash (ASan, UBSan) and no relay state left after every connection closed;
//   - sequence numbers of the group have no gaps;
//   - every acknowledged send is stored at its seq, once per (device, client_msg_id), and
//     a retried id is acknowledged with the same seq;
//   - once its removal is acknowledged, a member gets no push of the group, and nothing
//     she sends is stored under the new epoch;
//   - every request on a connection the server did not close gets exactly one reply.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/bytes.h"
#include "crypto/identity.h"
#include "fuzz/relay_env.h"
#include "protocol/codec.h"

namespace weerbaar::fuzz {
namespace {

constexpr int kMembers = 3;
constexpr size_t kMaxActions = 64;

void Check(bool ok) {
  if (!ok) std::abort();
}

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
  std::array<std::unique_ptr<Link>, 2> links;
};

// The admin and the community, made once per process.
struct Admin {
  crypto::DeviceIdentity identity = crypto::DeviceIdentity::Generate();
  std::string community;
};

class Run {
 public:
  explicit Run(RelayEnv& env) : env_(env) {}
  bool Setup();
  void Act(uint8_t op, uint8_t arg, const uint8_t* extra, size_t extra_size);
  void Finish();

 private:
  Link& NewLink(Link& link);
  bool Authenticate(Link& link, const crypto::DeviceIdentity& identity);
  void Send(Link& link, v1::ClientMessage req);
  // Hands a frame to the relay as it is, counting the request id the relay will echo.
  void SendRaw(Link& link, const std::string& frame);
  void CheckAcks(int member, const Link& link, const std::vector<storage::StoredMessage>& stored);
  void Watch(Device* device, Link& link);
  v1::ServerMessage AdminCall(v1::ClientMessage req);
  std::string MsgId(int device, int n) const;

  RelayEnv& env_;
  Link admin_;
  std::string group_;
  std::array<Device, kMembers> members_;
  std::optional<int> removing_;  // member whose removal is awaiting its GroupChanged epoch
  std::map<std::pair<int, std::string>, uint64_t> acked_;  // (member, id) -> seq
};

Admin& TheAdmin() {
  static Admin* admin = [] {
    auto* a = new Admin();
    RelayEnv& env = RelayEnv::Get();
    FakeConn conn;
    server::ConnId id = env.relay().Open(&conn);
    v1::ClientMessage reg = client::MakeRegister(conn.frames.at(0).challenge(), a->identity,
                                                 env.MintInvite(storage::InviteKind::kAdmin), "");
    reg.set_request_id(1);
    env.relay().HandleFrame(id, protocol::Encode(reg));
    env.Drain();
    v1::ClientMessage create;
    create.set_request_id(2);
    create.mutable_create_community()->set_name("Buurt");
    env.relay().HandleFrame(id, protocol::Encode(create));
    env.Drain();
    Check(conn.frames.size() == 3 && conn.frames[2].has_community_created());
    a->community = conn.frames[2].community_created().community_id();
    env.relay().Closed(id);
    return a;
  }();
  return *admin;
}

Link& Run::NewLink(Link& link) {
  link.id = env_.relay().Open(&link.conn);
  return link;
}

bool Run::Authenticate(Link& link, const crypto::DeviceIdentity& identity) {
  NewLink(link);
  size_t challenge = link.conn.frames.size() - 1;
  Send(link, client::MakeAuthenticate(link.conn.frames.at(challenge).challenge(), identity));
  return link.conn.frames.size() == challenge + 2 && link.conn.frames.back().has_auth_result();
}

void Run::Send(Link& link, v1::ClientMessage req) {
  if (!link.id) return;
  req.set_request_id(link.next_rid++);
  link.last_frame = protocol::Encode(req);
  ++link.sent[req.request_id()];
  env_.relay().HandleFrame(*link.id, link.last_frame);
}

void Run::SendRaw(Link& link, const std::string& frame) {
  v1::ClientMessage parsed;
  ++link.sent[parsed.ParseFromString(frame) ? parsed.request_id() : 0];
  env_.relay().HandleFrame(*link.id, frame);
}

void Run::Watch(Device* device, Link& link) {
  link.conn.on_frame = [this, device, &link](const v1::ServerMessage& m) {
    if (m.request_id() != 0) {
      Check(++link.answered[m.request_id()] <= link.sent[m.request_id()]);
    }
    if (device != nullptr && device->removed) {
      Check(!(m.has_push_group() && m.push_group().group_id() == group_));
      Check(!(m.has_push_group_changed() && m.push_group_changed().group_id() == group_));
    }
  };
}

v1::ServerMessage Run::AdminCall(v1::ClientMessage req) {
  Send(admin_, std::move(req));
  env_.Drain();
  return admin_.conn.frames.back();
}

std::string Run::MsgId(int device, int n) const {
  std::string id(16, '\0');
  id[0] = static_cast<char>(device + 1);
  id[1] = static_cast<char>(n);
  return id;
}

bool Run::Setup() {
  Admin& admin = TheAdmin();
  Watch(nullptr, admin_);
  Check(Authenticate(admin_, admin.identity));
  v1::ClientMessage create;
  create.mutable_create_group()->set_community_id(admin.community);
  create.mutable_create_group()->set_name("Straat");
  v1::ServerMessage created = AdminCall(create);
  Check(created.has_group_created());
  group_ = created.group_created().group_id();
  for (int i = 0; i < kMembers; ++i) {
    v1::ClientMessage invite;
    invite.mutable_create_invite()->set_kind(v1::INVITE_GROUP);
    invite.mutable_create_invite()->set_group_id(group_);
    v1::ServerMessage token = AdminCall(invite);
    Check(token.has_invite_created());
    Device& d = members_[i];
    d.links[0] = std::make_unique<Link>();
    Link& link = NewLink(*d.links[0]);
    Watch(&d, link);
    Send(link, client::MakeRegister(link.conn.frames.at(0).challenge(), d.identity,
                                    token.invite_created().token(), ""));
    env_.Drain();
    // The reply, then (the member set changed) a GroupChanged push.
    Check(link.conn.frames.size() >= 2 && link.conn.frames[1].has_auth_result());
    d.user_id = link.conn.frames[1].auth_result().user_id();
  }
  admin_.conn.on_frame = [this, watch = admin_.conn.on_frame](const v1::ServerMessage& m) {
    watch(m);
    if (m.has_push_group_changed() && removing_) {
      members_[*removing_].removal_epoch = m.push_group_changed().epoch();
      removing_.reset();
    }
  };
  return true;
}

void Run::Act(uint8_t op, uint8_t arg, const uint8_t* extra, size_t extra_size) {
  int m = arg % kMembers;
  Device& d = members_[m];
  auto& slot = d.links[(arg >> 2) & 1];
  Link* link = slot && slot->id ? slot.get() : nullptr;
  switch (op % 8) {
    case 0:  // connect
      if (link == nullptr) {
        slot = std::make_unique<Link>();
        Watch(&d, *slot);
        Check(Authenticate(*slot, d.identity));
      }
      return;
    case 1: {  // send, current or stale epoch
      if (link == nullptr) return;
      uint64_t epoch = env_.store().GetGroup(group_)->epoch - ((arg >> 5) & 1);
      v1::ClientMessage req;
      auto* s = req.mutable_send_group();
      s->set_group_id(group_);
      s->set_epoch(epoch);
      s->set_client_msg_id(MsgId(m, (arg >> 3) & 3));
      s->set_ciphertext("c" + std::to_string((arg >> 3) & 3));
      link->send_ids[link->next_rid] = s->client_msg_id();
      return Send(*link, req);
    }
    case 2:  // replay the last frame verbatim
      if (link != nullptr && !link->last_frame.empty()) SendRaw(*link, link->last_frame);
      return;
    case 3:  // drop: the relay forgets it, whatever is in flight
      if (link != nullptr) {
        env_.relay().Closed(*link->id);
        slot.reset();
      }
      return;
    case 4:  // remove the member (the admin's request)
      if (!d.removed && !removing_) {
        v1::ClientMessage req;
        req.mutable_remove_member()->set_group_id(group_);
        req.mutable_remove_member()->set_user_id(d.user_id);
        Send(admin_, req);
        uint64_t rid = admin_.next_rid - 1;
        removing_ = m;
        auto watch = admin_.conn.on_frame;
        admin_.conn.on_frame = [watch, rid, &d](const v1::ServerMessage& msg) {
          if (msg.request_id() == rid && msg.has_ok()) d.removed = true;
          watch(msg);
        };
      }
      return;
    case 5:  // run one queued store callback, in an order the input chooses
      env_.Barrier();
      return env_.RunOne(arg);
    case 6: {  // sync
      if (link == nullptr) return;
      v1::ClientMessage req;
      req.mutable_sync_group()->set_group_id(group_);
      req.mutable_sync_group()->set_after_seq(arg >> 5);
      return Send(*link, req);
    }
    case 7:  // garbage
      if (link != nullptr)
        SendRaw(*link,
                std::string(reinterpret_cast<const char*>(extra), std::min<size_t>(extra_size, 8)));
      return;
  }
}

void Run::CheckAcks(int member, const Link& link,
                    const std::vector<storage::StoredMessage>& stored) {
  for (const v1::ServerMessage& f : link.conn.frames) {
    if (!f.has_send_ack()) continue;
    auto id = link.send_ids.find(f.request_id());
    Check(id != link.send_ids.end());
    uint64_t seq = f.send_ack().seq();
    Check(seq >= 1 && seq <= stored.size());
    Check(stored[seq - 1].sender_device == ToString(members_[member].identity.device_id()));
    Check(stored[seq - 1].client_msg_id == id->second);
    auto [it, fresh] = acked_.emplace(std::make_pair(member, id->second), seq);
    Check(fresh || it->second == seq);  // a retry is acknowledged with the original seq
  }
  if (link.conn.close_code) return;
  for (const auto& [rid, n] : link.sent) {
    auto answered = link.answered.find(rid);
    Check(rid == 0 || (answered != link.answered.end() && answered->second == n));
  }
}

void Run::Finish() {
  env_.Drain();
  auto stored = env_.store().ReadGroup(group_, 0, 100000);
  Check(stored.ok());
  std::set<std::pair<std::string, std::string>> ids;
  for (size_t i = 0; i < stored->size(); ++i) {
    const storage::StoredMessage& msg = (*stored)[i];
    Check(msg.seq == i + 1);
    Check(ids.emplace(msg.sender_device, msg.client_msg_id).second);
    for (const Device& d : members_)
      if (d.removal_epoch && msg.sender_device == ToString(d.identity.device_id()))
        Check(msg.epoch < *d.removal_epoch);
  }
  for (int m = 0; m < kMembers; ++m)
    for (const auto& link : members_[m].links)
      if (link) CheckAcks(m, *link, *stored);
  env_.relay().Closed(*admin_.id);
  for (Device& d : members_)
    for (auto& link : d.links)
      if (link && link->id) env_.relay().Closed(*link->id);
  Check(env_.relay().connections() == 0 && env_.relay().authenticated() == 0);
}

}  // namespace
}  // namespace weerbaar::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weerbaar::fuzz;
  RelayEnv& env = RelayEnv::Get();
  Run run(env);
  run.Setup();
  for (size_t i = 0, n = 0; i + 1 < size && n < kMaxActions; i += 2, ++n)
    run.Act(data[i], data[i + 1], data + i + 2, size - i - 2);
  run.Finish();
  return 0;
}
