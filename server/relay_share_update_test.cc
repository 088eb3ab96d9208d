// A partner's update for the report's group through the relay: any partner of the share's
// channel may post one (questions allowed or not), nobody else; it is bounded, kept in the
// thread, pushed to the reporter, and sealed under its own aad so the server cannot present
// an update as a question or a question as an update.
#include "common/bytes.h"
#include "crypto/channel_seal.h"
#include "protocol/codec.h"
#include "server/relay_signals_test_util.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {
namespace {

class RelayShareUpdateTest : public RelaySignalsTest {
 protected:
  Bytes UpdateAad(const std::string& channel) {
    return crypto::ShareUpdateAad(ToBytes(report_id), ToBytes(channel)).value();
  }
  std::string SealForReporter(const std::string& text, const Bytes& aad) {
    return ToString(crypto::SealToReplyHandle(reply_key.public_key, ToBytes(text), aad).value());
  }
  static v1::ClientMessage UpdateReq(const std::string& share, const std::string& sealed) {
    v1::ClientMessage req;
    req.mutable_post_share_update()->set_share_id(share);
    req.mutable_post_share_update()->set_sealed(sealed);
    return req;
  }
  static v1::ClientMessage AskReq(const std::string& share, const std::string& sealed) {
    v1::ClientMessage req;
    req.mutable_ask_question()->set_share_id(share);
    req.mutable_ask_question()->set_sealed(sealed);
    return req;
  }
  std::vector<v1::ShareThreadEntry> ReporterPushes() {
    std::vector<v1::ShareThreadEntry> out;
    for (const auto& frame : member->conn.Pushes(Body::kPushShareThread))
      out.push_back(member->conn.Decode(frame).push_share_thread());
    return out;
  }
};

TEST_F(RelayShareUpdateTest, AnUpdateFromThePartnerReachesTheReporterAndStaysInTheThread) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  const std::string sealed = SealForReporter("De container wordt morgen geleegd", UpdateAad(muni));
  ASSERT_TRUE(Call(*muni_partner, UpdateReq(share, sealed)).has_ok());
  std::vector<v1::ShareThreadEntry> pushed = ReporterPushes();
  ASSERT_EQ(pushed.size(), 1u);
  EXPECT_TRUE(pushed[0].from_partner());
  EXPECT_TRUE(pushed[0].is_update());
  EXPECT_EQ(pushed[0].report_id(), report_id);
  auto text = crypto::OpenWithReplyHandle(reply_key, AsBytes(pushed[0].sealed()), UpdateAad(muni));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(ToString(*text), "De container wordt morgen geleegd");
  v1::ClientMessage mine;
  mine.mutable_list_my_shares();
  const v1::MyShare listed = Call(*member, mine).my_shares().shares(0);
  ASSERT_EQ(listed.thread_size(), 1);
  EXPECT_TRUE(listed.thread(0).is_update());
  EXPECT_TRUE(Sync(*muni_partner, muni).channel_shares().shares(0).thread(0).is_update());
}

TEST_F(RelayShareUpdateTest, OnlyAPartnerOfTheSharesChannelMayPostAnUpdateWhileItIsShared) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  const v1::ClientMessage req = UpdateReq(share, SealForReporter("Opgelost", UpdateAad(muni)));
  EXPECT_EQ(Call(*police_partner, req).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Call(*member, req).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Call(*nonmember, req).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Call(*admin, req).error().code(), v1::NOT_FOUND);
  EXPECT_TRUE(ReporterPushes().empty());
  ASSERT_TRUE(Call(*member, WithdrawReq(*member, muni)).has_ok());
  EXPECT_EQ(Call(*muni_partner, req).error().code(), v1::NOT_FOUND);
  EXPECT_TRUE(ReporterPushes().empty());
}

TEST_F(RelayShareUpdateTest, AChannelThatTakesNoQuestionsStillPostsUpdates) {
  v1::ClientMessage create = ChannelReq(v1::CHANNEL_MUNICIPALITY, {"zwerfafval"});
  create.mutable_create_channel()->mutable_policy()->set_may_ask_questions(false);
  const std::string quiet = Call(*admin, create).channel_created().channel_id();
  auto partner = Join(Invite(*admin, v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, quiet), "Wijk");
  crypto::X25519KeyPair key = crypto::X25519KeyPair::Generate();
  ASSERT_TRUE(Call(*partner, KeyReq(quiet, key.public_key)).has_ok());
  const std::string share = Share(*member, quiet, key.public_key);
  EXPECT_EQ(Call(*partner, AskReq(share, SealForReporter("Waar?", Aad(quiet)))).error().code(),
            v1::PERMISSION_DENIED);
  EXPECT_TRUE(
      Call(*partner, UpdateReq(share, SealForReporter("Gepland", UpdateAad(quiet)))).has_ok());
}

TEST_F(RelayShareUpdateTest, AnUpdateLargerThanTheLimitIsRefusedAsBadInput) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  const size_t limit = protocol::Limits{}.max_share_update_bytes;
  EXPECT_EQ(Call(*muni_partner, UpdateReq(share, std::string(limit + 1, 'x'))).error().code(),
            v1::BAD_REQUEST);
  EXPECT_EQ(Call(*muni_partner, UpdateReq(share, "")).error().code(), v1::BAD_REQUEST);
  EXPECT_TRUE(Call(*muni_partner, UpdateReq(share, std::string(limit, 'x'))).has_ok());
}

// The server can move sealed bytes between the two messages; the reporter's aad for the
// kind it was told does not open them.
TEST_F(RelayShareUpdateTest, AnUpdateReplayedAsAQuestionOrAQuestionAsAnUpdateDoesNotOpen) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  const std::string update = SealForReporter("Wij komen kijken", UpdateAad(muni));
  const std::string question = SealForReporter("Wie heeft het gezien?", Aad(muni));
  ASSERT_TRUE(Call(*muni_partner, AskReq(share, update)).has_ok());
  ASSERT_TRUE(Call(*muni_partner, UpdateReq(share, question)).has_ok());
  std::vector<v1::ShareThreadEntry> pushed = ReporterPushes();
  ASSERT_EQ(pushed.size(), 2u);
  for (const v1::ShareThreadEntry& e : pushed) {
    const Bytes aad = e.is_update() ? UpdateAad(muni) : Aad(muni);
    EXPECT_EQ(crypto::OpenWithReplyHandle(reply_key, AsBytes(e.sealed()), aad).status().code(),
              Code::kDataLoss);
  }
}

}  // namespace
}  // namespace weerbaar::server
