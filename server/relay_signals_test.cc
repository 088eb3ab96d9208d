// Partner channels and shares through the relay: channel creation and invites, sharing
// with consent through the privacy filter, status, questions through the reply handle,
// withdrawal with retraction, trends, and that a partner of another channel sees nothing.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>

#include "common/bytes.h"
#include "crypto/channel_seal.h"
#include "crypto/consent.h"
#include "crypto/primitives.h"
#include "server/relay_retention_test_util.h"
#include "server/relay_signals_test_util.h"
#include "weerbaar.pb.h"

namespace weerbaar::server {
namespace {

TEST_F(RelaySignalsTest, OnlyAnAdminCreatesChannelsWithValidPoliciesAndInvitesPartners) {
  EXPECT_EQ(Call(*leader, ChannelReq(v1::CHANNEL_MUNICIPALITY, {"zwerfafval"})).error().code(),
            v1::PERMISSION_DENIED);
  // House rule on save: a category describing a person only on a police channel.
  EXPECT_EQ(Call(*admin, ChannelReq(v1::CHANNEL_MUNICIPALITY, {"verdacht-persoon"})).error().code(),
            v1::BAD_REQUEST);
  EXPECT_EQ(Call(*admin, ChannelReq(v1::CHANNEL_HOUSING, {"no-such-category"})).error().code(),
            v1::BAD_REQUEST);
  EXPECT_EQ(
      Call(*leader, CreateInviteReq(v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, muni)).error().code(),
      v1::PERMISSION_DENIED);
  // The key is set once, by a partner of the channel only.
  EXPECT_EQ(Call(*muni_partner, KeyReq(muni, muni_key.public_key)).error().code(),
            v1::ALREADY_EXISTS);
  EXPECT_EQ(Call(*muni_partner, KeyReq(police, muni_key.public_key)).error().code(),
            v1::PERMISSION_DENIED);
  v1::ClientMessage list;
  list.mutable_list_channels()->set_community_id(community);
  v1::ServerMessage channels = Call(*member, list);
  ASSERT_EQ(channels.channel_list().channels_size(), 2) << channels.DebugString();
  EXPECT_EQ(channels.channel_list().channels(0).public_key().size(), 32u);
  EXPECT_EQ(Call(*outsider, list).error().code(), v1::PERMISSION_DENIED);
}

TEST_F(RelaySignalsTest, AShareReachesOnlyThePartnersOfItsChannel) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  ASSERT_EQ(muni_partner->conn.Pushes(Body::kPushChannelShare).size(), 1u);
  EXPECT_TRUE(police_partner->conn.Pushes(Body::kPushChannelShare).empty());
  v1::ServerMessage synced = Sync(*muni_partner, muni);
  ASSERT_EQ(synced.channel_shares().shares_size(), 1) << synced.DebugString();
  const v1::ChannelShare& card = synced.channel_shares().shares(0);
  EXPECT_EQ(card.share_id(), share);
  EXPECT_EQ(card.card().geohash(), "u173zq");  // cut to the channel's precision
  EXPECT_EQ(card.card().pseudonym().size(), 16u);
  EXPECT_EQ(card.DebugString().find(member->user_id), std::string::npos);
  auto opened = crypto::OpenFromChannel(muni_key, AsBytes(card.sealed_details()), Aad(muni));
  ASSERT_TRUE(opened.ok());
  // A partner of the other channel, and a community partner without a channel, see nothing.
  EXPECT_EQ(Sync(*police_partner, muni).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Sync(*partner, muni).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Status(*police_partner, share, v1::STATUS_IN_PROGRESS).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Sync(*police_partner, police).channel_shares().shares_size(), 0);
  // Partners and outsiders cannot share.
  EXPECT_EQ(Call(*muni_partner, ShareReq(*muni_partner, muni, muni_key.public_key, "zwerfafval",
                                         Consent(*muni_partner, muni)))
                .error()
                .code(),
            v1::PERMISSION_DENIED);
  EXPECT_EQ(Call(*member,
                 ShareReq(*member, muni, muni_key.public_key, "zwerfafval", Consent(*member, muni)))
                .error()
                .code(),
            v1::ALREADY_EXISTS);  // the report was shared with this channel already
}

TEST_F(RelaySignalsTest, ForgedExpiredMisdirectedAndOverreachingConsentsAreRefused) {
  auto code = [&](v1::ClientMessage req) { return Call(*member, std::move(req)).error().code(); };
  // Signed by another device than the one it names.
  crypto::ConsentRecord forged = Consent(*member, muni);
  v1::ClientMessage req = ShareReq(*member, muni, muni_key.public_key, "zwerfafval", forged);
  req.mutable_share_report()->set_consent_signature(
      ToString(crypto::SignConsent(nonmember->identity, Consent(*nonmember, muni)).value()));
  EXPECT_EQ(code(req), v1::UNAUTHENTICATED);
  // Naming another device than the caller's.
  EXPECT_EQ(code(ShareReq(*nonmember, muni, muni_key.public_key, "zwerfafval",
                          Consent(*nonmember, muni))),
            v1::UNAUTHENTICATED);
  crypto::ConsentRecord expired = Consent(*member, muni);
  expired.issued_at_ms -= 8 * static_cast<int64_t>(kDay);
  expired.expires_at_ms = clock_.NowMillis();
  EXPECT_EQ(code(ShareReq(*member, muni, muni_key.public_key, "zwerfafval", expired)),
            v1::BAD_REQUEST);
  EXPECT_EQ(
      code(ShareReq(*member, muni, muni_key.public_key, "zwerfafval", Consent(*member, police))),
      v1::PERMISSION_DENIED);  // a consent for another channel
  crypto::ConsentRecord narrow = Consent(*member, muni);
  narrow.fields = {"category", "details"};  // the card carries location and time
  EXPECT_EQ(code(ShareReq(*member, muni, muni_key.public_key, "zwerfafval", narrow)),
            v1::PERMISSION_DENIED);
  // House rule: a category describing a person goes only to the police.
  EXPECT_EQ(code(ShareReq(*member, muni, muni_key.public_key, "verdacht-persoon",
                          Consent(*member, muni))),
            v1::PERMISSION_DENIED);
  // An extra card field unknown to the filter is refused, not dropped.
  req = ShareReq(*member, muni, muni_key.public_key, "zwerfafval", Consent(*member, muni));
  req.mutable_share_report()
      ->mutable_card()
      ->GetReflection()
      ->MutableUnknownFields(req.mutable_share_report()->mutable_card())
      ->AddLengthDelimited(9, "exact address");
  EXPECT_EQ(code(req), v1::BAD_REQUEST);
  EXPECT_EQ(Sync(*muni_partner, muni).channel_shares().shares_size(), 0);
  Share(*member, police, police_key.public_key, "verdacht-persoon");
}

TEST_F(RelaySignalsTest, StatusFlowsBackToTheReporterWithCheckedTransitions) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  ASSERT_TRUE(Status(*muni_partner, share, v1::STATUS_IN_PROGRESS).has_ok());
  ASSERT_EQ(member->conn.Pushes(Body::kPushShareStatus).size(), 1u);
  v1::ShareStatusChanged pushed =
      member->conn.Decode(member->conn.Pushes(Body::kPushShareStatus)[0]).push_share_status();
  EXPECT_EQ(pushed.report_id(), report_id);
  EXPECT_EQ(pushed.status(), v1::STATUS_IN_PROGRESS);
  EXPECT_TRUE(Status(*muni_partner, share, v1::STATUS_IN_PROGRESS).has_ok());  // a retry
  EXPECT_EQ(member->conn.Pushes(Body::kPushShareStatus).size(), 1u);
  EXPECT_EQ(Status(*muni_partner, share, v1::STATUS_RECEIVED).error().code(), v1::BAD_REQUEST);
  EXPECT_EQ(Status(*member, share, v1::STATUS_RESOLVED).error().code(), v1::NOT_FOUND);
  v1::ClientMessage mine;
  mine.mutable_list_my_shares();
  EXPECT_EQ(Call(*member, mine).my_shares().shares(0).status(), v1::STATUS_IN_PROGRESS);
}

TEST_F(RelaySignalsTest, AQuestionReachesTheReporterThroughTheReplyHandleAndTheAnswerReturns) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  v1::ChannelShare card = Sync(*muni_partner, muni).channel_shares().shares(0);
  v1::SharedDetails details;
  ASSERT_TRUE(details.ParseFromString(ToString(
      crypto::OpenFromChannel(muni_key, AsBytes(card.sealed_details()), Aad(muni)).value())));
  v1::ClientMessage ask;
  ask.mutable_ask_question()->set_share_id(share);
  ask.mutable_ask_question()->set_sealed(
      ToString(crypto::SealToReplyHandle(AsBytes(details.reply_public_key()),
                                         ToBytes("Welke kant van de straat?"), Aad(muni))
                   .value()));
  ASSERT_TRUE(Call(*muni_partner, ask).has_ok());
  EXPECT_EQ(Call(*police_partner, ask).error().code(), v1::NOT_FOUND);
  ASSERT_EQ(member->conn.Pushes(Body::kPushShareThread).size(), 1u);
  v1::ShareThreadEntry question =
      member->conn.Decode(member->conn.Pushes(Body::kPushShareThread)[0]).push_share_thread();
  EXPECT_TRUE(question.from_partner());
  auto text = crypto::OpenWithReplyHandle(reply_key, AsBytes(question.sealed()), Aad(muni));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(ToString(*text), "Welke kant van de straat?");

  v1::ClientMessage answer;
  answer.mutable_answer_question()->set_share_id(share);
  answer.mutable_answer_question()->set_sealed(ToString(
      crypto::SealToChannel(muni_key.public_key, ToBytes("De even kant"), Aad(muni)).value()));
  EXPECT_EQ(Call(*nonmember, answer).error().code(), v1::NOT_FOUND);
  ASSERT_TRUE(Call(*member, answer).has_ok());
  auto pushes = muni_partner->conn.Pushes(Body::kPushShareThread);
  ASSERT_EQ(pushes.size(), 1u);
  v1::ShareThreadEntry back = muni_partner->conn.Decode(pushes[0]).push_share_thread();
  EXPECT_EQ(ToString(crypto::OpenFromChannel(muni_key, AsBytes(back.sealed()), Aad(muni)).value()),
            "De even kant");
  EXPECT_EQ(Sync(*muni_partner, muni).channel_shares().shares(0).thread_size(), 2);
}

TEST_F(RelaySignalsTest, TheReportersExportListsHerSharesWithTheirConsent) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  const v1::ClientMessage req = ExportAccountReq();
  v1::ServerMessage reply = Call(*member, req);
  ASSERT_TRUE(reply.has_account_export()) << reply.DebugString();
  boost::json::object out = boost::json::parse(reply.account_export().json()).as_object();
  const boost::json::array& shares = out.at("shares").as_array();
  ASSERT_EQ(shares.size(), 1u);
  const boost::json::object& s = shares[0].as_object();
  EXPECT_EQ(s.at("share_id").as_string(), HexEncode(AsBytes(share)));
  EXPECT_EQ(s.at("channel_id").as_string(), HexEncode(AsBytes(muni)));
  EXPECT_FALSE(s.at("purpose").as_string().empty());
  EXPECT_GT(s.at("consent_expires_at_ms").as_int64(), 0);
  EXPECT_EQ(s.at("status").as_string(), "STATUS_RECEIVED");
  // Another resident's export holds none of it.
  v1::ServerMessage other = Call(*nonmember, req);
  ASSERT_TRUE(other.has_account_export());
  EXPECT_TRUE(boost::json::parse(other.account_export().json()).at("shares").as_array().empty());
}

TEST_F(RelaySignalsTest, ErasingTheReporterRetractsHerSharesAtTheirPartnersOnly) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  v1::ServerMessage receipt = Call(*member, EraseAccountReq());
  ASSERT_TRUE(receipt.has_erasure_receipt()) << receipt.DebugString();
  EXPECT_EQ(receipt.erasure_receipt().shares(), 1u);
  auto retracted = muni_partner->conn.Pushes(Body::kPushShareRetracted);
  ASSERT_EQ(retracted.size(), 1u);
  const v1::ShareRetracted r = muni_partner->conn.Decode(retracted[0]).push_share_retracted();
  EXPECT_EQ(r.share_id(), share);
  EXPECT_EQ(r.channel_id(), muni);
  EXPECT_TRUE(police_partner->conn.Pushes(Body::kPushShareRetracted).empty());
  EXPECT_EQ(Sync(*muni_partner, muni).channel_shares().shares_size(), 0);
}

TEST_F(RelaySignalsTest, AWithdrawalDeletesTheShareRetractsItAndIsAudited) {
  const std::string share = Share(*member, muni, muni_key.public_key);
  EXPECT_EQ(Call(*nonmember, WithdrawReq(*nonmember, muni)).error().code(), v1::NOT_FOUND);
  v1::ClientMessage forged = WithdrawReq(*member, muni);
  forged.mutable_withdraw_consent()->set_signature(std::string(64, 'x'));
  EXPECT_EQ(Call(*member, forged).error().code(), v1::UNAUTHENTICATED);
  ASSERT_TRUE(Call(*member, WithdrawReq(*member, muni)).has_ok());
  auto retracted = muni_partner->conn.Pushes(Body::kPushShareRetracted);
  ASSERT_EQ(retracted.size(), 1u);
  EXPECT_EQ(muni_partner->conn.Decode(retracted[0]).push_share_retracted().share_id(), share);
  EXPECT_TRUE(police_partner->conn.Pushes(Body::kPushShareRetracted).empty());
  EXPECT_EQ(Sync(*muni_partner, muni).channel_shares().shares_size(), 0);
  EXPECT_EQ(Status(*muni_partner, share, v1::STATUS_RESOLVED).error().code(), v1::NOT_FOUND);
  EXPECT_EQ(Call(*member, WithdrawReq(*member, muni)).error().code(), v1::ALREADY_EXISTS);
  auto audit = store_->ReadAudit(0, 1000);
  ASSERT_TRUE(audit.ok());
  int withdrawals = 0;
  for (const auto& e : *audit) withdrawals += e.action == storage::AuditAction::kWithdrawal;
  EXPECT_EQ(withdrawals, 1);
}

TEST_F(RelaySignalsTest, APartnerDeviceThatMissedARetractionLearnsItOnItsNextSync) {
  const std::string withdrawn = Share(*member, muni, muni_key.public_key);
  crypto::ConsentRecord second = Consent(*member, muni);
  second.report_id = ToBytes(NewTestId());
  v1::ServerMessage kept =
      Call(*member, ShareReq(*member, muni, muni_key.public_key, "zwerfafval", std::move(second)));
  ASSERT_TRUE(kept.has_share_accepted()) << kept.DebugString();
  ASSERT_TRUE(Call(*member, WithdrawReq(*member, muni)).has_ok());
  const std::string unknown = NewTestId();
  v1::ClientMessage req;
  req.mutable_sync_channel()->set_channel_id(muni);
  for (const std::string& held : {withdrawn, kept.share_accepted().share_id(), unknown})
    req.mutable_sync_channel()->add_held_share_ids(held);
  v1::ServerMessage synced = Call(*muni_partner, req);
  ASSERT_TRUE(synced.has_channel_shares()) << synced.DebugString();
  const auto& gone = synced.channel_shares().gone_share_ids();
  EXPECT_EQ(std::vector<std::string>(gone.begin(), gone.end()),
            (std::vector<std::string>{withdrawn, unknown}));
  // Another channel's live share is gone from this channel's point of view as well.
  req.mutable_sync_channel()->set_channel_id(police);
  synced = Call(*police_partner, req);
  EXPECT_EQ(synced.channel_shares().gone_share_ids_size(), 3);
}

TEST_F(RelaySignalsTest, TrendsAreKAnonymousAndOnlyForPartnersLeadersAndAdmins) {
  Share(*member, muni, muni_key.public_key);
  v1::ClientMessage trends;
  trends.mutable_get_trends()->set_channel_id(muni);
  trends.mutable_get_trends()->set_to_ms(static_cast<uint64_t>(clock_.NowMillis() + kDay));
  v1::ServerMessage reply = Call(*muni_partner, trends);
  ASSERT_TRUE(reply.has_trend_cells()) << reply.DebugString();
  EXPECT_EQ(reply.trend_cells().cells_size(), 0);  // one reporter is fewer than k = 5
  EXPECT_EQ(reply.trend_cells().suppressed_reports(), 1u);
  EXPECT_TRUE(Call(*leader, trends).has_trend_cells());
  EXPECT_EQ(Call(*member, trends).error().code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Call(*police_partner, trends).error().code(), v1::PERMISSION_DENIED);
}

TEST_F(RelaySignalsTest, PartnersOfAChannelListItsPartnersDevicesToShareTheKeyWith) {
  auto second = Join(Invite(*admin, v1::INVITE_CHANNEL, v1::ROLE_UNSPECIFIED, muni), "Gem 2");
  v1::ClientMessage req;
  req.mutable_list_channel_partners()->set_channel_id(muni);
  v1::ServerMessage reply = Call(*muni_partner, req);
  ASSERT_TRUE(reply.has_channel_partners()) << reply.DebugString();
  std::set<std::string> devices;
  for (const v1::Member& m : reply.channel_partners().partners())
    for (const v1::DeviceInfo& d : m.devices()) {
      devices.insert(d.device_id());
      EXPECT_EQ(d.keys().agreement_key().size(), 32u);
    }
  EXPECT_EQ(devices, (std::set<std::string>{ToString(muni_partner->identity.device_id()),
                                            ToString(second->identity.device_id())}));
  // Only partners of the channel: not the other channel's, not residents, not the admin.
  for (TestClient* outsider : {police_partner.get(), member.get(), admin.get()})
    EXPECT_EQ(Call(*outsider, req).error().code(), v1::PERMISSION_DENIED);
}

}  // namespace
}  // namespace weerbaar::server
