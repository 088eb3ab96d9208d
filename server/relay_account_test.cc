// Erasure (Art. 17) and export (Art. 15/20) through the relay.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "server/relay_retention_test_util.h"
#include "server/relay_test_util.h"

namespace weerbaar::server {
namespace {

namespace json = boost::json;

std::string Hex(const std::string& bytes) { return HexEncode(AsBytes(bytes)); }

class RelayAccountTest : public NeighbourhoodTest {
 protected:
  json::object Export(TestClient& who) {
    v1::ServerMessage reply = Call(who, ExportAccountReq());
    EXPECT_TRUE(reply.has_account_export()) << reply.DebugString();
    return json::parse(reply.account_export().json()).as_object();
  }
};

TEST_F(RelayAccountTest, AnErasureIsAnsweredWithItsReceiptAndEndsHerConnections) {
  int hook_calls = 0;
  relay_->SetSweepHook([&] { ++hook_calls; });
  ASSERT_TRUE(Call(*member, SendGroupReq(group, epoch, NewTestId(), "ct-canary")).has_send_ack());
  auto second = Reconnect(*member);
  size_t leader_frames = leader->conn.frames.size();

  v1::ServerMessage reply = Call(*member, EraseAccountReq());
  ASSERT_TRUE(reply.has_erasure_receipt()) << reply.DebugString();
  const v1::ErasureReceipt& receipt = reply.erasure_receipt();
  EXPECT_EQ(receipt.user_id(), member->user_id);
  EXPECT_EQ(receipt.erased_at_ms(), static_cast<uint64_t>(clock_.NowMillis()));
  EXPECT_EQ(receipt.devices(), 1u);
  EXPECT_EQ(receipt.messages(), 1u);
  EXPECT_GE(receipt.memberships(), 2u);  // the community and the group
  EXPECT_GE(receipt.data_keys_destroyed(), 1u);
  EXPECT_GT(receipt.audit_index(), 0u);
  ASSERT_EQ(receipt.left_groups_size(), 1);
  EXPECT_EQ(receipt.left_groups(0).group_id(), group);
  EXPECT_GT(receipt.left_groups(0).epoch(), epoch);
  EXPECT_EQ(hook_calls, 1);

  // The group hears of the change; every connection of hers is told and closed.
  auto pushes = leader->conn.Pushes(v1::ServerMessage::kPushGroupChanged);
  ASSERT_FALSE(pushes.empty());
  EXPECT_GE(pushes.back(), leader_frames);
  EXPECT_EQ(leader->conn.Decode(pushes.back()).push_group_changed().epoch(),
            receipt.left_groups(0).epoch());
  for (TestClient* hers : {member.get(), second.get()}) {
    EXPECT_EQ(hers->conn.Pushes(v1::ServerMessage::kPushAccountErased).size(), 1u);
    EXPECT_EQ(hers->conn.close_code, protocol::close_code::kNormal);
  }
  // Her device can no longer authenticate, and the group no longer lists her.
  auto again = Connect(CopyIdentity(member->identity));
  EXPECT_TRUE(Call(*again, AuthenticateRequest(*again)).has_error());
  EXPECT_EQ(Call(*leader, GetGroupReq(group)).group_info().members_size(), 1);
  EXPECT_EQ(Call(*leader, SyncGroupReq(group, 0, 0)).group_messages().messages_size(), 0);
}

TEST_F(RelayAccountTest, TheExportHoldsHerAccountDevicesMembershipsMessagesAndRetention) {
  ASSERT_TRUE(Call(*member, SendGroupReq(group, epoch, NewTestId(), "ct-canary")).has_send_ack());
  json::object out = Export(*member);
  EXPECT_EQ(out["format"].as_string(), "weerbaar-export-1");
  EXPECT_EQ(out["server_id"].as_string(), Hex(store_->server_id()));
  EXPECT_EQ(out["account"].at("user_id").as_string(), Hex(member->user_id));
  EXPECT_EQ(out["account"].at("display_name").as_string(), "Mo");
  ASSERT_EQ(out["devices"].as_array().size(), 1u);
  EXPECT_EQ(out["devices"].at(0).at("device_id").as_string(),
            HexEncode(member->identity.device_id()));
  ASSERT_EQ(out["communities"].as_array().size(), 1u);
  EXPECT_EQ(out["communities"].at(0).at("role").as_string(), "ROLE_RESIDENT");
  ASSERT_EQ(out["groups"].as_array().size(), 1u);
  EXPECT_EQ(out["groups"].at(0).at("group_id").as_string(), Hex(group));
  ASSERT_EQ(out["messages"].as_array().size(), 1u);
  EXPECT_EQ(out["messages"].at(0).at("ciphertext").as_string(),
            Base64UrlEncode(AsBytes(std::string("ct-canary"))));
  EXPECT_EQ(out["messages"].at(0).at("data_class").as_string(), "chat-message");
  bool chat_retention = false;
  for (const json::value& r : out["retention"].as_array())
    chat_retention |= r.at("data_class").as_string() == "chat-message";
  EXPECT_TRUE(chat_retention);

  // The export itself is on the record, and the next export shows it to her.
  json::array audit = Export(*member)["audit"].as_array();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().at("action").as_string(), "export");
}

TEST_F(RelayAccountTest, AnExportHoldsNothingOfOtherUsers) {
  ASSERT_TRUE(Call(*leader, SendGroupReq(group, epoch, NewTestId(), "leaders-ct")).has_send_ack());
  json::object out = Export(*member);
  EXPECT_TRUE(out["messages"].as_array().empty());
  EXPECT_EQ(json::serialize(out).find(Hex(leader->user_id)), std::string::npos);
}

TEST_F(RelayAccountTest, AnotherConnectionIsAnsweredWhileAnExportReadsInTheBackground) {
  background_.Hold(4);
  uint64_t rid = Send(*member, ExportAccountReq());
  RunQueued();
  EXPECT_FALSE(member->conn.ReplyTo(rid).has_value());

  EXPECT_TRUE(Call(*leader, GetGroupReq(group)).has_group_info());
  EXPECT_FALSE(member->conn.ReplyTo(rid).has_value());

  EXPECT_EQ(background_.RunHeld(), 1u);
  ASSERT_TRUE(tasks_.RunUntil([&] { return member->conn.ReplyTo(rid).has_value(); }));
  v1::ServerMessage reply = *member->conn.ReplyTo(rid);
  ASSERT_TRUE(reply.has_account_export()) << reply.DebugString();
  EXPECT_EQ(json::parse(reply.account_export().json()).at("account").at("user_id").as_string(),
            Hex(member->user_id));
}

TEST_F(RelayAccountTest, AnExportWhoseConnectionClosedMeanwhileIsDroppedAndNotAudited) {
  auto exports = [&] {
    auto entries = store_->ReadAudit(0, 10000);
    EXPECT_TRUE(entries.ok());
    size_t n = 0;
    for (const storage::AuditEntry& e : *entries) n += e.action == storage::AuditAction::kExport;
    return n;
  };
  background_.Hold(4);
  size_t frames = member->conn.frames.size();
  Send(*member, ExportAccountReq());
  relay_->Closed(member->id);

  EXPECT_EQ(background_.RunHeld(), 1u);
  RunQueued();
  EXPECT_EQ(member->conn.frames.size(), frames);
  EXPECT_EQ(exports(), 0u);
  EXPECT_TRUE(Call(*leader, GetGroupReq(group)).has_group_info());  // the relay goes on
}

TEST_F(RelayAccountTest, AnExportBeyondTheBackgroundQueueIsRateLimitedAtOnce) {
  background_.Hold(1);
  uint64_t first = Send(*member, ExportAccountReq());
  EXPECT_EQ(Call(*leader, ExportAccountReq()).error().code(), v1::RATE_LIMITED);
  EXPECT_EQ(background_.RunHeld(), 1u);
  ASSERT_TRUE(tasks_.RunUntil([&] { return member->conn.ReplyTo(first).has_value(); }));
  EXPECT_TRUE(member->conn.ReplyTo(first)->has_account_export());
}

TEST_F(RelayAccountTest, RefusesAnErasureWithoutConfirmation) {
  v1::ClientMessage req;
  req.mutable_erase_account();
  EXPECT_EQ(Call(*member, req).error().code(), v1::BAD_REQUEST);
  EXPECT_TRUE(Call(*member, GetGroupReq(group)).has_group_info());
}

class RelayExportLimitTest : public RelayTest {};

TEST_F(RelayExportLimitTest, RefusesAnExportLargerThanTheLimit) {
  config_.max_export_bytes = 100;
  MakeRelay();
  auto admin = Join(MintInvite(storage::InviteKind::kAdmin), "Admin");
  EXPECT_EQ(Call(*admin, ExportAccountReq()).error().code(), v1::TOO_LARGE);
}

}  // namespace
}  // namespace weerbaar::server
