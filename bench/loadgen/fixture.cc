#include "bench/loadgen/fixture.h"

#include <cstdio>
#include <map>

#include "bench/loadgen/scene.h"
#include "bench/loadgen/wire.h"

namespace weerbaar::bench {
namespace {

// Unanswered invites in flight on the leader's connection (the server's send queue holds
// 256 frames; the window keeps well inside it).
constexpr size_t kInviteWindow = 128;
// Devices registering at once: enough for the store to batch them into group commits.
constexpr size_t kRegisterWorkers = 64;

v1::ClientMessage CreateGroupRequest(const std::string& community, const std::string& name) {
  v1::ClientMessage m;
  m.mutable_create_group()->set_community_id(community);
  m.mutable_create_group()->set_name(name);
  return m;
}

v1::ClientMessage InviteRequest(v1::InviteKind kind, v1::Role role, const std::string& community,
                                const std::string& group) {
  v1::ClientMessage m;
  v1::CreateInvite* invite = m.mutable_create_invite();
  invite->set_kind(kind);
  invite->set_role(role);
  invite->set_community_id(community);
  invite->set_group_id(group);
  return m;
}

std::vector<crypto::DeviceIdentity> NewDevices(size_t n) {
  std::vector<crypto::DeviceIdentity> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(crypto::DeviceIdentity::Generate());
  return out;
}

class Builder {
 public:
  Builder(const Endpoint& server, Fixture& out) : server_(server), out_(out) {}
  // Stops the coroutines while the members they use are still alive.
  ~Builder() { scene_.Shutdown(); }
  Status Run(const std::string& admin_invite);

 private:
  Status Phase(asio::awaitable<void> step, Millis limit);
  asio::awaitable<void> Finish(asio::awaitable<void> step);
  asio::awaitable<void> Bootstrap(std::string admin_invite);
  asio::awaitable<void> CreateGroups();
  asio::awaitable<void> CreateInvites();
  asio::awaitable<void> RegisterWorker(size_t slot);
  asio::awaitable<void> ReadEpochs();
  void Fail(const Status& st) {
    if (status_.ok()) status_ = st;
  }
  std::vector<BenchGroup*> Groups();

  Scene scene_;
  Endpoint server_;
  Fixture& out_;
  Status status_;
  bool phase_done_ = false;
  std::string community_, leader_invite_;
  WsClient* leader_ws_ = nullptr;
  uint64_t next_id_ = 2;  // request ids on the leader's connection (1 was its Register)
  // Registration jobs: a device and its invite, in the order the invites were made.
  std::vector<std::pair<const crypto::DeviceIdentity*, std::string>> jobs_;
  size_t next_job_ = 0, registered_ = 0, workers_left_ = 0;
};

Status Builder::Run(const std::string& admin_invite) {
  const Millis per_device{20};
  const auto devices = static_cast<Millis::rep>(out_.spec.devices());
  WB_RETURN_IF_ERROR(Phase(Bootstrap(admin_invite), Millis(30'000)));
  WB_RETURN_IF_ERROR(Phase(CreateGroups(), Millis(60'000)));
  WB_RETURN_IF_ERROR(Phase(CreateInvites(), Millis(60'000) + per_device * devices));
  workers_left_ = kRegisterWorkers;
  for (size_t i = 0; i < kRegisterWorkers; ++i) scene_.Spawn(RegisterWorker(i));
  if (!scene_.RunUntil([this] { return workers_left_ == 0; },
                       Millis(60'000) + 2 * per_device * devices))
    return Status(Code::kDeadlineExceeded, "registering the devices timed out");
  WB_RETURN_IF_ERROR(status_);
  return Phase(ReadEpochs(), Millis(30'000));
}

Status Builder::Phase(asio::awaitable<void> step, Millis limit) {
  phase_done_ = false;
  scene_.Spawn(Finish(std::move(step)));
  if (!scene_.RunUntil([this] { return phase_done_; }, limit))
    return Status(Code::kDeadlineExceeded, "setup timed out");
  return status_;
}

asio::awaitable<void> Builder::Finish(asio::awaitable<void> step) {
  co_await std::move(step);
  phase_done_ = true;
}

asio::awaitable<void> Builder::Bootstrap(std::string admin_invite) {
  WsClient& admin_ws = scene_.NewClient();
  // No co_await inside a conditional expression: g++ 12 miscompiles that.
  Result<v1::AuthResult> auth = Unavailable("not connected");
  if (out_.admin) {
    auth = co_await ConnectAuthenticated(admin_ws, server_, *out_.admin);
  } else {
    out_.admin = crypto::DeviceIdentity::Generate();
    auth = co_await ConnectRegistered(admin_ws, server_, *out_.admin, admin_invite, "bench admin");
  }
  if (!auth.ok()) co_return Fail(auth.status());
  v1::ClientMessage create;
  create.mutable_create_community()->set_name("Bench");
  Result<v1::ServerMessage> community = co_await Call(admin_ws, create, 2);
  if (!community.ok()) co_return Fail(community.status());
  community_ = community->community_created().community_id();
  Result<v1::ServerMessage> invite = co_await Call(
      admin_ws, InviteRequest(v1::INVITE_COMMUNITY, v1::ROLE_LEADER, community_, ""), 3);
  if (!invite.ok()) co_return Fail(invite.status());
  co_await admin_ws.Close();
  leader_ws_ = &scene_.NewClient();
  out_.leader = crypto::DeviceIdentity::Generate();
  auth = co_await ConnectRegistered(*leader_ws_, server_, *out_.leader,
                                    invite->invite_created().token(), "bench leader");
  if (!auth.ok()) Fail(auth.status());
}

std::vector<BenchGroup*> Builder::Groups() {
  std::vector<BenchGroup*> groups;
  for (BenchGroup& g : out_.fanout) groups.push_back(&g);
  for (BenchGroup& g : out_.senders) groups.push_back(&g);
  groups.push_back(&out_.backlog);
  return groups;
}

asio::awaitable<void> Builder::CreateGroups() {
  const FixtureSpec& spec = out_.spec;
  out_.fanout.resize(spec.fanout_sizes.size());
  out_.senders.resize(spec.senders);
  for (size_t i = 0; i < spec.fanout_sizes.size(); ++i)
    out_.fanout[i].members = NewDevices(spec.fanout_sizes[i]);
  for (BenchGroup& g : out_.senders) g.members = NewDevices(1);
  out_.backlog.members = NewDevices(1);
  out_.idle = NewDevices(spec.idle);
  std::vector<v1::ClientMessage> requests;
  for (size_t i = 0; i < Groups().size(); ++i)
    requests.push_back(CreateGroupRequest(community_, "bench-" + std::to_string(i)));
  auto replies = co_await CallMany(*leader_ws_, std::move(requests), kInviteWindow, next_id_);
  if (!replies.ok()) co_return Fail(replies.status());
  next_id_ += replies->size();
  for (size_t i = 0; i < replies->size(); ++i)
    Groups()[i]->id = (*replies)[i].group_created().group_id();
}

asio::awaitable<void> Builder::CreateInvites() {
  std::vector<v1::ClientMessage> requests;
  std::vector<const crypto::DeviceIdentity*> devices;
  for (BenchGroup* g : Groups()) {
    for (const crypto::DeviceIdentity& d : g->members) {
      requests.push_back(InviteRequest(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, "", g->id));
      devices.push_back(&d);
    }
  }
  for (const crypto::DeviceIdentity& d : out_.idle) {
    requests.push_back(InviteRequest(v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, community_, ""));
    devices.push_back(&d);
  }
  auto replies = co_await CallMany(*leader_ws_, std::move(requests), kInviteWindow, next_id_);
  if (!replies.ok()) co_return Fail(replies.status());
  for (size_t i = 0; i < replies->size(); ++i)
    jobs_.emplace_back(devices[i], (*replies)[i].invite_created().token());
  // Every registration pushes GroupChanged to the leader; it must not sit on them unread.
  co_await leader_ws_->Close();
}

asio::awaitable<void> Builder::RegisterWorker(size_t slot) {
  while (status_.ok() && !scene_.stopping() && next_job_ < jobs_.size()) {
    const auto& [device, invite] = jobs_[next_job_++];
    WsClient& ws = scene_.ReplaceClient(slot);
    Result<v1::AuthResult> auth = co_await ConnectRegistered(ws, server_, *device, invite, "bench");
    if (!auth.ok()) Fail(auth.status());
    co_await ws.Close();
    if (++registered_ % 2000 == 0 || registered_ == jobs_.size())
      std::fprintf(stderr, "setup: %zu of %zu devices registered\n", registered_, jobs_.size());
  }
  --workers_left_;
}

asio::awaitable<void> Builder::ReadEpochs() {
  WsClient& ws = scene_.NewClient();
  Result<v1::AuthResult> auth = co_await ConnectAuthenticated(ws, server_, *out_.leader);
  if (!auth.ok()) co_return Fail(auth.status());
  v1::ClientMessage list;
  list.mutable_list_groups();
  Result<v1::ServerMessage> reply = co_await Call(ws, list, 2);
  if (!reply.ok()) co_return Fail(reply.status());
  std::map<std::string, uint64_t> epochs;
  for (const v1::GroupSummary& g : reply->group_list().groups()) epochs[g.group_id()] = g.epoch();
  for (BenchGroup* g : Groups()) g->epoch = epochs[g->id];
  co_await ws.Close();
}

}  // namespace

size_t FixtureSpec::devices() const {
  size_t n = senders + idle + 1;
  for (size_t s : fanout_sizes) n += s;
  return n;
}

Result<Fixture> BuildFixture(const Endpoint& server, const FixtureSpec& spec,
                             const std::string& admin_invite,
                             std::optional<crypto::DeviceIdentity> admin) {
  Fixture out;
  out.spec = spec;
  out.admin = std::move(admin);
  Builder builder(server, out);
  WB_RETURN_IF_ERROR(builder.Run(admin_invite));
  return out;
}

}  // namespace weerbaar::bench
