// Client against scripted servers: registration, authentication and the checks around
// them. The full messaging flow runs against the real server in tests/.
#include "clients/client.h"

#include <gtest/gtest.h>

#include <atomic>

#include "clients/auth_request.h"
#include "clients/scripted_server.h"
#include "clients/test_util.h"
#include "crypto/channel_seal.h"
#include "crypto/primitives.h"
#include "crypto/transcript.h"

namespace weerbaar::client {
namespace {

using testing::AwaitClose;
using testing::Receive;
using testing::ScriptedServer;
using testing::Send;
using testing::SendChallenge;
using testing::TempDir;
using testing::Ws;

const std::string kUser(16, 'U');
const std::string kServerId(32, 'S');
const std::string kNonce(32, 'N');

bool VerifyRegister(const v1::Register& r) {
  Bytes device = crypto::DeviceIdFor(AsBytes(r.keys().signing_key()));
  Bytes extra = crypto::RegisterExtra(r.invite(), AsBytes(r.keys().agreement_key()));
  crypto::AuthTranscript t{"register", 1, AsBytes(kServerId), AsBytes(kNonce), device, extra};
  return crypto::VerifyAuthTranscript(AsBytes(r.keys().signing_key()), t, AsBytes(r.signature()));
}

v1::ServerMessage AuthReply(uint64_t request_id, const std::string& device_id) {
  v1::ServerMessage reply;
  reply.set_request_id(request_id);
  reply.mutable_auth_result()->set_user_id(kUser);
  reply.mutable_auth_result()->set_device_id(device_id);
  return reply;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::Init().ok()); }

  Client OpenClient() {
    auto profile = Profile::Open(tmp_.Sub("profile"));
    EXPECT_TRUE(profile.ok());
    auto c = Client::Open(std::move(profile).value());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return std::move(c).value();
  }

  // Joins through a server that checks the registration signature and accepts it.
  void JoinThroughScriptedServer() {
    std::atomic<bool> verified{false};
    {
      ScriptedServer server([&](Ws& ws) {
        SendChallenge(ws);
        v1::ClientMessage m = Receive(ws);
        verified = m.has_register_() && m.register_().invite() == "invite-1" &&
                   m.register_().display_name() == "Anna" && VerifyRegister(m.register_());
        Bytes device = crypto::DeviceIdFor(AsBytes(m.register_().keys().signing_key()));
        Send(ws, AuthReply(m.request_id(), ToString(device)));
        AwaitClose(ws);
      });
      Client c = OpenClient();
      ASSERT_TRUE(c.Join(server.url(), "invite-1", "Anna").ok());
      c.Close();
    }
    EXPECT_TRUE(verified);
  }

  // Points the joined profile at another server address.
  void MoveServer(const std::string& url) {
    auto profile = Profile::Open(tmp_.Sub("profile"));
    ClientState state = *profile->LoadState();
    state.set_server_url(url);
    ASSERT_TRUE(profile->SaveState(state).ok());
  }

  TempDir tmp_;
};

TEST_F(ClientTest, AFreshProfileHasNotJoined) {
  Client c = OpenClient();
  EXPECT_FALSE(c.joined());
  EXPECT_EQ(c.Connect().code(), Code::kFailedPrecondition);
  EXPECT_EQ(c.ListGroups().status().code(), Code::kFailedPrecondition);
}

TEST_F(ClientTest, JoinRegistersASignedTranscriptAndSavesTheProfile) {
  JoinThroughScriptedServer();
  Client c = OpenClient();
  ASSERT_TRUE(c.joined());
  EXPECT_EQ(c.state().user_id(), kUser);
  EXPECT_EQ(c.state().server_id(), kServerId);
  EXPECT_EQ(c.state().display_name(), "Anna");
  EXPECT_EQ(c.profile().LoadIdentity()->device_id(), ToBytes(c.state().device_id()));
}

TEST_F(ClientTest, JoinRefusesAnotherProtocolVersionAndLeavesNoIdentity) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws, /*version=*/2);
    AwaitClose(ws);
  });
  Client c = OpenClient();
  EXPECT_EQ(c.Join(server.url(), "invite-1", "Anna").code(), Code::kFailedPrecondition);
  c.Close();
  EXPECT_FALSE(c.profile().HasIdentity());
  EXPECT_FALSE(c.profile().HasState());
}

TEST_F(ClientTest, ARefusedInviteLeavesNoIdentity) {
  ScriptedServer server([](Ws& ws) {
    SendChallenge(ws);
    v1::ServerMessage error;
    error.set_request_id(Receive(ws).request_id());
    error.mutable_error()->set_code(v1::INVITE_INVALID);
    Send(ws, error);
    AwaitClose(ws);
  });
  Client c = OpenClient();
  EXPECT_EQ(c.Join(server.url(), "used", "Anna").code(), Code::kPermissionDenied);
  EXPECT_FALSE(c.joined());
  EXPECT_FALSE(c.profile().HasIdentity());
}

TEST_F(ClientTest, JoinTwiceIsRefused) {
  JoinThroughScriptedServer();
  Client c = OpenClient();
  EXPECT_EQ(c.Join("ws://127.0.0.1:1/", "invite-2", "Anna").code(), Code::kAlreadyExists);
}

TEST_F(ClientTest, ConnectAuthenticatesWithASignedTranscript) {
  JoinThroughScriptedServer();
  Bytes signing_key = OpenClient().profile().LoadIdentity()->signing_public();
  std::atomic<bool> verified{false};
  ScriptedServer server([&](Ws& ws) {
    SendChallenge(ws);
    v1::ClientMessage m = Receive(ws);
    const v1::Authenticate& a = m.authenticate();
    crypto::AuthTranscript t{"authenticate",         1, AsBytes(kServerId), AsBytes(kNonce),
                             AsBytes(a.device_id()), {}};
    verified = crypto::VerifyAuthTranscript(signing_key, t, AsBytes(a.signature()));
    Send(ws, AuthReply(m.request_id(), a.device_id()));
    AwaitClose(ws);
  });
  MoveServer(server.url());
  Client c = OpenClient();
  ASSERT_TRUE(c.Connect().ok());
  c.Close();
  EXPECT_TRUE(verified);
}

TEST_F(ClientTest, ConnectRefusesAnotherServerAndSendsItNothing) {
  JoinThroughScriptedServer();
  std::atomic<bool> got_frame{false};
  ScriptedServer impostor([&](Ws& ws) {
    SendChallenge(ws, 1, /*server=*/'T');
    Receive(ws);  // throws when the client hangs up without a word
    got_frame = true;
  });
  MoveServer(impostor.url());
  Client c = OpenClient();
  Status st = c.Connect();
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_NE(st.message().find("not the server this profile joined"), std::string::npos);
  c.Close();
  EXPECT_FALSE(got_frame);
}

TEST_F(ClientTest, ConnectToAMovedServerRemembersItsNewAddress) {
  JoinThroughScriptedServer();
  std::string old_url = OpenClient().state().server_url();
  ScriptedServer moved([](Ws& ws) {
    SendChallenge(ws);
    v1::ClientMessage m = Receive(ws);
    Send(ws, AuthReply(m.request_id(), m.authenticate().device_id()));
    AwaitClose(ws);
  });
  Client c = OpenClient();
  ASSERT_TRUE(c.ConnectTo(moved.url()).ok());
  c.Close();
  EXPECT_NE(old_url, moved.url());
  EXPECT_EQ(OpenClient().state().server_url(), moved.url());
}

TEST_F(ClientTest, ConnectToAnotherServerKeepsTheOldAddress) {
  JoinThroughScriptedServer();
  std::string old_url = OpenClient().state().server_url();
  ScriptedServer impostor([](Ws& ws) {
    SendChallenge(ws, 1, /*server=*/'T');
    AwaitClose(ws);
  });
  Client c = OpenClient();
  EXPECT_EQ(c.ConnectTo(impostor.url()).code(), Code::kPermissionDenied);
  EXPECT_EQ(OpenClient().state().server_url(), old_url);
}

TEST_F(ClientTest, AStateThatDoesNotMatchTheIdentityIsRefused) {
  JoinThroughScriptedServer();
  auto profile = Profile::Open(tmp_.Sub("profile"));
  ClientState state = *profile->LoadState();
  state.set_device_id(std::string(16, 'X'));
  ASSERT_TRUE(profile->SaveState(state).ok());
  EXPECT_EQ(Client::Open(*profile).status().code(), Code::kDataLoss);
}

TEST_F(ClientTest, HistoryOfAnUnknownGroupIsNotFound) {
  Client c = OpenClient();
  EXPECT_EQ(c.History(AsBytes(std::string(16, 'G'))).status().code(), Code::kNotFound);
}

// A partner device with copies of shares A and B of a channel whose key it holds.
void HoldShares(const std::string& dir, const std::string& channel_id) {
  auto profile = Profile::Open(dir);
  ClientState state = *profile->LoadState();
  PartnerChannel* channel = state.mutable_signals()->add_channels();
  channel->set_channel_id(channel_id);
  channel->set_secret_key(ToString(crypto::X25519KeyPair::Generate().secret.view()));
  channel->set_cursor(7);
  for (const char* id : {"A", "B"}) {
    HeldShare* held = channel->add_held();
    held->set_share_id(std::string(16, id[0]));
    v1::ChannelShare share;
    share.set_share_id(held->share_id());
    held->set_channel_share(share.SerializeAsString());
  }
  ASSERT_TRUE(profile->SaveState(state).ok());
}

// Answers ListChannelPartners with this device, `other` and a device with a forged
// signature; returns the device ids the following SendDirect addresses.
std::vector<std::string> HandOutKey(Ws& ws, const std::string& me, const v1::DeviceInfo& other) {
  v1::ClientMessage list = Receive(ws);
  v1::ServerMessage partners;
  partners.set_request_id(list.request_id());
  partners.mutable_channel_partners()->set_channel_id(list.list_channel_partners().channel_id());
  v1::Member* member = partners.mutable_channel_partners()->add_partners();
  member->add_devices()->set_device_id(me);
  *member->add_devices() = other;
  v1::DeviceInfo forged = PublishedInfo(crypto::DeviceIdentity::Generate());
  forged.mutable_keys()->mutable_agreement_sig()->at(3) ^= 1;
  *member->add_devices() = forged;
  Send(ws, partners);
  v1::ClientMessage direct = Receive(ws);
  std::vector<std::string> to;
  for (const v1::DirectEnvelope& e : direct.send_direct().envelopes()) to.push_back(e.to_device());
  v1::ServerMessage ack;
  ack.set_request_id(direct.request_id());
  ack.mutable_direct_ack()->add_seqs(1);
  Send(ws, ack);
  return to;
}

TEST_F(ClientTest, AChannelSyncGivesTheKeyToOtherPartnerDevicesSendsHeldIdsAndDeletesGone) {
  JoinThroughScriptedServer();
  const std::string channel_id(16, 'C');
  HoldShares(tmp_.Sub("profile"), channel_id);
  std::atomic<bool> asked_right{false};
  const v1::DeviceInfo other = PublishedInfo(crypto::DeviceIdentity::Generate());
  std::vector<std::string> given;
  ScriptedServer server([&](Ws& ws) {
    SendChallenge(ws);
    v1::ClientMessage auth = Receive(ws);
    Send(ws, AuthReply(auth.request_id(), auth.authenticate().device_id()));
    given = HandOutKey(ws, auth.authenticate().device_id(), other);
    v1::ClientMessage sync = Receive(ws);
    const auto& held = sync.sync_channel().held_share_ids();
    asked_right = sync.sync_channel().after_seq() == 7 && held.size() == 2 &&
                  held[0] == std::string(16, 'A') && held[1] == std::string(16, 'B');
    v1::ServerMessage reply;
    reply.set_request_id(sync.request_id());
    v1::ChannelShare* fresh = reply.mutable_channel_shares()->add_shares();
    fresh->set_seq(8);
    fresh->set_share_id(std::string(16, 'N'));
    reply.mutable_channel_shares()->add_gone_share_ids(std::string(16, 'A'));
    Send(ws, reply);
    AwaitClose(ws);
  });
  MoveServer(server.url());
  Client c = OpenClient();
  ASSERT_TRUE(c.Connect().ok());
  auto synced = c.SyncChannel(AsBytes(channel_id));
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  c.Close();
  EXPECT_TRUE(asked_right);
  EXPECT_EQ(synced->new_shares, 1u);
  EXPECT_EQ(synced->gone, 1u);
  std::vector<std::string> left;
  for (const HeldShare& h : c.state().signals().channels(0).held()) left.push_back(h.share_id());
  EXPECT_EQ(left, (std::vector<std::string>{std::string(16, 'B'), std::string(16, 'N')}));
  EXPECT_EQ(c.state().signals().channels(0).cursor(), 8u);
  // Only the verified other device got the key (not this one, not the forged one).
  EXPECT_EQ(given, std::vector<std::string>{other.device_id()});
  EXPECT_EQ(c.state().signals().channels(0).key_given_to(0), other.device_id());
  EXPECT_EQ(c.TakeWarnings().size(), 1u);
}

TEST_F(ClientTest, AShareWhoseReplyWasLostIsFoundAgainInTheListAndItsQuestionsOpen) {
  JoinThroughScriptedServer();
  const std::string report(16, 'R'), channel(16, 'C'), share(16, 'S');
  crypto::X25519KeyPair reply = crypto::X25519KeyPair::Generate();
  {
    auto profile = Profile::Open(tmp_.Sub("profile"));
    ClientState state = *profile->LoadState();
    OwnShare* pending = state.mutable_signals()->add_shares();  // sent, no share id yet
    pending->set_report_id(report);
    pending->set_channel_id(channel);
    pending->set_reply_secret(ToString(reply.secret.view()));
    ASSERT_TRUE(profile->SaveState(state).ok());
  }
  auto aad = crypto::ShareAad(AsBytes(report), AsBytes(channel));
  auto question = crypto::SealToReplyHandle(reply.public_key, AsBytes("Welke container?"), *aad);
  ScriptedServer server([&](Ws& ws) {
    SendChallenge(ws);
    v1::ClientMessage auth = Receive(ws);
    Send(ws, AuthReply(auth.request_id(), auth.authenticate().device_id()));
    v1::ServerMessage list;
    list.set_request_id(Receive(ws).request_id());
    v1::MyShare* mine = list.mutable_my_shares()->add_shares();
    mine->set_share_id(share);
    mine->set_report_id(report);
    mine->set_channel_id(channel);
    v1::ShareThreadEntry* entry = mine->add_thread();
    entry->set_from_partner(true);
    entry->set_sealed(ToString(*question));
    Send(ws, list);
    AwaitClose(ws);
  });
  MoveServer(server.url());
  Client c = OpenClient();
  ASSERT_TRUE(c.Connect().ok());
  auto shares = c.ListMyShares();
  c.Close();
  ASSERT_TRUE(shares.ok()) << shares.status().ToString();
  ASSERT_EQ(shares->size(), 1u);
  ASSERT_EQ((*shares)[0].thread.size(), 1u);
  EXPECT_TRUE((*shares)[0].thread[0].opened);
  EXPECT_EQ((*shares)[0].thread[0].text, "Welke container?");
  EXPECT_EQ(c.state().signals().shares(0).share_id(), share);
}

}  // namespace
}  // namespace weerbaar::client
