#include "tests/signals_env.h"

namespace weerbaar::testing {
namespace {

constexpr client::Timeout kPushWait{10'000};

template <typename T>
T Must(Result<T> r, const char* what) {
  EXPECT_TRUE(r.ok()) << what << ": " << r.status().ToString();
  if (!r.ok()) throw std::runtime_error(what);  // ends the test (SetUp only)
  return std::move(*r);
}

}  // namespace

void SignalsEnv::SetUp() {
  // k = 2 (the least the server allows) so that two residents make a trend cell.
  ASSERT_TRUE(WriteTextFile(tmp_.Sub("server.toml"), "trend_k = 2\n"));
  server_ = std::make_unique<ServerProcess>(
      tmp_.Sub("data"), std::vector<std::string>{"--config", tmp_.Sub("server.toml")});
  ASSERT_TRUE(server_->Start()) << server_->log();
  admin_ = Join("admin", server_->admin_invite());
  community_ = Must(admin_->CreateCommunity("Oosterpark"), "community");
  v1::CreateInvite leader;
  leader.set_kind(v1::INVITE_COMMUNITY);
  leader.set_role(v1::ROLE_LEADER);
  leader.set_community_id(ToString(community_));
  leader_ = Join("leader", Invite(*admin_, leader));
  group_ = ToBytes(Must(leader_->CreateGroup(community_, "Dapperbuurt"), "group").group_id());
  v1::CreateInvite resident;
  resident.set_kind(v1::INVITE_GROUP);
  resident.set_group_id(ToString(group_));
  anna_ = Join("anna", Invite(*leader_, resident));
  bram_ = Join("bram", Invite(*leader_, resident));
  municipality_ = MakeChannel("Gemeente", v1::CHANNEL_MUNICIPALITY,
                              {"zwerfafval", "straatverlichting", "overlast"}, 6);
  police_ = MakeChannel("Wijkagent", v1::CHANNEL_POLICE, {"verdacht-persoon", "inbraak"}, 5);
  v1::CreateInvite partner;
  partner.set_kind(v1::INVITE_CHANNEL);
  partner.set_channel_id(ToString(municipality_));
  gemeente_ = Join("gemeente", Invite(*admin_, partner));
  partner.set_channel_id(ToString(police_));
  politie_ = Join("politie", Invite(*admin_, partner));
  // First use of each channel makes its key on the partner's device.
  ASSERT_TRUE(gemeente_->SyncChannel(municipality_).ok());
  ASSERT_TRUE(politie_->SyncChannel(police_).ok());
}

void SignalsEnv::TearDown() {
  if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log();
}

std::unique_ptr<client::Client> SignalsEnv::Join(const std::string& who,
                                                 const std::string& invite) {
  auto profile = Must(client::Profile::Open(tmp_.Sub(who)), "profile");
  auto c = std::make_unique<client::Client>(Must(client::Client::Open(std::move(profile)), "open"));
  Status st = c->Join(server_->url(), invite, who);
  EXPECT_TRUE(st.ok()) << who << ": " << st.ToString();
  return c;
}

std::string SignalsEnv::Invite(client::Client& issuer, v1::CreateInvite invite) {
  return Must(issuer.CreateInvite(invite), "invite").token();
}

Bytes SignalsEnv::MakeChannel(const std::string& name, v1::ChannelType type,
                              std::vector<std::string> categories, uint32_t precision) {
  v1::CreateChannel create;
  create.set_community_id(ToString(community_));
  create.set_name(name);
  v1::ChannelPolicy* p = create.mutable_policy();
  p->set_type(type);
  for (const std::string& c : categories) p->add_accepted_categories(c);
  p->set_location_precision(precision);
  p->set_time_bucket(v1::BUCKET_DAY);
  p->set_may_ask_questions(true);
  p->add_names_to_scrub("Jan de Vries");
  return Must(admin_->CreateChannel(create), "channel");
}

void SignalsEnv::ExpectPush(client::Client& who, v1::ServerMessage::BodyCase expected) {
  // Other pushes (the group's own messages, new cards) are handled on the way.
  for (;;) {
    auto got = who.HandleOnePush(kPushWait);
    ASSERT_TRUE(got.ok()) << "waiting for push " << expected << ": " << got.status().ToString();
    if (*got == expected) return;
  }
}

void SignalsEnv::FileAndShare() {
  auto report = anna_->FileReport(group_, Litter());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  report_ = ToBytes(report->report_id());
  auto share = anna_->ShareReport(report_, municipality_, {});
  ASSERT_TRUE(share.ok()) << share.status().ToString();
  share_ = *share;
}

std::vector<client::PartnerCard> SignalsEnv::Cards(client::Client& partner, const Bytes& channel) {
  auto synced = partner.SyncChannel(channel, true);
  EXPECT_TRUE(synced.ok()) << synced.status().ToString();
  auto cards = partner.PartnerCards(channel);
  EXPECT_TRUE(cards.ok()) << cards.status().ToString();
  return cards.ok() ? *cards : std::vector<client::PartnerCard>{};
}

}  // namespace weerbaar::testing
