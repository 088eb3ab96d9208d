#include "fuzz/relay_state_run.h"

#include <cstdlib>
#include <set>

#include "common/bytes.h"
#include "protocol/codec.h"

namespace weerbaar::fuzz {
namespace {

// The admin and the community, made once per store (they outlive restarts: the store
// keeps them; RelayEnv::BeginInput starts a new store now and then).
struct Admin {
  crypto::DeviceIdentity identity = crypto::DeviceIdentity::Generate();
  std::string community;
  uint64_t generation = 0;
};

std::unique_ptr<Admin> MakeAdmin(RelayEnv& env) {
  auto a = std::make_unique<Admin>();
  a->generation = env.generation();
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
}

Admin& TheAdmin() {
  static std::unique_ptr<Admin> admin;
  RelayEnv& env = RelayEnv::Get();
  if (!admin || admin->generation != env.generation()) admin = MakeAdmin(env);
  return *admin;
}

std::string DeviceOf(const Device& d) { return ToString(d.identity.device_id()); }

// A request on a connection the server did not close got exactly one reply.
void CheckReplies(const Link& link) {
  if (!link.id || link.conn.close_code) return;
  for (const auto& [rid, n] : link.sent) {
    auto answered = link.answered.find(rid);
    Check(rid == 0 || (answered != link.answered.end() && answered->second == n));
  }
}

}  // namespace

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Run::Authenticate(Link& link, const crypto::DeviceIdentity& identity) {
  link.id = env_.relay().Open(&link.conn);
  size_t challenge = link.conn.frames.size() - 1;
  Send(link, client::MakeAuthenticate(link.conn.frames.at(challenge).challenge(), identity));
  return link.conn.frames.size() == challenge + 2 && link.conn.frames.back().has_auth_result();
}

void Run::ConnectAdmin() {
  admin_ = std::make_unique<Link>();
  Watch(-1, *admin_);
  Check(Authenticate(*admin_, TheAdmin().identity));
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

void Run::Watch(int m, Link& link) {
  link.conn.on_frame = [this, m, &link](const v1::ServerMessage& f) {
    if (f.request_id() != 0) {
      Check(++link.answered[f.request_id()] <= link.sent[f.request_id()]);
    }
    if (m < 0) return OnAdminFrame(f);
    OnMemberFrame(m, f, link);
  };
}

void Run::OnMemberFrame(int m, const v1::ServerMessage& f, Link& link) {
  Device& d = members_[m];
  if (d.removed) {
    Check(!(f.has_push_group() && f.push_group().group_id() == group_));
    Check(!(f.has_push_group_changed() && f.push_group_changed().group_id() == group_));
  }
  if (f.has_send_ack()) {
    auto id = link.send_ids.find(f.request_id());
    Check(id != link.send_ids.end());
    auto [it, fresh] = acked_.emplace(std::make_pair(m, id->second), f.send_ack().seq());
    Check(fresh || it->second == f.send_ack().seq());  // a retry gets the original seq
  }
  if (f.has_erasure_receipt()) d.erased = true;
  // A sync reads the store now: once an erasure is answered, nothing of hers is served.
  for (const v1::GroupMessage& msg : f.group_messages().messages())
    for (const Device& e : members_) Check(!e.erased || msg.sender_device() != DeviceOf(e));
}

void Run::OnAdminFrame(const v1::ServerMessage& f) {
  auto removal = removals_.find(f.request_id());
  if (f.request_id() != 0 && removal != removals_.end()) {
    if (f.has_ok()) {
      members_[removal->second].removed = true;
      awaiting_epoch_ = removal->second;  // the same callback pushes the new epoch next
    }
    removals_.erase(removal);
    removing_.reset();
  } else if (f.has_push_group_changed() && f.push_group_changed().group_id() == group_ &&
             awaiting_epoch_) {
    members_[*awaiting_epoch_].removal_epoch = f.push_group_changed().epoch();
    awaiting_epoch_.reset();
  }
}

v1::ServerMessage Run::AdminCall(v1::ClientMessage req) {
  Send(*admin_, std::move(req));
  env_.Drain();
  return admin_->conn.frames.back();
}

std::string Run::MsgId(int m, int n) const {
  std::string id(16, '\0');
  id[0] = static_cast<char>(m + 1);
  id[1] = static_cast<char>(n);
  return id;
}

void Run::Forget(Link& link) {
  if (link.id) env_.relay().Closed(*link.id);
  link.id.reset();
}

void Run::Setup() {
  ConnectAdmin();
  v1::ClientMessage create;
  create.mutable_create_group()->set_community_id(TheAdmin().community);
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
    Link& link = *d.links[0];
    link.id = env_.relay().Open(&link.conn);
    Watch(i, link);
    Send(link, client::MakeRegister(link.conn.frames.at(0).challenge(), d.identity,
                                    token.invite_created().token(), ""));
    env_.Drain();
    // The reply, then (the member set changed) a GroupChanged push.
    Check(link.conn.frames.size() >= 2 && link.conn.frames[1].has_auth_result());
    d.user_id = link.conn.frames[1].auth_result().user_id();
  }
}

bool Run::IsErased(const Device& d) {
  if (!d.erase_asked) return false;
  Result<storage::UserRecord> user = env_.store().GetUser(d.user_id);
  Check(user.ok() || user.status().code() == Code::kNotFound);
  Check(!d.erased || !user.ok());  // an answered erasure is durable
  return !user.ok();
}

void Run::CheckStored(const std::vector<storage::StoredMessage>& stored) {
  Result<storage::GroupRecord> group = env_.store().GetGroup(group_);
  Check(group.ok());
  std::array<bool, kMembers> erased{};
  uint64_t n_erased = 0;
  for (int m = 0; m < kMembers; ++m) n_erased += erased[m] = IsErased(members_[m]);
  std::map<uint64_t, const storage::StoredMessage*> by_seq;
  std::set<std::pair<std::string, std::string>> ids;
  for (const storage::StoredMessage& msg : stored) {
    Check(msg.seq > (by_seq.empty() ? 0 : by_seq.rbegin()->first) && msg.seq <= group->last_seq);
    by_seq[msg.seq] = &msg;
    Check(ids.emplace(msg.sender_device, msg.client_msg_id).second);
    for (int m = 0; m < kMembers; ++m) {
      const Device& d = members_[m];
      if (msg.sender_device != DeviceOf(d)) continue;
      Check(!erased[m]);  // her erasure took every message she sent
      if (d.removal_epoch) Check(msg.epoch < *d.removal_epoch);
    }
  }
  // Seqs are gapless but for an erased member's messages (kMsgIds each, deduplicated).
  Check(group->last_seq - stored.size() <= kMsgIds * n_erased);
  for (const auto& [key, seq] : acked_) {
    if (erased[key.first]) continue;
    auto msg = by_seq.find(seq);
    Check(msg != by_seq.end() && msg->second->sender_device == DeviceOf(members_[key.first]) &&
          msg->second->client_msg_id == key.second);
  }
}

void Run::Finish() {
  env_.Drain();
  auto stored = env_.store().ReadGroup(group_, 0, 100000);
  Check(stored.ok());
  CheckStored(*stored);
  CheckReplies(*admin_);
  Forget(*admin_);
  for (Device& d : members_)
    for (auto& link : d.links)
      if (link) {
        CheckReplies(*link);
        Forget(*link);
      }
  Check(env_.relay().connections() == 0 && env_.relay().authenticated() == 0);
}

}  // namespace weerbaar::fuzz
