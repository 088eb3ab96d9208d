#include "server/relay_test_util.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "common/bytes.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"
#include "protocol/codec.h"

namespace weerbaar::server {

v1::ServerMessage FakeConnection::Decode(size_t index) const {
  v1::ServerMessage msg;
  EXPECT_TRUE(msg.ParseFromString(*frames.at(index)));
  return msg;
}

std::optional<v1::ServerMessage> FakeConnection::ReplyTo(uint64_t request_id) const {
  for (size_t i = 0; i < frames.size(); ++i) {
    v1::ServerMessage msg = Decode(i);
    if (msg.request_id() == request_id) return msg;
  }
  return std::nullopt;
}

std::vector<size_t> FakeConnection::Pushes(v1::ServerMessage::BodyCase body) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < frames.size(); ++i) {
    v1::ServerMessage msg = Decode(i);
    if (msg.request_id() == 0 && msg.body_case() == body) out.push_back(i);
  }
  return out;
}

void TaskQueue::Post(Relay::Task task) {
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.push_back(std::move(task));
  cv_.notify_one();
}

bool TaskQueue::RunUntil(const std::function<bool()>& done) {
  while (!done()) {
    Relay::Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::seconds(10), [&] { return !tasks_.empty(); }))
        return false;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
  return true;
}

bool BackgroundQueue::Post(Relay::Task task) {
  if (!capacity_) {
    tasks_.Post(std::move(task));
    return true;
  }
  if (held_.size() >= *capacity_) return false;
  held_.push_back(std::move(task));
  return true;
}

void BackgroundQueue::Hold(size_t capacity) { capacity_ = capacity; }

size_t BackgroundQueue::RunHeld() {
  capacity_.reset();
  size_t ran = 0;
  for (; !held_.empty(); ++ran) {
    Relay::Task task = std::move(held_.front());
    held_.pop_front();
    task();
  }
  return ran;
}

std::string EncodeRequest(v1::ClientMessage req, uint64_t request_id) {
  req.set_request_id(request_id);
  return protocol::Encode(req);
}

crypto::DeviceIdentity CopyIdentity(const crypto::DeviceIdentity& identity) {
  auto copy = crypto::DeviceIdentity::Parse(identity.SerializeSecret().view());
  EXPECT_TRUE(copy.ok());
  return std::move(copy).value();
}

std::string NewTestId() { return ToString(crypto::RandomBytes(16)); }

void RelayTest::SetUp() {
  ASSERT_TRUE(crypto::Init().ok());
  std::string pattern = ::testing::TempDir() + "weerbaar-server-XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
  storage::Options options;
  options.path = dir_ + "/db";
  options.master_key = crypto::RandomSecret(32);
  options.clock = &clock_;
  auto store = storage::Store::Open(std::move(options));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
  MakeRelay();
}

void RelayTest::TearDown() {
  // The store drains first; its last callbacks land in tasks_, which nobody runs.
  store_.reset();
  relay_.reset();
  std::filesystem::remove_all(dir_);
}

void RelayTest::MakeRelay() {
  relay_ = std::make_unique<Relay>(
      *store_, clock_, metrics_, config_,
      [this](Relay::Task task) { tasks_.Post(std::move(task)); },
      [this](Relay::Task task) { return background_.Post(std::move(task)); });
}

std::string RelayTest::MintInvite(storage::InviteKind kind) {
  std::string token = Base64UrlEncode(crypto::RandomBytes(32));
  storage::InviteRecord invite;
  invite.token_hash = ToString(crypto::Hash(AsBytes(token)));
  invite.kind = kind;
  invite.expires_ms = clock_.NowMillis() + 3'600'000;
  Status st = storage::Await<storage::Done>([&](storage::Callback<storage::Done> done) {
                store_->CreateInvite(invite, done);
              }).status();
  EXPECT_TRUE(st.ok()) << st.ToString();
  return token;
}

std::unique_ptr<TestClient> RelayTest::Connect(crypto::DeviceIdentity identity) {
  auto client = std::make_unique<TestClient>(std::move(identity));
  client->id = relay_->Open(&client->conn);
  EXPECT_EQ(client->conn.frames.size(), 1u);
  v1::ServerMessage challenge = client->conn.Decode(0);
  EXPECT_TRUE(challenge.has_challenge());
  client->challenge_nonce = challenge.challenge().nonce();
  return client;
}

v1::ClientMessage RelayTest::RegisterRequest(const TestClient& c, const std::string& token,
                                             const std::string& name) {
  const crypto::DeviceIdentity& d = c.identity;
  Bytes extra = crypto::RegisterExtra(token, d.agreement_public());
  crypto::AuthTranscript t{"register",
                           protocol::kProtocolVersion,
                           AsBytes(store_->server_id()),
                           AsBytes(c.challenge_nonce),
                           d.device_id(),
                           extra};
  v1::ClientMessage req;
  v1::Register* r = req.mutable_register_();
  r->set_invite(token);
  r->mutable_keys()->set_signing_key(ToString(d.signing_public()));
  r->mutable_keys()->set_agreement_key(ToString(d.agreement_public()));
  r->mutable_keys()->set_agreement_sig(ToString(d.agreement_signature()));
  r->set_signature(ToString(crypto::SignAuthTranscript(d, t)));
  r->set_display_name(name);
  return req;
}

v1::ClientMessage RelayTest::AuthenticateRequest(const TestClient& c) {
  crypto::AuthTranscript t{"authenticate",
                           protocol::kProtocolVersion,
                           AsBytes(store_->server_id()),
                           AsBytes(c.challenge_nonce),
                           c.identity.device_id(),
                           {}};
  v1::ClientMessage req;
  req.mutable_authenticate()->set_device_id(ToString(c.identity.device_id()));
  req.mutable_authenticate()->set_signature(ToString(crypto::SignAuthTranscript(c.identity, t)));
  return req;
}

std::unique_ptr<TestClient> RelayTest::Join(const std::string& token, const std::string& name) {
  auto client = Connect(crypto::DeviceIdentity::Generate());
  v1::ServerMessage reply = Call(*client, RegisterRequest(*client, token, name));
  EXPECT_TRUE(reply.has_auth_result()) << reply.DebugString();
  client->user_id = reply.auth_result().user_id();
  client->is_admin = reply.auth_result().is_admin();
  return client;
}

std::unique_ptr<TestClient> RelayTest::Reconnect(const TestClient& other) {
  auto client = Connect(CopyIdentity(other.identity));
  v1::ServerMessage reply = Call(*client, AuthenticateRequest(*client));
  EXPECT_TRUE(reply.has_auth_result()) << reply.DebugString();
  client->user_id = reply.auth_result().user_id();
  return client;
}

uint64_t RelayTest::Send(TestClient& client, v1::ClientMessage req) {
  uint64_t rid = next_request_id_++;
  req.set_request_id(rid);
  relay_->HandleFrame(client.id, protocol::Encode(req));
  return rid;
}

void RelayTest::RunQueued() {
  // The queue is FIFO: once the marker ran, so did everything queued before it.
  bool marker = false;
  tasks_.Post([&marker] { marker = true; });
  EXPECT_TRUE(tasks_.RunUntil([&] { return marker; }));
}

v1::ServerMessage RelayTest::Call(TestClient& client, v1::ClientMessage req) {
  uint64_t rid = Send(client, req);
  bool replied = tasks_.RunUntil([&] { return client.conn.ReplyTo(rid).has_value(); });
  EXPECT_TRUE(replied) << "no reply to " << req.DebugString();
  return replied ? *client.conn.ReplyTo(rid) : v1::ServerMessage();
}

std::string RelayTest::Invite(TestClient& by, v1::InviteKind kind, v1::Role role,
                              const std::string& scope_id) {
  v1::ServerMessage reply = Call(by, CreateInviteReq(kind, role, scope_id));
  EXPECT_TRUE(reply.has_invite_created()) << reply.DebugString();
  return reply.invite_created().token();
}

void NeighbourhoodTest::SetUp() {
  ASSERT_NO_FATAL_FAILURE(RelayTest::SetUp());
  admin = Join(MintInvite(storage::InviteKind::kAdmin), "Admin");
  ASSERT_TRUE(admin->is_admin);
  community = Call(*admin, CreateCommunityReq("De Buurt")).community_created().community_id();
  other_community = Call(*admin, CreateCommunityReq("Overkant")).community_created().community_id();
  leader = Join(Invite(*admin, v1::INVITE_COMMUNITY, v1::ROLE_LEADER, community), "Lea");
  group = Call(*leader, CreateGroupReq(community, "Straat")).group_created().group_id();
  ASSERT_EQ(group.size(), 16u);
  member = Join(Invite(*leader, v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group), "Mo");
  nonmember = Join(Invite(*leader, v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, community), "Nina");
  partner = Join(Invite(*admin, v1::INVITE_COMMUNITY, v1::ROLE_PARTNER, community), "Politie");
  removed = Join(Invite(*leader, v1::INVITE_GROUP, v1::ROLE_UNSPECIFIED, group), "Rik");
  ASSERT_TRUE(Call(*leader, RemoveMemberReq(group, removed->user_id)).has_ok());
  outsider = Join(Invite(*admin, v1::INVITE_COMMUNITY, v1::ROLE_RESIDENT, other_community), "Olaf");
  epoch = Call(*member, GetGroupReq(group)).group_info().epoch();
  ASSERT_GT(epoch, 1u);
}

}  // namespace weerbaar::server
