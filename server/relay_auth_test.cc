// The first frame of a connection: challenge, Authenticate and Register.
#include "crypto/primitives.h"
#include "protocol/codec.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

using RelayAuthTest = RelayTest;

// The only frame after the challenge, which must be an error; and the close code.
void ExpectRefused(const TestClient& c, v1::ErrorCode code, uint16_t close) {
  ASSERT_EQ(c.conn.frames.size(), 2u);
  v1::ServerMessage reply = c.conn.Decode(1);
  ASSERT_TRUE(reply.has_error()) << reply.DebugString();
  EXPECT_EQ(reply.error().code(), code);
  EXPECT_EQ(c.conn.close_code, close);
}

TEST_F(RelayAuthTest, SendsAFreshChallengeOnEveryConnection) {
  auto a = Connect(crypto::DeviceIdentity::Generate());
  auto b = Connect(crypto::DeviceIdentity::Generate());
  v1::Challenge challenge = a->conn.Decode(0).challenge();
  EXPECT_EQ(challenge.protocol_version(), protocol::kProtocolVersion);
  EXPECT_EQ(challenge.server_id(), store_->server_id());
  EXPECT_EQ(challenge.expires_at_ms(), uint64_t(clock_.NowMillis() + config_.auth_timeout_ms));
  EXPECT_EQ(a->challenge_nonce.size(), 32u);
  EXPECT_NE(a->challenge_nonce, b->challenge_nonce);
}

TEST_F(RelayAuthTest, RegistersTheFirstAdminWithTheBootstrapInvite) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  EXPECT_TRUE(admin->is_admin);
  EXPECT_EQ(admin->user_id.size(), 16u);
  EXPECT_EQ(relay_->authenticated(), 1u);
}

TEST_F(RelayAuthTest, AuthenticatesARegisteredDeviceOnALaterConnection) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  auto again = Reconnect(*admin);
  EXPECT_EQ(again->user_id, admin->user_id);
  EXPECT_TRUE(Call(*again,
                   [] {
                     v1::ClientMessage ping;
                     ping.mutable_ping();
                     return ping;
                   }())
                  .has_pong());
}

TEST_F(RelayAuthTest, RefusesAnInviteThatWasUsedAlready) {
  std::string token = MintInvite(storage::InviteKind::kAdmin);
  Join(token);
  auto second = Connect(crypto::DeviceIdentity::Generate());
  relay_->HandleFrame(second->id, EncodeRequest(RegisterRequest(*second, token), 9));
  ASSERT_TRUE(tasks_.RunUntil([&] { return second->conn.close_code.has_value(); }));
  ExpectRefused(*second, v1::INVITE_INVALID, protocol::close_code::kPolicyViolation);
  EXPECT_EQ(second->conn.Decode(1).request_id(), 9u);
  EXPECT_EQ(metrics_.auth_failures_total.load(), 1u);
}

TEST_F(RelayAuthTest, RefusesASignatureMadeForAnotherConnectionsNonce) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  auto first = Connect(CopyIdentity(admin->identity));
  auto second = Connect(CopyIdentity(admin->identity));
  v1::ClientMessage replayed = AuthenticateRequest(*first);  // signed over first's nonce
  relay_->HandleFrame(second->id, EncodeRequest(replayed));
  ExpectRefused(*second, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, AnswersAnUnknownDeviceLikeABadSignature) {
  auto stranger = Connect(crypto::DeviceIdentity::Generate());
  relay_->HandleFrame(stranger->id, EncodeRequest(AuthenticateRequest(*stranger)));
  ExpectRefused(*stranger, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, RefusesKeysWhoseAgreementSignatureDoesNotVerify) {
  auto client = Connect(crypto::DeviceIdentity::Generate());
  v1::ClientMessage req = RegisterRequest(*client, MintInvite(storage::InviteKind::kAdmin));
  std::string sig = req.register_().keys().agreement_sig();
  sig[0] ^= 1;
  req.mutable_register_()->mutable_keys()->set_agreement_sig(sig);
  relay_->HandleFrame(client->id, EncodeRequest(req));
  ExpectRefused(*client, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, RefusesAnAnswerAfterTheChallengeExpired) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  auto late = Connect(CopyIdentity(admin->identity));
  clock_.Advance(config_.auth_timeout_ms + 1);
  relay_->HandleFrame(late->id, EncodeRequest(AuthenticateRequest(*late)));
  ExpectRefused(*late, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, ClosesWhenTheFirstFrameIsNotAnAuthentication) {
  auto client = Connect(crypto::DeviceIdentity::Generate());
  v1::ClientMessage ping;
  ping.set_request_id(4);
  ping.mutable_ping();
  relay_->HandleFrame(client->id, protocol::Encode(ping));
  ExpectRefused(*client, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
  // The nonce is gone and the connection is closing: a proper answer now is ignored.
  relay_->HandleFrame(client->id, EncodeRequest(AuthenticateRequest(*client)));
  EXPECT_EQ(client->conn.frames.size(), 2u);
}

TEST_F(RelayAuthTest, ClosesAnUndecodableFirstFrameWithPolicyViolation) {
  auto client = Connect(crypto::DeviceIdentity::Generate());
  relay_->HandleFrame(client->id, "\xff\xff\xff");
  ExpectRefused(*client, v1::BAD_REQUEST, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, ClosesAtTheDeadlineOnlyConnectionsThatDidNotAuthenticate) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  auto idle = Connect(crypto::DeviceIdentity::Generate());
  relay_->AuthDeadline(admin->id);
  relay_->AuthDeadline(idle->id);
  EXPECT_FALSE(admin->conn.close_code.has_value());
  ExpectRefused(*idle, v1::UNAUTHENTICATED, protocol::close_code::kPolicyViolation);
}

TEST_F(RelayAuthTest, RefusesRequestsWhileTheRegistrationIsBeingWritten) {
  auto client = Connect(crypto::DeviceIdentity::Generate());
  auto req = RegisterRequest(*client, MintInvite(storage::InviteKind::kAdmin));
  req.set_request_id(1);
  relay_->HandleFrame(client->id, protocol::Encode(req));
  v1::ClientMessage ping;
  ping.set_request_id(2);
  ping.mutable_ping();
  relay_->HandleFrame(client->id, protocol::Encode(ping));
  EXPECT_EQ(client->conn.close_code, protocol::close_code::kPolicyViolation);
  // Store callbacks arrive in submission order, so this Join runs the first one too; it
  // finds the connection closing and binds nothing.
  Join(MintInvite(storage::InviteKind::kAdmin));
  EXPECT_FALSE(client->conn.ReplyTo(1).has_value());
  EXPECT_EQ(relay_->authenticated(), 1u);
}

TEST_F(RelayAuthTest, ClosesEveryConnectionOnShutdownAndLaterOnesAtOnce) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  auto waiting = Connect(crypto::DeviceIdentity::Generate());
  relay_->CloseAll(protocol::close_code::kGoingAway);
  EXPECT_EQ(admin->conn.close_code, protocol::close_code::kGoingAway);
  EXPECT_EQ(waiting->conn.close_code, protocol::close_code::kGoingAway);
  FakeConnection late;
  relay_->Open(&late);
  EXPECT_EQ(late.close_code, protocol::close_code::kGoingAway);
  EXPECT_TRUE(late.frames.empty());
}

TEST_F(RelayAuthTest, ForgetsAClosedConnection) {
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin));
  relay_->Closed(admin->id);
  EXPECT_EQ(relay_->connections(), 0u);
  EXPECT_EQ(relay_->authenticated(), 0u);
  relay_->HandleFrame(admin->id, "anything");  // ignored, no crash
}

}  // namespace
}  // namespace weerbaar::server
