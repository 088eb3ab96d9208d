#include "tests/bad_input_env.h"

#include <gtest/gtest.h>

#include "common/bytes.h"
#include "common/clock.h"
#include "crypto/primitives.h"
#include "server/datadir.h"
#include "storage/store.h"

namespace weerbaar::testing {
namespace {

// Stores an admin invite that expired a minute ago, straight into the store of a data
// folder whose server is not running: no test has to wait for an invite to expire.
std::string SeedExpiredInvite(const std::string& data_dir) {
  server::DataPaths paths(data_dir);
  storage::Options options;
  options.path = paths.db;
  auto key = server::ReadMasterKeyFile(paths.master_key);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  options.master_key = std::move(key).value();
  options.clock = SystemClock::Default();
  auto store = storage::Store::Open(std::move(options));
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  std::string token = Base64UrlEncode(crypto::RandomBytes(32));
  storage::InviteRecord invite;
  invite.token_hash = ToString(crypto::Hash(AsBytes(token)));
  invite.kind = storage::InviteKind::kAdmin;
  invite.role = storage::Role::kAdmin;
  invite.expires_ms = SystemClock::Default()->NowMillis() - 60'000;
  Status st = storage::Await<storage::Done>([&](storage::Callback<storage::Done> done) {
                (*store)->CreateInvite(invite, done);
              }).status();
  EXPECT_TRUE(st.ok()) << st.ToString();
  return token;
}

std::string Created(const Result<v1::ServerMessage>& r, const char* what) {
  EXPECT_TRUE(r.ok() && !r->has_error())
      << what << ": " << (r.ok() ? r->DebugString() : r.status().ToString());
  if (!r.ok()) return {};
  if (r->has_community_created()) return r->community_created().community_id();
  if (r->has_group_created()) return r->group_created().group_id();
  if (r->has_invite_created()) return r->invite_created().token();
  return {};
}

}  // namespace

BadInputEnv::BadInputEnv() {
  EXPECT_TRUE(crypto::Init().ok());
  for (auto* u : {&admin, &leader, &member, &nonmember, &removed, &admin_limited})
    *u = std::make_unique<User>(crypto::DeviceIdentity::Generate());
}

BadInputEnv::~BadInputEnv() = default;

std::string BadInputEnv::Toml(Kind kind) const {
  switch (kind) {
    case Kind::kMain:
      return "";
    case Kind::kTight:
      return "auth_timeout_ms = 150\nhandshake_timeout_ms = 150\n";
    case Kind::kCapped:
      return "max_connections = 3\n";
    case Kind::kLimited:
      return "conn_messages_per_second = 1\nconn_message_burst = 5\n"
             "user_messages_per_second = 1000\nuser_message_burst = 1000\n"
             "rate_limit_strikes = 10\n";
  }
  return "";
}

ServerProcess& BadInputEnv::Server(Kind kind) {
  auto& slot = servers_[kind];
  if (slot) return *slot;
  std::string name = "server" + std::to_string(static_cast<int>(kind));
  std::string config = tmp_.Sub(name + ".toml");
  EXPECT_TRUE(WriteTextFile(config, Toml(kind)));
  slot =
      std::make_unique<ServerProcess>(tmp_.Sub(name), std::vector<std::string>{"--config", config});
  if (kind == Kind::kMain) expired_invite = SeedExpiredInvite(slot->data_dir());
  EXPECT_TRUE(slot->Start()) << slot->log();
  if (kind == Kind::kMain) Populate();
  if (kind == Kind::kLimited) {
    WireSession s;
    EXPECT_TRUE(s.Open(slot->port()).ok());
    auto auth = s.Register(admin_limited->device, slot->admin_invite(), "Admin");
    EXPECT_TRUE(auth.ok()) << auth.status().ToString();
    if (auth.ok()) admin_limited->user_id = auth->user_id();
  }
  return *slot;
}

void BadInputEnv::Populate() {
  int port = servers_[Kind::kMain]->port();
  auto join = [&](User& user, const std::string& invite, const char* name) {
    WireSession s;
    EXPECT_TRUE(s.Open(port).ok());
    auto auth = s.Register(user.device, invite, name);
    ASSERT_TRUE(auth.ok()) << name << ": " << auth.status().ToString();
    user.user_id = auth->user_id();
  };
  join(*admin, servers_[Kind::kMain]->admin_invite(), "Admin");
  WireSession a = Session(Kind::kMain, *admin);
  community = Created(a.Call(CreateCommunityReq("Buurt")), "community");
  join(*leader,
       Created(a.Call(InviteReq(v1::INVITE_COMMUNITY, v1::ROLE_LEADER, community)), "invite"),
       "Lea");
  WireSession l = Session(Kind::kMain, *leader);
  group = Created(l.Call(CreateGroupReq(community, "Straat")), "group");
  join(*member, Created(l.Call(InviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group)), "inv"),
       "Mo");
  join(*removed, Created(l.Call(InviteReq(v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group)), "inv"),
       "Rik");
  used_invite = Created(l.Call(InviteReq(v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, community)), "i");
  join(*nonmember, used_invite, "Nina");
  auto removal = l.Call(RemoveMemberReq(group, removed->user_id));
  EXPECT_TRUE(removal.ok() && removal->has_ok());
  auto info = Session(Kind::kMain, *member).Call(GetGroupReq(group));
  EXPECT_TRUE(info.ok() && info->has_group_info());
  if (info.ok()) epoch = info->group_info().epoch();
}

WireSession BadInputEnv::Session(Kind kind, const User& user) {
  WireSession s = Fresh(kind);
  auto auth = s.Authenticate(user.device);
  EXPECT_TRUE(auth.ok()) << auth.status().ToString();
  return s;
}

WireSession BadInputEnv::Fresh(Kind kind) {
  WireSession s;
  Status st = s.Open(Port(kind));
  EXPECT_TRUE(st.ok()) << st.ToString();
  return s;
}

void Record(const Result<v1::ServerMessage>& reply, Observed& o) {
  if (!reply.ok()) return;
  if (reply->has_error()) {
    o.errors.push_back(reply->error().code());
    o.text += reply->error().message() + "\n";
  }
}

void Drain(WireSession& s, Observed& o) {
  for (;;) {
    Result<v1::ServerMessage> msg = s.ws.ReadMessage();
    if (msg.ok()) {
      Record(msg, o);
      continue;
    }
    if (msg.status().code() != Code::kDeadlineExceeded) o.close = s.ws.close_code().value_or(0);
    return;
  }
}

void PingThrough(WireSession& s, Observed& o) {
  const uint64_t rid = 1'000'000 + s.next_id();
  if (!s.ws.SendBinary(EncodeWithId(PingReq(), rid)).ok()) {
    o.close = s.ws.close_code().value_or(0);
    return;
  }
  for (;;) {
    Result<v1::ServerMessage> msg = s.ws.ReadMessage();
    if (!msg.ok()) {
      if (msg.status().code() != Code::kDeadlineExceeded) o.close = s.ws.close_code().value_or(0);
      return;
    }
    Record(msg, o);
    if (msg->request_id() == rid) {
      o.open = msg->has_pong();
      return;
    }
  }
}

// An HTTP request on a fresh connection: the status, the body and whether it closed.
Observed Http(int port, const std::string& request) {
  RawTcp tcp;
  Observed o;
  if (!tcp.Connect(port) || !tcp.Send(request)) return o;
  std::string got;
  if (tcp.WaitClosed(kWait, &got)) o.close = 0;
  o.http = HttpStatus(got);
  o.text = got;
  return o;
}

std::string Upgrade(const std::string& extra) {
  return "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
         extra + "\r\n";
}

// Sends one raw frame on an authenticated connection, then a Ping.
Observed AfterAuth(BadInputEnv& e, const std::string& frame) {
  WireSession s = e.Session(Kind::kMain, *e.member);
  Observed o;
  EXPECT_TRUE(s.ws.SendBinary(frame).ok());
  PingThrough(s, o);
  return o;
}

// One request of `user` on the main server, then a Ping.
Observed Request(BadInputEnv& e, const User& user, v1::ClientMessage req) {
  WireSession s = e.Session(Kind::kMain, user);
  Observed o;
  Record(s.Call(std::move(req)), o);
  PingThrough(s, o);
  return o;
}

// One frame as the first frame after the challenge, then what follows until the end.
Observed FirstFrame(BadInputEnv& e, Kind kind, const std::function<std::string(WireSession&)>& f) {
  WireSession s = e.Fresh(kind);
  Observed o;
  EXPECT_TRUE(s.ws.SendBinary(f(s)).ok());
  Drain(s, o);
  return o;
}

}  // namespace weerbaar::testing
